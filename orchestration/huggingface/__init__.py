"""Dagster assets that ingest the Hugging Face Hub into raw tables."""

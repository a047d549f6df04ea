"""Dagster orchestration of the warehouse: raw source tables, dbt layers, publication and the report."""

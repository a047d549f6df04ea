"""Dagster assets for the dbt project: staging, intermediate and mart layers."""

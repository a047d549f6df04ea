"""Assembling the code location: assets, checks, resources, the refresh job and its schedule."""

from __future__ import annotations

import dagster as dg

from orchestration.huggingface.derivatives import hf_derivatives
from orchestration.huggingface.snapshots import hf_model_snapshots
from orchestration.jobs import daily_refresh_schedule, refresh_job
from orchestration.publication.assets import build_published_marts
from orchestration.report.assets import adoption_report
from orchestration.resources import DbtCli, HubSource, WarehouseResource
from orchestration.transform.assets import build_dbt_assets
from orchestration.transform.project import dbt_project


def build_definitions(*, warehouse_home: str = "", hub_endpoint: str = "") -> dg.Definitions:
    """All definitions, with the warehouse folder and Hub endpoint overridable (tests, the CLI)."""
    dbt_models = build_dbt_assets()
    mart_keys = [key for assets_def in dbt_models for key in assets_def.keys if key.path[0] == "marts"]
    return dg.Definitions(
        assets=[hf_model_snapshots, hf_derivatives, *dbt_models, build_published_marts(mart_keys), adoption_report],
        jobs=[refresh_job],
        schedules=[daily_refresh_schedule],
        resources={
            "warehouse": WarehouseResource(home=warehouse_home),
            "hub": HubSource(endpoint=hub_endpoint),
            "dbt": DbtCli(project_dir=dbt_project()),
        },
        executor=dg.in_process_executor,
    )

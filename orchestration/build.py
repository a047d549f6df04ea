"""Assembling the code location: assets, checks, resources, the refresh job and its schedule."""

from __future__ import annotations

import dagster as dg

from orchestration.huggingface.derivatives import hf_derivatives
from orchestration.huggingface.snapshots import hf_model_snapshots
from orchestration.jobs import daily_refresh_schedule, refresh_job
from orchestration.openrouter.assets import openrouter_models, openrouter_rankings_daily
from orchestration.publication.assets import build_published_marts
from orchestration.report.assets import adoption_report
from orchestration.resources import DbtCli, HubSource, OpenRouterSource, WarehouseResource
from orchestration.transform.assets import build_dbt_assets
from orchestration.transform.project import dbt_project


def build_definitions(*, warehouse_home: str = "", hub_endpoint: str = "", openrouter_url: str = "") -> dg.Definitions:
    """All definitions, with the warehouse folder and the sources' addresses overridable (tests, the CLI)."""
    dbt_models = build_dbt_assets()
    mart_keys = [key for assets_def in dbt_models for key in assets_def.keys if key.path[0] == "marts"]
    return dg.Definitions(
        assets=[
            hf_model_snapshots,
            hf_derivatives,
            openrouter_models,
            openrouter_rankings_daily,
            *dbt_models, build_published_marts(mart_keys),
            adoption_report,
        ],
        jobs=[refresh_job],
        schedules=[daily_refresh_schedule],
        resources={
            "warehouse": WarehouseResource(home=warehouse_home),
            "hub": HubSource(endpoint=hub_endpoint),
            "openrouter": OpenRouterSource(base_url=openrouter_url),
            "dbt": DbtCli(project_dir=dbt_project()),
        },
        executor=dg.in_process_executor,
    )

"""Assembling the code location: assets, checks, resources, the refresh job and its schedule."""

from __future__ import annotations

import dagster as dg

from orchestration.huggingface.derivatives import hf_derivatives
from orchestration.huggingface.snapshots import hf_model_snapshots
from orchestration.jobs import daily_refresh_schedule, refresh_job
from orchestration.openrouter.assets import openrouter_models, openrouter_rankings_daily
from orchestration.publication.assets import build_published_marts
from orchestration.report.assets import adoption_report
from orchestration.performance.assets import artificial_analysis_models, epoch_models, lmarena_leaderboard
from orchestration.resources import (
    ArtificialAnalysisSource,
    DbtCli,
    EpochSource,
    HubSource,
    OpenRouterSource,
    WarehouseResource,
)
from orchestration.transform.assets import build_dbt_assets
from orchestration.transform.project import dbt_project


def build_definitions(
    *,
    warehouse_home: str = "",
    hub_endpoint: str = "",
    openrouter_url: str = "",
    epoch_url: str = "",
    artificial_analysis_url: str = "",
) -> dg.Definitions:
    """All definitions, with the warehouse folder and the sources' addresses overridable (tests, the CLI)."""
    dbt_models = build_dbt_assets()
    mart_keys = [key for assets_def in dbt_models for key in assets_def.keys if key.path[0] == "marts"]
    return dg.Definitions(
        assets=[
            hf_model_snapshots,
            hf_derivatives,
            openrouter_models,
            openrouter_rankings_daily,
            lmarena_leaderboard,
            artificial_analysis_models,
            epoch_models,
            *dbt_models, build_published_marts(mart_keys),
            adoption_report,
        ],
        jobs=[refresh_job],
        schedules=[daily_refresh_schedule],
        resources={
            "warehouse": WarehouseResource(home=warehouse_home),
            "hub": HubSource(endpoint=hub_endpoint),
            "openrouter": OpenRouterSource(base_url=openrouter_url),
            "artificial_analysis": ArtificialAnalysisSource(base_url=artificial_analysis_url),
            "epoch": EpochSource(url=epoch_url),
            "dbt": DbtCli(project_dir=dbt_project()),
        },
        executor=dg.in_process_executor,
    )

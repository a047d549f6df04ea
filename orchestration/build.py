"""Assembling the code location: assets, checks, resources, the ingest and build jobs, their schedule and sensors."""

from __future__ import annotations

import dagster as dg

from orchestration.huggingface.derivatives import hf_derivatives
from orchestration.huggingface.snapshots import hf_model_snapshots
from orchestration.freshness import source_freshness_checks
from orchestration.jobs import daily_refresh_schedule, refresh_jobs, refresh_sensors, republish_sensor
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
from orchestration.source_reads import READS_SPEC
from orchestration.settings import OWNERS
from orchestration.transform.assets import build_dbt_assets
from orchestration.transform.project import DBT_EXECUTABLE, dbt_project


def owned(spec: dg.AssetSpec) -> dg.AssetSpec:
    """The asset with the warehouse's owners."""
    return spec.replace_attributes(owners=OWNERS)


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
    freshness = source_freshness_checks()
    ingest, build = refresh_jobs(freshness)
    mart_keys = [key for assets_def in dbt_models for key in assets_def.keys if key.path[0] == "marts"]
    return dg.Definitions(
        # Each Python asset links to the file and line that define it (dbt models link to their SQL files), and
        # every asset names its owner.
        assets=dg.map_asset_specs(owned, dg.with_source_code_references([
            hf_model_snapshots,
            hf_derivatives,
            openrouter_models,
            openrouter_rankings_daily,
            lmarena_leaderboard,
            artificial_analysis_models,
            epoch_models,
            READS_SPEC,
            *dbt_models, build_published_marts(mart_keys),
            adoption_report,
        ])),
        asset_checks=freshness,
        jobs=[ingest, build],
        schedules=[daily_refresh_schedule(ingest)],
        sensors=[
            *refresh_sensors(ingest, build),
            republish_sensor(),
            dg.build_sensor_for_freshness_checks(freshness_checks=freshness),
        ],
        resources={
            "warehouse": WarehouseResource(home=warehouse_home),
            "hub": HubSource(endpoint=hub_endpoint),
            "openrouter": OpenRouterSource(base_url=openrouter_url),
            "artificial_analysis": ArtificialAnalysisSource(base_url=artificial_analysis_url),
            "epoch": EpochSource(url=epoch_url),
            "dbt": DbtCli(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE),
        },
        executor=dg.in_process_executor,
    )

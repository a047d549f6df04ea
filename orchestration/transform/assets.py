"""The dbt models as Dagster assets: reference layers, the day-partitioned snapshot table, and the marts.

Only the day-grained incremental model is partitioned by day: every partitioned asset costs Dagster an event per
day of a backfill, and the reference tables and roll-ups are rebuilt whole anyway.
"""

import json
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.partitions import daily_partitions
from orchestration.resources import WarehouseResource
from orchestration.transform.project import dbt_project, translator
from orchestration.transform.window import dbt_vars_for_run_tags, dbt_vars_for_window

REFERENCE_SELECT = "resource_type:seed path:models/staging path:models/intermediate"
# The one model Dagster partitions by day; the other incremental models follow the run's window.
DAILY_SELECT = "tag:partitioned_by_day"
ROLLUP_SELECT = "path:models/marts"


class DbtBuildConfig(dg.Config):
    """Launch options of each dbt step."""

    full_refresh: bool = False


def run_dbt(args: list[str], context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """Stream a dbt command's events, with dbt's profile pointed at the warehouse resource's file."""
    with warehouse.writing() as paths:
        # dagster-dbt hands dbt this process's environment; the profile reads the path from it.
        os.environ["ATOM_WAREHOUSE_PATH"] = str(paths.warehouse)
        yield from dbt.cli(args, context=context).stream()


def build_args(window: dict[str, str], config: DbtBuildConfig) -> list[str]:
    """dbt build, windowed to the run's days when it has any, from scratch when asked."""
    args = ["build", "--vars", json.dumps(window)] if window else ["build"]
    return [*args, "--full-refresh"] if config.full_refresh else args


def build_dbt_assets() -> list[dg.AssetsDefinition]:
    """The three @dbt_assets definitions, in the order they run."""
    project = dbt_project()
    common = {"manifest": project.manifest_path, "project": project, "dagster_dbt_translator": translator()}

    @dbt_assets(select=REFERENCE_SELECT, exclude=DAILY_SELECT, name="atom_dbt_reference", **common)
    def atom_dbt_reference(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
    ):
        """Seeds, staging views and the intermediate tables, recomputing what the run's days change."""
        yield from run_dbt(build_args(dbt_vars_for_run_tags(context.run.tags), config), context, dbt, warehouse)

    @dbt_assets(
        select=DAILY_SELECT,
        name="atom_dbt_daily",
        partitions_def=daily_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        **common,
    )
    def atom_dbt_daily(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        config: DbtBuildConfig,
    ):
        """The day-grained incremental table, rewritten for the run's partition window only."""
        window = context.partition_time_window
        yield from run_dbt(build_args(dbt_vars_for_window(window.start, window.end), config), context, dbt, warehouse)

    @dbt_assets(select=ROLLUP_SELECT, exclude=DAILY_SELECT, name="atom_dbt_rollups", **common)
    def atom_dbt_rollups(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
    ):
        """The marts, recomputing what the run's days change."""
        yield from run_dbt(build_args(dbt_vars_for_run_tags(context.run.tags), config), context, dbt, warehouse)

    return [atom_dbt_reference, atom_dbt_daily, atom_dbt_rollups]

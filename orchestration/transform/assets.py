"""The dbt models as one partitioned Dagster asset group, built as a single run per partition window."""


import json
import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.partitions import daily_partitions
from orchestration.resources import WarehouseResource
from orchestration.transform.project import dbt_project, translator
from orchestration.transform.window import dbt_vars_for_window


class DbtBuildConfig(dg.Config):
    """Launch options for the dbt build."""

    full_refresh: bool = False


def build_dbt_assets() -> dg.AssetsDefinition:
    """The @dbt_assets definition over every seed and model of the project."""
    project = dbt_project()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=translator(),
        partitions_def=daily_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        name="atom_dbt_models",
    )
    def atom_dbt_models(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        config: DbtBuildConfig,
    ):
        """Build seeds, staging, intermediate and marts for the run's partition window, tests included."""
        os.environ["ATOM_WAREHOUSE_PATH"] = str(warehouse.paths().warehouse)
        window = context.partition_time_window
        args = ["build", "--vars", json.dumps(dbt_vars_for_window(window.start, window.end))]
        if config.full_refresh:
            args.append("--full-refresh")
        yield from dbt.cli(args, context=context).stream()

    return atom_dbt_models

"""The dbt models as one Dagster asset step: seeds, staging, intermediate and marts, built by one `dbt build`.

One invocation, not one per layer: each costs several seconds of dbt start-up, which would dominate a daily
refresh. The step is not partitioned; it takes the run's days from the run's partition tags, so the incremental
models recompute only what those days change.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.resources import WarehouseResource
from orchestration.transform.project import dbt_project, project_fingerprint, translator
from orchestration.transform.reference import recorded_fingerprint, record_fingerprint
from orchestration.transform.window import WINDOW_END, WINDOW_START, window_env_for_run_tags


# dbt's artifacts of this many builds are kept beside the warehouse, to read when a build went wrong; older ones
# are removed (each is several MB, and a daily schedule would otherwise pile up gigabytes a year).
KEPT_DBT_RUNS = 10


def keep_latest_runs(folder: Path, kept: int) -> None:
    """Remove all but the `kept` most recently modified run folders in `folder`."""
    if not folder.is_dir():
        return
    runs = sorted((path for path in folder.iterdir() if path.is_dir()), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in runs[kept:]:
        shutil.rmtree(old, ignore_errors=True)


class DbtBuildConfig(dg.Config):
    """Launch options of the dbt step."""

    full_refresh: bool = False


def build_args(*, full_refresh: bool, project_current: bool) -> list[str]:
    """dbt build: from scratch when asked or when the project changed since the warehouse was built.

    Seeds and staging views are built by every run although they change only with the project: leaving them out
    saved under a second of a refresh, and left them and their checks shown as never built in the UI.
    """
    # dbt's unit tests check the SQL rules on hand-made rows; they belong to the project's tests, not to a refresh.
    build = ["build", "--exclude-resource-type", "unit_test"]
    if full_refresh or not project_current:
        # A changed incremental model must not append to a table its old version built (a new column would be
        # refused, a changed rule would leave old and new rows side by side).
        return [*build, "--full-refresh"]
    return build


def build_dbt_assets() -> list[dg.AssetsDefinition]:
    """The @dbt_assets definition of the whole dbt project."""
    project = dbt_project()

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator(), name="atom_dbt")
    def atom_dbt(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
    ) -> Iterator:
        """Build the dbt project, recomputing only what the run's days change unless a full refresh is asked."""
        window = window_env_for_run_tags(context.run.tags)
        fingerprint = project_fingerprint(project.project_dir)
        with warehouse.writing() as paths:
            project_current = recorded_fingerprint(paths.warehouse) == fingerprint
            args = build_args(full_refresh=config.full_refresh, project_current=project_current)
            if window:
                first, end = window[WINDOW_START], window[WINDOW_END]
                context.log.info(f"incremental models recompute what the days from {first} to before {end} change")
            # dagster-dbt hands dbt this process's environment: the profile reads the warehouse path from it,
            # the incremental models their window.
            os.environ["ATOM_WAREHOUSE_PATH"] = str(paths.warehouse)
            for name in (WINDOW_START, WINDOW_END):
                os.environ.pop(name, None)
            os.environ.update(window)
            target = paths.dbt_runs / context.run_id
            try:
                yield from dbt.cli(args, context=context, target_path=target).stream()
            finally:
                for name in window:
                    os.environ.pop(name, None)
                keep_latest_runs(paths.dbt_runs, KEPT_DBT_RUNS)
            if not project_current and context.selected_asset_keys == context.assets_def.keys:
                record_fingerprint(paths.warehouse, fingerprint)

    return [atom_dbt]

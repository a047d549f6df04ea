"""The dbt models as one Dagster asset step: seeds, staging, intermediate and marts, built by one `dbt build`.

One invocation, not one per layer: each costs several seconds of dbt start-up, which would dominate a daily
refresh (a build after the project changed adds a second, for what the change rebuilds from scratch). The step is
not partitioned; it takes the run's days from the run's partition tags, so the incremental models recompute only
what those days change.
"""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.resources import WarehouseResource
from orchestration.transform.project import dbt_project, translator
from orchestration.transform.state import (
    BUILT_TYPES,
    BuildPlan,
    built_node_names,
    incremental_only,
    listed_names,
    plan_for_changes,
    record_reference,
    reference_manifest,
    state_folder,
    whole_rebuild,
)
from orchestration.transform.window import WINDOW_END, WINDOW_START, dbt_environment, window_env_for_run_tags


# dbt's artifacts of this many builds are kept beside the warehouse, to read when a build went wrong; older ones
# are removed (each is several MB, and a daily schedule would otherwise pile up gigabytes a year).
KEPT_DBT_RUNS = 10
PARTIAL_PARSE = "partial_parse.msgpack"


def keep_latest_runs(folder: Path, kept: int) -> None:
    """Remove all but the `kept` most recently modified run folders in `folder`."""
    if not folder.is_dir():
        return
    runs = sorted((path for path in folder.iterdir() if path.is_dir()), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in runs[kept:]:
        shutil.rmtree(old, ignore_errors=True)


def resume_partial_parse(runs: Path, target: Path) -> None:
    """Give the run's dbt target folder the parse state of this warehouse's newest earlier build, when there is one.

    dbt parses only the changed files when the saved state's profile is the build's, and parses the whole project
    (several seconds) otherwise. The project's own state, which dagster-dbt would copy instead, was parsed without
    this warehouse's path in the profile; an earlier build of the same warehouse was parsed with it. A state dbt
    cannot read, or one from another dbt version, only makes it parse everything, as it would have anyway.
    """
    earlier = [path for path in runs.glob(f"*/{PARTIAL_PARSE}") if path.parent != target]
    if not earlier:
        return
    newest = max(earlier, key=lambda path: path.stat().st_mtime)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(newest, target / PARTIAL_PARSE)


class DbtBuildConfig(dg.Config):
    """Launch options of the dbt step."""

    full_refresh: bool = False


# dbt's unit tests check the SQL rules on hand-made rows; they belong to the project's tests, not to a refresh.
BUILD = ["build", "--exclude-resource-type", "unit_test"]


def plan_build(
    dbt: DbtCliResource, manifest_path: Path, reference: str | None, *, full_refresh: bool, target: Path, runs: Path
) -> BuildPlan:
    """What this build refreshes and what it rebuilds from scratch: everything when asked or when the warehouse holds
    no reference manifest, else what dbt's state comparison finds changed since the reference, with its dependants.

    A changed incremental model must not append to a table its old version built (a new column would be refused, a
    changed rule would leave old and new rows side by side). Seeds and staging views are built by every run,
    although they change only with the project: leaving them out left them shown as never built in the UI.
    """
    current = manifest_path.read_text()
    names = built_node_names(json.loads(current))
    if full_refresh or reference is None:
        return whole_rebuild(names)
    if reference == current:
        return incremental_only()
    resume_partial_parse(runs, target)
    with state_folder(reference) as folder:
        types = [arg for kind in BUILT_TYPES for arg in ("--resource-type", kind)]
        listing = dbt.cli(
            ["ls", "--select", "state:modified+", "--state", str(folder), *types, "--output", "name"],
            manifest=manifest_path,
            target_path=target,
        )
        changed = listed_names(event.raw_event for event in listing.stream_raw_events())
    return plan_for_changes(names, changed)


def build_dbt_assets() -> list[dg.AssetsDefinition]:
    """The @dbt_assets definition of the whole dbt project."""
    project = dbt_project()

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator(), name="atom_dbt")
    def atom_dbt(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
    ) -> Iterator:
        """Build the dbt project, recomputing only what the run's days change unless a full refresh is asked."""
        window = window_env_for_run_tags(context.run.tags)
        with warehouse.writing() as paths, dbt_environment(paths.warehouse, window):
            target = paths.dbt_runs / context.run_id
            reference = reference_manifest(paths.warehouse)
            plan = plan_build(
                dbt, project.manifest_path, reference, full_refresh=config.full_refresh, target=target / "state",
                runs=paths.dbt_runs,
            )
            if plan.incremental is not None and window:
                first, end = window[WINDOW_START], window[WINDOW_END]
                context.log.info(f"incremental models recompute what the days from {first} to before {end} change")
            if plan.rebuilt and plan.incremental is not None:
                context.log.info(
                    f"the project changed since the warehouse was built: {len(plan.rebuilt)} node(s) and their "
                    f"dependants are rebuilt from scratch: {', '.join(sorted(plan.rebuilt))}"
                )
            try:
                # A second build of the run keeps its artifacts in a folder of its own inside the first's.
                for number, extra in enumerate(plan.builds):
                    folder = target / "from_scratch" if number else target
                    resume_partial_parse(paths.dbt_runs, folder)
                    yield from dbt.cli([*BUILD, *extra], context=context, target_path=folder).stream()
            finally:
                keep_latest_runs(paths.dbt_runs, KEPT_DBT_RUNS)
            current = project.manifest_path.read_text()
            if context.selected_asset_keys == context.assets_def.keys and current != reference:
                record_reference(paths.warehouse, current)

    return [atom_dbt]

"""The code location's shape: what a user sees in the Dagster UI."""

from pathlib import Path

import dagster as dg
import pytest

from orchestration.build import build_definitions
from orchestration.jobs import build_request
from orchestration.huggingface.derivatives import DERIVATIVES_KEY
from orchestration.huggingface.snapshots import SNAPSHOTS_KEY
from orchestration.openrouter.assets import RANKINGS_KEY
from orchestration.partitions import daily_partitions
from orchestration.transform.window import window_env_for_run_tags


@pytest.fixture(scope="module")
def graph():
    return build_definitions().get_repository_def().asset_graph


def key(path: str) -> dg.AssetKey:
    return dg.AssetKey(path.split("/"))


INVENTORY = Path(__file__).with_name("snapshots") / "asset_inventory.txt"


def inventory(graph) -> str:
    """One line per asset as the UI lists it: key, group, kinds, partitioning, owners and its checks."""
    lines = []
    for asset_key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(asset_key)
        checks = sorted(check.name for check in graph.get_check_keys_for_assets([asset_key]))
        lines.append("  ".join([
            asset_key.to_user_string(),
            f"group={node.group_name}",
            f"kinds={','.join(sorted(node.kinds))}",
            "partitioned=daily" if node.partitions_def else "partitioned=no",
            f"owners={','.join(node.owners)}",
            f"checks={len(checks)}",
        ]))
    return "\n".join(lines) + "\n"


def test_the_asset_inventory_is_the_reviewed_one(graph, request):
    """The assets, their groups, kinds, owners and checks, against the snapshot kept beside the tests; after a
    change that is meant, `pytest tests/test_definitions.py --update-snapshots` rewrites it for review."""
    current = inventory(graph)
    if request.config.getoption("--update-snapshots"):
        INVENTORY.parent.mkdir(exist_ok=True)
        INVENTORY.write_text(current)
    assert current == INVENTORY.read_text()
    groups = {line.split("  ")[0].split("/")[0]: line.split("  ")[1] for line in current.splitlines()}
    assert groups == {layer: f"group={layer}" for layer in
                      ("raw", "seeds", "staging", "intermediate", "marts", "published", "report")}


def test_lineage_runs_raw_to_staging_to_marts_to_report(graph):
    assert SNAPSHOTS_KEY in graph.get(key("staging/stg_hf__model_snapshots")).parent_keys
    assert key("staging/stg_hf__model_snapshots") in graph.get(key("intermediate/int_hf__model_snapshots_daily")).parent_keys
    assert key("intermediate/int_hf__model_snapshots_daily") in graph.get(key("marts/model_downloads_daily")).parent_keys
    assert key("marts/model_downloads_daily") in graph.get(key("marts/model_downloads_monthly")).parent_keys
    assert key("marts/model_downloads_monthly") in graph.get(key("marts/downloads_by_org_monthly")).parent_keys
    assert DERIVATIVES_KEY in graph.get(key("staging/stg_hf__derivatives")).parent_keys
    assert key("intermediate/int_hf__derivative_roots") in graph.get(key("marts/new_derivatives_by_region_monthly")).parent_keys
    marts = {k for k in graph.get_all_asset_keys() if k.path[0] == "marts"}
    assert graph.get(key("published/marts")).parent_keys == marts
    assert graph.get(key("report/adoption_report")).parent_keys == {key("published/marts")}


def test_the_raw_table_is_partitioned_by_day_and_backfills_in_one_run(graph):
    partitioned = {k.to_user_string() for k in graph.get_all_asset_keys() if graph.get(k).partitions_def}
    assert partitioned == {"raw/hf_model_snapshots", "raw/hf_derivatives", "raw/openrouter_rankings_daily"}
    for raw in (SNAPSHOTS_KEY, DERIVATIVES_KEY, RANKINGS_KEY):
        node = graph.get(raw)
        assert node.partitions_def == daily_partitions
        assert node.backfill_policy == dg.BackfillPolicy.single_run()


def test_the_raw_quality_check_blocks_and_dbt_tests_are_checks(graph):
    checks = {check.to_user_string() for check in graph.asset_check_keys}
    assert "raw/hf_model_snapshots:snapshot_quality" in checks
    assert graph.get_check_spec(dg.AssetCheckKey(SNAPSHOTS_KEY, "snapshot_quality")).blocking
    assert graph.get_check_spec(dg.AssetCheckKey(DERIVATIVES_KEY, "derivative_quality")).blocking
    assert graph.get_check_spec(dg.AssetCheckKey(RANKINGS_KEY, "rankings_quality")).blocking
    assert any(name.startswith("marts/downloads_by_region_monthly:shares_sum_to_one") for name in checks)


def test_the_ingest_job_is_scheduled_daily_and_the_build_follows_it_whatever_its_outcome():
    defs = build_definitions()
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert schedule.cron_schedule == "0 23 * * *"
    assert schedule.job_name == "ingest"
    assert defs.resolve_job_def("ingest").partitions_def == daily_partitions
    ingest_steps = set(defs.resolve_job_def("ingest").graph.node_dict)
    build_steps = set(defs.resolve_job_def("build_marts").graph.node_dict)
    assert ingest_steps == {f"raw__{key.path[1]}" for key in defs.resolve_asset_graph().get_all_asset_keys()
                            if key.path[0] == "raw" and key.path[1] != "source_reads"}
    assert {"atom_dbt", "published__marts", "report__adoption_report"} <= build_steps
    assert not any(step.startswith("raw__") for step in build_steps)
    sensors = {sensor.name: sensor for sensor in defs.sensors}
    for name in ("build_after_ingest", "build_after_failed_ingest"):
        assert sensors[name].job_name == "build_marts"
        assert sensors[name].default_status == dg.DefaultSensorStatus.RUNNING


def test_the_build_after_an_ingest_run_covers_its_days_and_leaves_the_clis_runs_alone():
    backfill = dg.DagsterRun(
        job_name="ingest",
        run_id="ingest-run",
        tags={"dagster/asset_partition_range_start": "2026-05-01", "dagster/asset_partition_range_end": "2026-05-03"},
    )
    request = build_request(backfill)
    assert request.run_key == "ingest-run"
    assert request.tags == {
        "atom/after_ingest_run": "ingest-run",
        "atom/window_first_day": "2026-05-01",
        "atom/window_last_day": "2026-05-03",
    }
    # dbt recomputes what those three days change, end exclusive.
    assert window_env_for_run_tags(request.tags) == {"ATOM_WINDOW_START": "2026-05-01", "ATOM_WINDOW_END": "2026-05-04"}
    daily = dg.DagsterRun(job_name="ingest", run_id="daily", tags={"dagster/partition": "2026-05-20"})
    assert window_env_for_run_tags(build_request(daily).tags)["ATOM_WINDOW_END"] == "2026-05-21"
    inline = dg.DagsterRun(job_name="ingest", run_id="cli", tags={"atom/builds_inline": "true", "dagster/partition": "2026-05-20"})
    assert isinstance(build_request(inline), dg.SkipReason)


def test_every_check_is_described_and_every_asset_links_to_its_code_and_names_its_owner(graph):
    undescribed = [key for key in graph.asset_check_keys if not graph.get_check_spec(key).description]
    assert not undescribed
    unique = next(key for key in graph.asset_check_keys if key.name.startswith("unique_int_tracked_models_model_id"))
    assert graph.get_check_spec(unique).description == "dbt test: model_id is unique"
    for key in graph.get_all_asset_keys():
        references = graph.get(key).metadata["dagster/code_references"].code_references
        assert references and all(Path(reference.file_path).is_file() for reference in references), key
        assert graph.get(key).owners == ["team:atom-warehouse"], key

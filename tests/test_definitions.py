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


def test_every_layer_is_a_group_of_assets(graph):
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups == {
        "raw/hf_model_snapshots": "raw",
        "raw/hf_derivatives": "raw",
        "raw/openrouter_models": "raw",
        "raw/openrouter_rankings_daily": "raw",
        "raw/lmarena_leaderboard": "raw",
        "raw/artificial_analysis_models": "raw",
        "raw/epoch_models": "raw",
        "raw/source_reads": "raw",
        "marts/source_freshness": "marts",
        "staging/stg_atom__source_reads": "staging",
        **{f"seeds/{name}": "seeds" for name in (
            "tracked_models", "organization_regions", "model_parameters",
            "release_date_corrections", "model_families", "size_buckets", "openrouter_aliases",
            "benchmark_model_aliases", "country_regions", "artificial_analysis_crosswalk",
        )},
        **{f"staging/{name}": "staging" for name in (
            "stg_hf__model_snapshots", "stg_atom__tracked_models", "stg_atom__organization_regions",
            "stg_atom__model_parameters", "stg_atom__release_date_corrections", "stg_hf__derivatives",
            "stg_openrouter__models", "stg_openrouter__rankings_daily", "stg_lmarena__leaderboard",
            "stg_artificial_analysis__models", "stg_epoch__models",
        )},
        "intermediate/int_tracked_models": "intermediate",
        "intermediate/int_hf__model_daily_downloads": "intermediate",
        "intermediate/int_hf__model_snapshots_daily": "intermediate",
        **{f"intermediate/{name}": "intermediate" for name in (
            "int_hf__derivatives", "int_hf__derivative_lineage", "int_hf__derivative_roots",
            "int_openrouter__model_matches", "int_openrouter__monthly_tokens", "int_performance__model_matches",
            "int_performance__scores", "int_epoch__model_matches", "int_hf__model_milestones",
        )},
        **{f"marts/{name}": "marts" for name in (
            "model_downloads_daily", "model_downloads_monthly", "model_downloads_derived_daily",
            "download_quality_flags", "downloads_by_org_monthly", "downloads_by_region_monthly",
            "downloads_by_family_monthly", "downloads_by_size_bucket_monthly", "org_share_by_size_bucket_monthly",
            "top_models_monthly", "leading_org_vs_next_orgs_monthly", "region_crossovers",
            "ram_baselines", "ram_scores", "ram_recent_releases", "family_crossovers", "ecosystem_reach_monthly",
            "new_entrants_monthly", "model_attribute_gaps",
            "new_derivatives_by_family_monthly", "new_derivatives_by_org_monthly",
            "new_derivatives_by_region_monthly", "new_derivatives_by_relation_monthly",
            "most_derived_bases", "derivative_vs_download_share_monthly", "derivative_lineage_issues",
            "inference_share_by_region_monthly", "inference_share_by_org_monthly", "inference_top_open_models_monthly",
            "inference_open_vs_closed_monthly", "openrouter_unmatched_models",
            "performance_best_open_by_region", "performance_unmatched_models", "epoch_crosscheck_disagreements",
        )},
        "published/marts": "published",
        "report/adoption_report": "report",
    }


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

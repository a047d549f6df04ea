"""Real Dagster runs of the refresh job over real dbt on a throwaway DuckDB warehouse, fed by the replay Hub."""

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest
import yaml

from orchestration.calendar import utc_today
from orchestration.cli import main as atom
from orchestration.errors import SourcesFailedError
from orchestration.partitions import daily_partitions
from orchestration.progress import PROGRESS_TAG
from orchestration.build import build_definitions
from orchestration.publication.assets import PUBLISHED_KEY
from orchestration.report.assets import REPORT_KEY
from orchestration.runs import refresh_days
from orchestration.transform.assets import keep_latest_runs
from orchestration.settings import REPO_ROOT, warehouse_paths
from orchestration.tracked_models import tracked_model_ids
from tests.warehouse_snapshot import rows, table_contents

TODAY = utc_today()  # read once: a run that crosses UTC midnight would see two todays anyway


@pytest.fixture(scope="module")
def built(hub, tmp_path_factory):
    """A warehouse backfilled in one run over days where the archive's weekly snapshots turn daily."""
    home = tmp_path_factory.mktemp("warehouse")
    last_weekly, first_daily = hub.archive_dates[-121], hub.archive_dates[-120]
    assert (first_daily - last_weekly).days == 7
    first, last = last_weekly + dt.timedelta(days=1), first_daily + dt.timedelta(days=1)
    with dg.instance_for_test() as instance:
        result = refresh_days(first, last, warehouse_home=str(home), hub_endpoint=hub.url, instance=instance)
        yield SimpleNamespace(
            home=home,
            paths=warehouse_paths(home),
            instance=instance,
            days=[first_daily, last],
            missing=[last_weekly + dt.timedelta(days=n) for n in range(1, 7)],
            result=result,
        )


def test_a_backfill_is_one_run_that_publishes_the_marts(built):
    assert built.result.ingest.success and built.result.build.success
    runs = [record.dagster_run for record in built.instance.get_run_records()]
    assert sorted(run.job_name for run in runs) == ["build_marts", "ingest"]
    # dbt's artifacts of the build are beside the warehouse, not in the project folder.
    build = next(run for run in runs if run.job_name == "build_marts")
    assert (built.home / "dbt_runs" / build.run_id / "run_results.json").is_file()
    assert not list((REPO_ROOT / "dbt_project" / "target").glob(f"*{build.run_id[:7]}*"))
    published = built.paths.published
    dates = [row[0] for row in rows(published, "select distinct date from marts.model_downloads_daily order by 1")]
    assert dates == built.days
    regions = rows(
        published,
        "select region, cumulative_downloads, share_of_cumulative from marts.downloads_by_region_monthly "
        "where month = ? order by region",
        [built.days[-1].replace(day=1)],
    )
    assert {region for region, _, _ in regions} >= {"china", "us", "eu"}
    assert abs(sum(share for _, _, share in regions) - 1) < 1e-9
    # The cumulative figure is the sum of the tracked models' all-time counts on the month's last snapshot.
    expected = rows(
        published,
        "select sum(downloads_all_time) from marts.model_downloads_daily where date = ?",
        [built.days[-1]],
    )[0][0]
    assert sum(cumulative for _, cumulative, _ in regions) == expected


def test_days_the_archive_never_captured_are_reported_missing_not_invented(built):
    key = dg.AssetKey(["raw", "hf_model_snapshots"])
    check = built.instance.get_latest_asset_check_evaluation_record(dg.AssetCheckKey(key, "snapshot_quality"))
    metadata = check.event.asset_check_evaluation.metadata
    assert metadata["days_missing"].value == [day.isoformat() for day in built.missing]
    assert metadata["days_stored"].value == 2
    stored = rows(built.paths.warehouse, "select distinct snapshot_date from raw.hf_model_snapshots order by 1")
    assert [row[0] for row in stored] == built.days
    # The partitions page shows the days stored as materialized and the days the archive lacks as missing.
    asked = [day.isoformat() for day in built.missing + built.days]
    status = built.instance.get_status_by_partition(key, asked, daily_partitions)
    assert {day for day, state in status.items() if state is not None} == {day.isoformat() for day in built.days}
    assert {state for state in status.values() if state is not None} == {dg.AssetPartitionStatus.MATERIALIZED}
    counts = {
        record.partition_key: record.asset_materialization.metadata["rows_stored"].value
        for record in built.instance.fetch_materializations(key, limit=100).records
    }
    stored_counts = rows(built.paths.warehouse, "select snapshot_date, count(*) from raw.hf_model_snapshots group by 1")
    assert counts == {day.isoformat(): count for day, count in stored_counts}


def test_a_backfill_shows_days_done_of_days_asked_on_the_run_and_in_its_log(built):
    asked = len(built.days) + len(built.missing)
    run = built.instance.get_run_records(dg.RunsFilter(job_name="ingest"))[0].dagster_run
    assert run.tags[PROGRESS_TAG] == f"{asked} of {asked} days (100%)"
    messages = [
        record.event_log_entry.user_message
        for record in built.instance.get_records_for_run(run.run_id).records
        if record.event_log_entry.step_key == "raw__hf_model_snapshots"
    ]
    progress = [message for message in messages if message.endswith("%)]")]
    # The days the archive lacks share one line; each day stored has its own.
    missing = len(built.missing)
    first, last = built.missing[0].isoformat(), built.missing[-1].isoformat()
    assert progress[0] == (
        f"{first} to {last} ({missing} days): not in the archive [{missing} of {asked} days ({missing * 100 // asked}%)]"
    )
    stored = dict(rows(built.paths.warehouse, "select snapshot_date, count(*) from raw.hf_model_snapshots group by 1"))
    assert progress[1:] == [
        f"{day.isoformat()}: {stored[day]} rows stored [{n} of {asked} days ({n * 100 // asked}%)]"
        for n, day in enumerate(built.days, missing + 1)
    ]


def test_a_sql_user_reads_every_marts_description_in_the_published_copy(built):
    # The descriptions as the YAML beside the marts writes them, read here straight from the file.
    described = {model["name"]: model for model in yaml.safe_load(
        (REPO_ROOT / "dbt_project" / "models" / "marts" / "_marts.yml").read_text())["models"]}
    published = warehouse_paths(built.home).published
    mart = described["downloads_by_region_monthly"]
    comments = dict(rows(published, "select column_name, comment from duckdb_columns() "
                                    "where schema_name = 'marts' and table_name = 'downloads_by_region_monthly'"))
    assert comments == {column["name"]: column["description"] for column in mart["columns"]}
    tables = dict(rows(published, "select table_name, comment from duckdb_tables() where schema_name = 'marts'"))
    assert tables["downloads_by_region_monthly"] == mart["description"]
    assert all(tables[name] == model["description"] for name, model in described.items() if name in tables)


def test_the_report_is_drawn_and_says_the_sample_is_reconstructed(built, capsys):
    assert atom(["--home", str(built.home), "report"]) == 0
    path = capsys.readouterr().out.strip()
    html = open(path, encoding="utf-8").read()
    assert "RECONSTRUCTED" in html and 'class="figure-data"' in html and "china" in html
    assert "The leading organisation against the next 8" in html and "Who holds each size bucket" in html
    assert '<script src="plotly.min.js"></script>' in html
    assert (Path(path).parent / "plotly.min.js").stat().st_size > 1_000_000
    leader = rows(
        built.paths.published,
        "select model_id from marts.top_models_monthly where rank = 1 and month = "
        "(select max(month) from marts.top_models_monthly where not is_partial_month)",
    )
    if leader:
        assert f"<td>{leader[0][0]}</td>" in html
    materialization = built.instance.get_latest_materialization_event(dg.AssetKey(["report", "adoption_report"]))
    metadata = materialization.asset_materialization.metadata
    assert metadata["figures"].value == html.count('<section class="report-section"')
    listed = metadata["figure_list"].value
    assert "**Who holds each size bucket**" in listed and "`marts.org_share_by_size_bucket_monthly`" in listed
    assert str(Path(path).parent / "data" / "size-bucket-holders.csv") in listed
    assert "data:image" not in listed


def test_rerunning_a_partition_leaves_every_table_identical(built, hub):
    before = table_contents(built.paths.warehouse)
    published_before = table_contents(built.paths.published, ("marts",))
    result = refresh_days(
        built.days[-1], built.days[-1], warehouse_home=str(built.home), hub_endpoint=hub.url, instance=built.instance
    )
    assert table_contents(built.paths.warehouse) == before
    assert table_contents(built.paths.published, ("marts",)) == published_before
    # Every asset the build run planned was materialized by it, seeds and staging views included, and every
    # check it planned was evaluated: nothing it built shows "Never materialized" or "Not evaluated".
    def planned(of_type):
        records = built.instance.get_records_for_run(result.build.run_id, of_type=of_type, limit=10_000).records
        return {record.event_log_entry.dagster_event.event_specific_data for record in records}

    planned_keys = {data.asset_key for data in planned(dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED)}
    built_keys = {event.asset_key for event in result.build.get_asset_materialization_events()}
    assert planned_keys == built_keys
    assert {key.path[0] for key in planned_keys} >= {"seeds", "staging", "intermediate", "marts"}
    checks_planned = {
        data.asset_check_key for data in planned(dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED)
    }
    evaluated = {evaluation.asset_check_key for evaluation in result.build.get_asset_check_evaluations()}
    assert checks_planned == evaluated and len(evaluated) > 150
    # dbt read the project from the parse an earlier build of this warehouse saved, rather than parsing it whole.
    parse_events = [
        json.loads(line)["info"]["name"]
        for line in (built.paths.dbt_runs / result.build.run_id / "dbt.log").read_text().splitlines()
        if "PartialPars" in line
    ]
    assert "PartialParsingEnabled" in parse_events and "UnableToPartialParse" not in parse_events, parse_events


def corrupt_state(state: pa.Table, how: str) -> pa.Table:
    tracked = set(tracked_model_ids())
    ids = state.column("id").to_pylist()
    first_tracked = next(i for i, model_id in enumerate(ids) if model_id in tracked)
    if how == "missing id":
        ids[first_tracked] = None
        return state.set_column(state.schema.get_field_index("id"), "id", pa.array(ids, pa.string()))
    if how == "negative counter":
        counts = state.column("downloadsAllTime").to_pylist()
        counts[first_tracked] = -5
        index = state.schema.get_field_index("downloadsAllTime")
        return state.set_column(index, "downloadsAllTime", pa.array(counts, state.schema.field(index).type))
    if how == "half the rows gone":
        is_tracked = pc.is_in(state.column("id"), pa.array(sorted(tracked)))
        keep = [not flag or i % 2 == 0 for i, flag in enumerate(is_tracked.to_pylist())]
        return state.filter(pa.array(keep))
    raise ValueError(how)


@pytest.mark.parametrize(
    ("how", "named"),
    [
        ("missing id", "expect_column_values_to_not_be_null on column model_id"),
        ("negative counter", "expect_column_values_to_be_between on column downloads_all_time"),
        ("half the rows gone", "expect_table_row_count_to_be_between"),
    ],
)
def test_a_corrupted_batch_is_stopped_and_the_other_sources_still_publish(built, fresh_hub, how, named):
    published_before = table_contents(built.paths.published, ("marts",))
    raw_today_before = rows(
        built.paths.warehouse, "select * from raw.hf_model_snapshots where snapshot_date = ? order by model_id", [TODAY]
    )
    fresh_hub.state = corrupt_state(fresh_hub.state, how)
    with pytest.raises(SourcesFailedError) as failure:
        refresh_days(TODAY, TODAY, warehouse_home=str(built.home), hub_endpoint=fresh_hub.url, instance=built.instance)
    assert named in str(failure.value) and "hub_snapshots" in str(failure.value)
    raw_today_after = rows(
        built.paths.warehouse, "select * from raw.hf_model_snapshots where snapshot_date = ? order by model_id", [TODAY]
    )
    assert raw_today_after == raw_today_before
    # Nothing of the batch reached the marts: the download marts were rebuilt from the stored snapshots alone.
    published_after = table_contents(built.paths.published, ("marts",))
    for table in ("marts.model_downloads_daily", "marts.downloads_by_region_monthly", "marts.model_downloads_monthly"):
        assert published_after[table] == published_before[table]
    freshness = rows(
        built.paths.published,
        "select last_status, last_failure_reason from marts.source_freshness where source = 'hub_snapshots'",
    )
    assert freshness[0][0] == "failed" and named in freshness[0][1]
    ingest = built.instance.get_run_records(dg.RunsFilter(job_name="ingest"), limit=1)[0].dagster_run
    assert ingest.status == dg.DagsterRunStatus.FAILURE
    build = built.instance.get_run_records(dg.RunsFilter(job_name="build_marts"), limit=1)[0].dagster_run
    assert build.status == dg.DagsterRunStatus.SUCCESS and build.tags["atom/after_ingest_run"] == ingest.run_id


def test_hf_endpoint_refresh_of_today_while_users_query(built, hub, tmp_path):
    """`atom refresh` in its own process against HF_ENDPOINT, with SQL users reading the published marts."""
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir()
    env = {
        **os.environ,
        "HF_ENDPOINT": hub.url,
        "HF_TOKEN": "hf_test_secret_token",
        "DAGSTER_HOME": str(dagster_home),
        "ATOM_HOME": str(built.home),
    }
    atom_bin = os.path.join(os.path.dirname(sys.executable), "atom")
    held = duckdb.connect(str(built.paths.published), read_only=True)  # a user's open session
    process = subprocess.Popen([atom_bin, "refresh"], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    queries = 0
    try:
        while process.poll() is None:
            assert atom(["--home", str(built.home), "query", "select count(*) from marts.downloads_by_region_monthly"]) == 0
            assert held.execute("select count(*) from marts.model_downloads_daily").fetchone()[0] > 0
            queries += 1
            time.sleep(0.5)
    finally:
        held.close()
        process.wait(timeout=600)
        reader.join(timeout=10)
    log = "".join(output)
    assert process.returncode == 0, log[-3000:]
    assert queries >= 3
    assert "hf_test_secret_token" not in log
    today = rows(
        built.paths.published, "select count(*), min(provenance) from marts.model_downloads_daily where date = ?", [TODAY]
    )[0]
    served = set(hub.state.column("id").to_pylist()) & set(tracked_model_ids())
    assert today == (len(served), "observed")


def test_only_the_latest_dbt_run_folders_are_kept(tmp_path):
    for n in range(5):
        folder = tmp_path / f"run-{n}"
        folder.mkdir()
        (folder / "run_results.json").write_text("{}")
        os.utime(folder, (1_000_000 + n, 1_000_000 + n))
    keep_latest_runs(tmp_path, 2)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["run-3", "run-4"]


def test_a_mart_materialized_on_its_own_is_published_by_the_automation_sensor(built, hub):
    defs = build_definitions(warehouse_home=str(built.home), hub_endpoint=hub.url)
    selection = dg.AssetSelection.keys(PUBLISHED_KEY, REPORT_KEY)
    after_refresh = dg.evaluate_automation_conditions(defs=defs, instance=built.instance, asset_selection=selection)
    assert after_refresh.total_requested == 0  # the refresh published in its own run
    # One mart rebuilt from the UI: a run of the build job with that asset alone.
    mart = dg.AssetKey(["marts", "top_models_monthly"])
    one_mart = defs.resolve_job_def("build_marts").execute_in_process(
        instance=built.instance, asset_selection=[mart], raise_on_error=False
    )
    assert one_mart.success
    assert {event.asset_key for event in one_mart.get_asset_materialization_events()} == {mart}
    evaluated = dg.evaluate_automation_conditions(
        defs=defs, instance=built.instance, asset_selection=selection, cursor=after_refresh.cursor
    )
    requested = {key for key in (PUBLISHED_KEY, REPORT_KEY) if evaluated.get_num_requested(key)}
    assert PUBLISHED_KEY in requested

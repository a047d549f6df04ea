"""A Hub endpoint with only the listing API (a mirror, a proxy), sources switched off, and each archive file
fetched once per run however many raw assets read it."""

import collections
import datetime as dt

import dagster as dg
import pytest

from ingestion.lmarena.leaderboard import LEADERBOARD_FILE, LEADERBOARD_REPO
from replay.server import ReplayHub
from orchestration.calendar import utc_today
from orchestration.cli import main as atom
from orchestration.runs import refresh_days
from orchestration.settings import warehouse_paths
from orchestration.tracked_models import tracked_model_ids
from tests.warehouse_snapshot import rows

TODAY = utc_today()


@pytest.fixture
def mirror():
    """The sample's Hub behind a server that answers the listing API only: no archive, no datasets."""
    sample = ReplayHub.from_sample()
    with ReplayHub(sample.state, archive_repo="mirror/holds-no-archive") as server:
        server.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, None)
        yield server


def test_a_listing_only_endpoint_refreshes_and_publishes_todays_download_marts(mirror, tmp_path, capsys):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_ENDPOINT", mirror.url)
        patch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
        (tmp_path / "dagster_home").mkdir()
        code = atom(["--home", str(tmp_path / "warehouse"), "refresh"])
    output = capsys.readouterr().out
    assert code == 0, output
    published = warehouse_paths(tmp_path / "warehouse").published
    served = set(mirror.state.column("id").to_pylist()) & set(tracked_model_ids())
    today = rows(published, "select count(*) from marts.model_downloads_daily where date = ?", [TODAY])[0][0]
    assert today == len(served) > 400
    regions = rows(published, "select count(*) from marts.downloads_by_region_monthly where month = ?",
                   [TODAY.replace(day=1)])[0][0]
    assert regions >= 3
    assert "refreshed hub_snapshots:" in output
    # What the mirror lacks is skipped, each with its reason, and listed so in the freshness mart.
    assert "skipped lmarena:" in output and "not at this endpoint" in output
    assert "skipped hub_derivatives:" in output and "holds no snapshot archive" in output
    freshness = dict(rows(published, "select source, last_status from marts.source_freshness"))
    assert freshness["hub_snapshots"] == "stored"
    assert freshness["lmarena"] == freshness["hub_derivatives"] == "skipped"
    # The archive and the dataset were asked for once each, then left alone.
    archive_listings = [r for r in mirror.request_log if r["path"].startswith("/api/datasets/")]
    assert len(archive_listings) == 1


def test_a_source_switched_off_is_not_read_and_says_so(hub, tmp_path, capsys):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_ENDPOINT", hub.url)
        patch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
        patch.setenv("ATOM_SOURCES_OFF", "lmarena, epoch")
        (tmp_path / "dagster_home").mkdir()
        since = len(hub.request_log)
        code = atom(["--home", str(tmp_path / "warehouse"), "refresh", "--date", hub.archive_dates[-1].isoformat()])
    output = capsys.readouterr().out
    assert code == 0, output
    assert "skipped lmarena: switched off by configuration (ATOM_SOURCES_OFF)" in output
    assert "skipped epoch: switched off by configuration (ATOM_SOURCES_OFF)" in output
    assert not [r for r in hub.request_log[since:] if r["path"].startswith("/datasets/lmarena-ai/")]
    assert rows(warehouse_paths(tmp_path / "warehouse").warehouse, "select count(*) from raw.epoch_models")[0][0] == 0


def test_an_unknown_source_name_is_refused_by_name(hub, tmp_path, capsys):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATOM_SOURCES_OFF", "lmarena,arxiv")
        patch.setenv("DAGSTER_HOME", str(tmp_path))
        code = atom(["--home", str(tmp_path / "warehouse"), "refresh", "--date", hub.archive_dates[-1].isoformat()])
    assert code != 0
    captured = capsys.readouterr()
    assert "ATOM_SOURCES_OFF names unknown source(s) arxiv" in captured.err
    assert "refreshed" not in captured.out


def test_each_archive_file_is_fetched_once_per_run_by_both_hub_assets(hub, tmp_path):
    last = hub.archive_dates[-1]
    first = last - dt.timedelta(days=9)
    since = len(hub.request_log)
    with dg.instance_for_test() as instance:
        refresh = refresh_days(first, last, warehouse_home=str(tmp_path), hub_endpoint=hub.url, instance=instance)
    downloads = collections.Counter(
        entry["path"].rsplit("/models/", 1)[1]
        for entry in hub.request_log[since:]
        if entry["method"] == "GET" and entry["path"].startswith(f"/datasets/{hub.archive_repo}/resolve/")
    )
    archived = [day for day in hub.archive_dates if first <= day <= last]
    assert len(archived) == 10
    assert downloads == {f"{day.isoformat()}/models.parquet": 1 for day in archived}
    # Each file is counted by the step that fetched it, and only by that one.
    transfers = [
        evaluation.metadata for evaluation in refresh.ingest.get_asset_check_evaluations()
        if "archive_files_downloaded" in evaluation.metadata
    ]
    assert len(transfers) == 2 and sum(m["archive_files_downloaded"].value for m in transfers) == len(archived)
    assert all(m["archive_download_seconds"].value >= 0 for m in transfers)
    # Both assets read from those files: every day's snapshots, and the derivatives of the window's weekly reads.
    stored = {read["source"]: read["rows_stored"] for read in refresh.reads}
    assert stored["hub_snapshots"] > 0 and stored["hub_derivatives"] > 0
    warehouse = warehouse_paths(tmp_path).warehouse
    derivative_days = rows(warehouse, "select distinct observed_date from raw.hf_derivatives order by 1")
    assert [day for (day,) in derivative_days] == [last - dt.timedelta(days=7), last]
    # The build evaluates a freshness check on every raw table: passed where this refresh stored the source.
    evaluations = {
        evaluation.asset_key.path[1]: evaluation.passed
        for evaluation in refresh.build.get_asset_check_evaluations()
        if evaluation.check_name == "freshness_check"
    }
    assert set(evaluations) == {
        "hf_model_snapshots", "hf_derivatives", "openrouter_models", "openrouter_rankings_daily",
        "lmarena_leaderboard", "artificial_analysis_models", "epoch_models",
    }
    assert evaluations["hf_model_snapshots"] and evaluations["lmarena_leaderboard"] and evaluations["epoch_models"]
    # No key: OpenRouter was skipped and has never been stored. Artificial Analysis's daily reads need none, but the
    # newest of them is older than its age limit, and the check says so.
    assert not evaluations["openrouter_rankings_daily"] and not evaluations["artificial_analysis_models"]

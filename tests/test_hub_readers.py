"""The Hub readers against the replay server, over real HTTP through huggingface_hub."""

import datetime as dt

import pyarrow.compute as pc
import pytest

from ingestion.huggingface import HubListingReader, SnapshotArchiveReader, SourceDataError, scratch_archive
from ingestion.errors import SourceUnavailableError
from orchestration.tracked_models import tracked_model_ids

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def archive(hub_settings):
    """The archive reader over a scratch folder removed after the test."""
    with scratch_archive(hub_settings) as files:
        yield SnapshotArchiveReader(files)


@pytest.fixture(scope="module")
def tracked():
    return tracked_model_ids()


def listing_requests(hub, since: int) -> list[dict]:
    return [entry for entry in hub.request_log[since:] if entry["path"] == "/api/models"]


def test_listing_reads_every_tracked_model_of_the_sample_once(hub, hub_settings, tracked):
    since = len(hub.request_log)
    result = HubListingReader(hub_settings).read(tracked, TODAY)

    served = set(hub.state.column("id").to_pylist()) & set(tracked)
    ids = result.table.column("model_id").to_pylist()
    assert sorted(ids) == sorted(served)
    assert len(ids) == len(set(ids))
    assert set(result.table.column("snapshot_date").to_pylist()) == {TODAY}
    assert set(result.tracked_missing) == set(tracked) - served
    # One request per page, never one per model: the request count is the pages the server handed out.
    pages = listing_requests(hub, since)
    assert result.requests == len(pages)
    assert len(pages) < len(ids)
    assert any("cursor" in entry["query"] for entry in pages), "pagination was never exercised"


def test_listing_counters_match_the_served_state(hub, hub_settings):
    state = {row["id"]: row for row in hub.state.to_pylist()}
    table = HubListingReader(hub_settings).read(["Qwen/Qwen1.5-MoE-A2.7B"], TODAY).table
    row = table.to_pylist()[0]
    assert row["downloads_all_time"] == state["Qwen/Qwen1.5-MoE-A2.7B"]["downloadsAllTime"]
    assert row["downloads_30d"] == state["Qwen/Qwen1.5-MoE-A2.7B"]["downloads"]
    assert row["safetensors_total"] == state["Qwen/Qwen1.5-MoE-A2.7B"]["safetensors"]["total"]
    assert row["provenance"] == "observed"


def test_listing_waits_out_a_rate_limit_and_retries(hub, hub_settings):
    reader = HubListingReader(hub_settings)
    clean = reader.read(["Qwen/Qwen1.5-MoE-A2.7B"], TODAY)
    since = len(hub.request_log)
    hub.inject_fault("/api/models", 429, times=1, headers={"Retry-After": "0"})
    limited = reader.read(["Qwen/Qwen1.5-MoE-A2.7B"], TODAY)
    assert limited.table.equals(clean.table)
    # The refused request was made again: one request more than a clean read, all of them on the log.
    assert limited.requests == clean.requests + 1 == len(listing_requests(hub, since))


def test_a_malformed_page_fails_naming_its_url(hub, hub_settings):
    hub.inject_fault("/api/models", 200, times=1, body=b"{not json")
    with pytest.raises(SourceDataError, match=r"malformed page .* at http://127\.0\.0\.1:\d+/api/models\?"):
        HubListingReader(hub_settings).read(["Qwen/Qwen1.5-MoE-A2.7B"], TODAY)


def test_a_page_sending_its_next_page_to_another_host_is_refused_not_followed(hub, hub_settings):
    elsewhere = "http://127.0.0.2:9/api/models?cursor=abc"
    hub.inject_fault("/api/models", 200, times=1, body=b"[]", headers={"Link": f'<{elsewhere}>; rel="next"'})
    with pytest.raises(SourceDataError, match=r"/api/models\?.* points its next page at another host \(127\.0\.0\.2\)"):
        HubListingReader(hub_settings).read(["Qwen/Qwen1.5-MoE-A2.7B"], TODAY)


def test_a_cursor_loop_is_refused_not_followed_for_ever(hub, hub_settings):
    loop = f'<{hub.url}/api/models?author=Qwen&cursor=LOOP>; rel="next"'
    hub.inject_fault("/api/models", 200, times=3, body=b"[]", headers={"Link": loop}, query="cursor=")
    since = len(hub.request_log)
    with pytest.raises(SourceDataError, match=r"cursor=LOOP sends the next page back to .*cursor=LOOP.*a cursor loop"):
        HubListingReader(hub_settings).read(["Qwen/Qwen1.5-MoE-A2.7B"], TODAY)
    assert len(listing_requests(hub, since)) == 3  # the first page, the loop's page, and nothing after it
    hub._faults.clear()


def test_archive_reads_a_day_with_its_reconstructed_counters(hub, hub_settings, tracked, archive):
    day = hub.archive_dates[-2]
    table = archive.read(tracked, day)
    assert table is not None and table.num_rows > 100
    assert set(table.column("provenance").to_pylist()) == {"reconstructed"}
    history = hub.history.filter(pc.equal(hub.history.column("snapshot_date"), day))
    expected = dict(zip(history.column("model_id").to_pylist(), history.column("downloads_all_time").to_pylist()))
    for row in table.to_pylist():
        assert row["downloads_all_time"] == expected[row["model_id"]]


def test_archive_day_without_a_snapshot_is_missing_not_an_error(hub, hub_settings, tracked, archive):
    day = hub.archive_dates[0] - dt.timedelta(days=1)
    assert archive.read(tracked, day) is None


def test_archive_retries_a_server_error(hub, hub_settings, tracked, archive):
    hub.inject_fault("/datasets/", 503, times=1, headers={"Retry-After": "0"})
    table = archive.read(tracked, hub.archive_dates[-1])
    assert table is not None and table.num_rows > 100


def test_archive_lists_its_days_in_one_request(hub, hub_settings, archive):
    since = len(hub.request_log)
    assert archive.available_dates() == set(hub.archive_dates)
    assert len(hub.request_log) - since == 1


def test_an_archive_day_that_cannot_be_downloaded_is_an_error_not_a_missing_day(hub, hub_settings, tracked, archive):
    hub.inject_fault("/datasets/", 403, times=1)
    day = hub.archive_dates[-1]
    with pytest.raises(SourceUnavailableError, match=rf"could not download http://127\.0\.0\.1:\d+/datasets/.*/models/{day}/models\.parquet"):
        archive.read(tracked, day)

"""Real Dagster runs of the derivative refresh against the replay Hub: the archive's first load, then a day's
listing down to the watermark, its request count, its re-run and its quality gate."""

import datetime as dt

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from ingestion.huggingface.derivatives import derivatives_of
from replay.server import ReplayHub
from orchestration.calendar import utc_today
from orchestration.cli import main as atom
from orchestration.errors import RefreshError
from orchestration.huggingface.derivatives import hf_derivatives
from orchestration.resources import HubSource, WarehouseResource
from orchestration.runs import refresh_days
from orchestration.settings import warehouse_paths
from orchestration.tracked_models import tracked_model_ids
from tests.warehouse_snapshot import rows, table_contents

TODAY = utc_today()
PAGE = 2
QWEN = "Qwen/Qwen2.5-7B-Instruct"


def new_model(model_id, created_at, bases=(), relation="finetune"):
    return {
        "id": model_id,
        "author": model_id.split("/")[0],
        "createdAt": created_at,
        "lastModified": created_at,
        "downloads": 0,
        "downloadsAllTime": 0,
        "likes": 0,
        "tags": [f"base_model:{relation}:{base}" for base in bases],
        "baseModels": {"relation": relation, "models": [{"_id": None, "id": base} for base in bases]} if bases else None,
    }


def with_new_models(state: pa.Table, models: list[dict]) -> pa.Table:
    return pa.concat_tables([state, pa.Table.from_pylist(models, schema=state.schema)])


def listing_pages(server, since):
    return [entry for entry in server.request_log[since:] if entry["path"] == "/api/models" and "sort" in entry["query"]]


def recent_archive() -> ReplayHub:
    """The sample served with its last two archive days relabelled three days ago and yesterday."""
    sample = ReplayHub.from_sample()
    last_two = sample.archive_dates[-2:]
    history = sample.history.filter(pc.is_in(sample.history.column("snapshot_date"), pa.array(last_two, pa.date32())))
    relabelled = pc.if_else(
        pc.equal(history.column("snapshot_date"), pa.scalar(last_two[0], pa.date32())),
        pa.scalar(TODAY - dt.timedelta(days=3), pa.date32()),
        pa.scalar(TODAY - dt.timedelta(days=1), pa.date32()),
    )
    history = history.set_column(history.schema.get_field_index("snapshot_date"), "snapshot_date", relabelled)
    return ReplayHub(sample.state, history, page_size=PAGE)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """An archive day three days ago loaded; then four models created today, two of them derivatives, and an
    archive snapshot of yesterday not yet read."""
    home = tmp_path_factory.mktemp("derivatives")
    with recent_archive() as server, dg.instance_for_test() as instance:
        archive_day = server.archive_dates[0]
        refresh_days(archive_day, archive_day, warehouse_home=str(home), hub_endpoint=server.url, instance=instance)
        stored = rows(
            warehouse_paths(home).warehouse, "select model_id from raw.hf_derivatives where observed_date = ?", [archive_day]
        )
        now = dt.datetime.combine(TODAY, dt.time(0, 30))
        server.state = with_new_models(
            server.state,
            [
                new_model("new/finetune-of-qwen", now + dt.timedelta(minutes=4), [QWEN]),
                new_model("new/quant-of-a-stored-derivative", now + dt.timedelta(minutes=3), [sorted(stored)[0][0]], "quantized"),
                new_model("new/finetune-of-something-untracked", now + dt.timedelta(minutes=2), ["someone/untracked"]),
                new_model("new/plain-model", now + dt.timedelta(minutes=1)),
            ],
        )
        yield server, home, instance, archive_day


def test_the_first_load_keeps_every_derivative_of_the_archive_snapshot(loaded, hub):
    server, home, _, archive_day = loaded
    snapshot = server._archive_file(archive_day)[0]
    path = home / "snapshot.parquet"
    path.write_bytes(snapshot)
    # Every model of the file, as Python dicts: the row-by-row search is the second way of finding them.
    expected = {r["id"] for r in derivatives_of(pq.read_table(path).to_pylist(), tracked_model_ids())}
    stored = rows(
        warehouse_paths(home).warehouse, "select model_id from raw.hf_derivatives where observed_date = ?", [archive_day]
    )
    assert {model_id for (model_id,) in stored} == expected and len(expected) > 1000


def test_a_day_lists_down_to_the_watermark_and_prints_its_request_count(loaded, tmp_path, capsys):
    server, home, _, archive_day = loaded
    since = len(server.request_log)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_ENDPOINT", server.url)
        patch.setenv("DAGSTER_HOME", str(tmp_path))
        assert atom(["--home", str(home), "refresh", "--date", TODAY.isoformat()]) == 0
    # Four new models and the newest one already read fill three pages of two; the 4,000 older models are never asked.
    assert len(listing_pages(server, since)) == 3
    assert "raw/hf_derivatives: 3 Hub listing request(s)" in capsys.readouterr().out
    warehouse = warehouse_paths(home).warehouse
    listed = rows(warehouse, "select model_id from raw.hf_derivatives where observed_date = ? and source = 'listing'", [TODAY])
    assert {m for (m,) in listed} == {"new/finetune-of-qwen", "new/quant-of-a-stored-derivative"}
    (previous, watermark, requests), = rows(
        warehouse,
        "select previous_watermark, watermark, requests from raw.hf_derivative_watermarks where observed_date = ?",
        [TODAY],
    )
    newest_archived = rows(warehouse, "select max(watermark) from raw.hf_derivative_watermarks where observed_date = ?", [archive_day])[0][0]
    assert previous == newest_archived and requests == 3
    assert watermark.replace(tzinfo=None) == dt.datetime.combine(TODAY, dt.time(0, 34))
    # The new quantization of a stored derivative reaches that derivative's tracked root.
    def roots(model_id):
        return rows(
            warehouse,
            "select root_model_id from intermediate.int_hf__derivative_roots where derivative_id = ? order by 1",
            [model_id],
        )

    # Its root, found a second way: up the stored base ids until a tracked model.
    bases = dict(rows(warehouse, "select model_id, base_model_ids[1] from raw.hf_derivatives"))
    tracked, model = set(tracked_model_ids()), "new/quant-of-a-stored-derivative"
    while model not in tracked:
        model = bases[model]
    assert roots("new/quant-of-a-stored-derivative") == [(model,)]


def test_the_day_takes_older_derivatives_counts_from_the_newest_archive_snapshot(loaded):
    _, home, _, archive_day = loaded
    warehouse = warehouse_paths(home).warehouse
    (older, counts_as_of), = rows(
        warehouse,
        "select count(*), max(counts_as_of) from raw.hf_derivatives where observed_date = ? and source <> 'listing'",
        [TODAY],
    )
    first_load = rows(warehouse, "select count(*) from raw.hf_derivatives where observed_date = ?", [archive_day])[0][0]
    assert counts_as_of == TODAY - dt.timedelta(days=1) and older == first_load
    # Every count is at most a day old, so none is stale and the threshold counts the older derivatives too.
    published = warehouse_paths(home).published
    assert rows(published, "select count(*) from marts.derivative_lineage_issues where issue = 'stale_count'") == [(0,)]
    assert rows(published, "select sum(new_derivatives) from marts.new_derivatives_by_family_monthly")[0][0] > 1000


def test_re_running_the_day_changes_nothing(loaded):
    server, home, instance, _ = loaded
    warehouse = warehouse_paths(home).warehouse
    before = table_contents(warehouse, ("raw", "intermediate", "marts"))
    refresh_days(TODAY, TODAY, warehouse_home=str(home), hub_endpoint=server.url, instance=instance)
    assert table_contents(warehouse, ("raw", "intermediate", "marts")) == before


def test_a_batch_with_an_unknown_relation_is_blocked_and_nothing_stored_changes(loaded):
    server, home, instance, _ = loaded
    warehouse = warehouse_paths(home).warehouse
    before = table_contents(warehouse, ("raw",))
    good = server.state
    later = dt.datetime.combine(TODAY, dt.time(0, 50))
    server.state = with_new_models(good, [new_model("new/distilled", later, [QWEN], relation="distilled")])
    try:
        with pytest.raises(RefreshError, match="derivatives of .* rejected, nothing of it stored.*relation"):
            refresh_days(TODAY, TODAY, warehouse_home=str(home), hub_endpoint=server.url, instance=instance)
    finally:
        server.state = good
    assert table_contents(warehouse, ("raw",)) == before


def test_a_listing_with_no_watermark_stored_says_to_load_the_archive_first(hub, tmp_path, instance):
    resources = {"warehouse": WarehouseResource(home=str(tmp_path)), "hub": HubSource(endpoint=hub.url)}
    result = dg.materialize(
        [hf_derivatives], partition_key=TODAY.isoformat(), resources=resources, instance=instance, raise_on_error=False
    )
    failure = next(event.step_failure_data for event in result.all_events if event.is_step_failure)
    assert "no derivative listing watermark is stored before" in failure.user_failure_data.description
    assert rows(warehouse_paths(tmp_path).warehouse, "select count(*) from raw.hf_derivatives") == [(0,)]

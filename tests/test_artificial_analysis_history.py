"""Artificial Analysis's daily reads over real HTTP on loopback: every day the bundled reads hold arrives with its
values unchanged, each day is stored once, a missed day is told, a bad day is refused whole, and today comes from
the API only with a key."""

import datetime as dt
import json

import dagster as dg
import duckdb
import pytest

from ingestion.artificial_analysis.client import ArtificialAnalysisSettings
from ingestion.artificial_analysis.reads import read_new_days
from ingestion.errors import SourceDataError
from replay.artificial_analysis import DAILY_READS_PATH, SAMPLE, SAMPLE_KEY, artificial_analysis_sample
from replay.files import ServedFile
from orchestration.performance.assets import artificial_analysis_models
from orchestration.resources import ArtificialAnalysisSource, WarehouseResource

TODAY = dt.date(2026, 12, 1)
COLUMNS = "fetched_on, id, name, creator_country, is_open_weights, huggingface_url, openrouter_api_id, " \
          "intelligence_index, coding_index, agentic_index, total_parameters_b"
BUNDLED = COLUMNS.replace("fetched_on", "snapshot_date")


def bundled(where: str = "true") -> list[tuple]:
    """The bundled file's rows, read straight from the parquet file."""
    return duckdb.sql(f"select {BUNDLED} from read_parquet('{SAMPLE}') where {where} order by 1, 2").fetchall()


@pytest.fixture(scope="module")
def service():
    with artificial_analysis_sample() as server:
        yield server


@pytest.fixture
def aa(service):
    """The service with its files as bundled, put back after a test changes them, and its request log emptied."""
    files = dict(service.files)
    service.request_log.clear()
    yield service
    service.files = files


def settings(service, key: str | None = None) -> ArtificialAnalysisSettings:
    return ArtificialAnalysisSettings(base_url=service.url, api_key=key,
                                      daily_reads_url=service.url + DAILY_READS_PATH)


def as_rows(tables) -> list[tuple]:
    conn = duckdb.connect()
    for position, table in enumerate(tables):
        conn.register(f"t{position}", table)
    union = " union all ".join(f"select {COLUMNS} from t{position}" for position in range(len(tables)))
    return conn.execute(f"select * from ({union}) order by 1, 2").fetchall()


def test_every_bundled_day_arrives_with_its_values_unchanged(aa):
    reads = read_new_days(settings(aa), None, set(), TODAY)
    days = [day for (day,) in duckdb.sql(f"select distinct snapshot_date from read_parquet('{SAMPLE}') order by 1").fetchall()]
    assert reads.days == days and len(days) == 92
    assert as_rows(reads.tables) == bundled()
    assert {table.column("read_from")[0].as_py() for table in reads.tables} == {"daily_read"}
    # No key: the API is not asked, and the read says why.
    assert reads.not_read == ["today's API read needs AA_API_KEY"]
    assert not any(entry["path"].startswith("/api/") for entry in aa.request_log)


def test_days_already_stored_are_not_asked_for_again(aa):
    stored = {dt.date(2026, 4, 10) + dt.timedelta(days=offset) for offset in range(92)}
    reads = read_new_days(settings(aa), dt.date(2026, 7, 10), stored, TODAY)
    assert reads.tables == [] and reads.missing_days == []
    assert [entry["path"] for entry in aa.request_log] == [f"{DAILY_READS_PATH}/latest.json"]


def test_a_day_the_collector_missed_is_told_and_the_days_after_it_are_read(aa):
    del aa.files[f"{DAILY_READS_PATH}/2026-07-08/llms.json"]
    reads = read_new_days(settings(aa), dt.date(2026, 7, 6), set(), TODAY)
    assert reads.missing_days == [dt.date(2026, 7, 8)]
    assert reads.days == [dt.date(2026, 7, 7), dt.date(2026, 7, 9), dt.date(2026, 7, 10)]
    assert as_rows(reads.tables) == bundled("snapshot_date in ('2026-07-07', '2026-07-09', '2026-07-10')")


def test_today_comes_from_the_api_with_its_key_in_the_apis_shape(aa):
    stored = {dt.date(2026, 4, 10) + dt.timedelta(days=offset) for offset in range(92)}
    reads = read_new_days(settings(aa, SAMPLE_KEY), dt.date(2026, 7, 10), stored, TODAY)
    assert reads.days == [TODAY]
    (table,) = reads.tables
    latest = duckdb.sql(f"select id, name, intelligence_index, coding_index from read_parquet('{SAMPLE}') "
                        "where snapshot_date = '2026-07-10' order by id").fetchall()
    assert [(row["id"], row["name"], row["intelligence_index"], row["coding_index"])
            for row in table.to_pylist()] == latest
    assert set(table.column("read_from").to_pylist()) == {"api"}
    # The API's shape carries no open-weights block.
    assert set(table.column("huggingface_url").to_pylist()) == {None}
    assert all(entry["headers"] == {"x-api-key": "***"} for entry in aa.request_log if entry["path"].startswith("/api/"))


def test_a_day_with_an_index_that_is_not_a_number_is_refused_by_day_and_model(aa):
    path = f"{DAILY_READS_PATH}/2026-07-09/llms.json"
    body = json.loads(aa.files[path].body)
    body["models"][3]["evaluations"]["artificial_analysis_intelligence_index"] = "61.2"
    aa.files[path] = ServedFile(json.dumps(body).encode(), "application/json", keyed=False)
    model = body["models"][3]["id"]
    with pytest.raises(SourceDataError, match=rf"read of 2026-07-09, model {model}: "
                                              r"artificial_analysis_intelligence_index is '61.2', not a number"):
        read_new_days(settings(aa), dt.date(2026, 7, 8), set(), TODAY)


def stored(home) -> list[tuple]:
    with duckdb.connect(str(home / "atom.duckdb"), read_only=True) as conn:
        return conn.execute(f"select {COLUMNS} from raw.artificial_analysis_models order by 1, 2").fetchall()


def test_the_raw_asset_stores_each_day_once_and_a_refused_batch_leaves_the_table_as_it_was(tmp_path, aa, monkeypatch):
    monkeypatch.setenv("AA_DAILY_READS_URL", aa.url + DAILY_READS_PATH)
    monkeypatch.delenv("AA_API_KEY", raising=False)
    resources = {"warehouse": WarehouseResource(home=str(tmp_path)), "artificial_analysis": ArtificialAnalysisSource()}
    # At first the collector has published up to 2026-07-05: the days after it come in a later refresh.
    latest = aa.files[f"{DAILY_READS_PATH}/latest.json"]
    aa.files[f"{DAILY_READS_PATH}/latest.json"] = ServedFile(b'{"date": "2026-07-05"}', "application/json", keyed=False)
    first = dg.materialize([artificial_analysis_models], resources=resources)
    assert stored(tmp_path) == bundled("snapshot_date <= '2026-07-05'")
    assert first.asset_materializations_for_node("raw__artificial_analysis_models")[0].metadata["days_read"].value == 87

    # A later day with two rows for one model fails its gate; nothing of that batch is stored.
    path = f"{DAILY_READS_PATH}/2026-07-07/llms.json"
    good = aa.files[path]
    body = json.loads(good.body)
    body["models"].append(body["models"][0])
    aa.files[path] = ServedFile(json.dumps(body).encode(), "application/json", keyed=False)
    aa.files[f"{DAILY_READS_PATH}/latest.json"] = latest
    refused = dg.materialize([artificial_analysis_models], resources=resources, raise_on_error=False)
    assert not refused.success
    assert "fetched_on" in refused.get_asset_check_evaluations()[0].description
    assert stored(tmp_path) == bundled("snapshot_date <= '2026-07-05'")

    aa.files[path] = good
    aa.request_log.clear()
    assert dg.materialize([artificial_analysis_models], resources=resources).success
    assert stored(tmp_path) == bundled()
    assert [entry["path"] for entry in aa.request_log] == [
        f"{DAILY_READS_PATH}/latest.json",
        *(f"{DAILY_READS_PATH}/2026-07-{day:02d}/llms.json" for day in range(6, 11)),
    ]
    # Run again: nothing new, nothing changed.
    again = dg.materialize([artificial_analysis_models], resources=resources)
    assert again.asset_materializations_for_node("raw__artificial_analysis_models")[0].metadata["days_read"].value == 0
    assert stored(tmp_path) == bundled()


def test_with_neither_daily_reads_nor_a_key_the_source_is_skipped_and_nothing_is_materialized(tmp_path, monkeypatch):
    monkeypatch.setenv("AA_DAILY_READS_URL", "")
    monkeypatch.delenv("AA_API_KEY", raising=False)
    resources = {"warehouse": WarehouseResource(home=str(tmp_path)), "artificial_analysis": ArtificialAnalysisSource()}
    result = dg.materialize([artificial_analysis_models], resources=resources)
    assert result.asset_materializations_for_node("raw__artificial_analysis_models") == []
    assert stored(tmp_path) == []

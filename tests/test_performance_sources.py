"""The performance sources over real HTTP on loopback: the Arena dataset through hf_hub_download, Epoch AI's CSV and
the Artificial Analysis API through requests, and the quality gate in front of the raw tables."""

import csv
import datetime as dt
import io
import json

import dagster as dg
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ingestion.artificial_analysis.client import ArtificialAnalysisSettings, fetch_models
from ingestion.artificial_analysis.models import aa_models_table
from ingestion.epoch.models import EpochSettings, epoch_table, fetch_epoch_csv
from ingestion.errors import SourceAbsentError, SourceDataError, SourceUnavailableError
from ingestion.huggingface import HubSettings
from ingestion.lmarena.leaderboard import LEADERBOARD_FILE, LEADERBOARD_REPO, download_leaderboard
from replay.files import EPOCH_PATH, EPOCH_SAMPLE, ReplayFiles, ServedFile, epoch_sample
from replay.lmarena import DEFAULT_SAMPLE_DIR, HISTORY_FILE, SNAPSHOT_FILE, leaderboard_parquet
from replay.server import ReplayHub
from orchestration.performance.assets import lmarena_leaderboard
from orchestration.resources import HubSource, WarehouseResource

TODAY = dt.date(2026, 11, 24)
AA_KEY = "aa-test-secret"


@pytest.fixture(scope="module")
def arena_hub():
    with ReplayHub.from_sample() as server:
        yield server


def parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_the_arena_file_arrives_through_hf_hub_download_with_every_rating_of_the_bundled_files(arena_hub):
    table = download_leaderboard(HubSettings(endpoint=arena_hub.url), TODAY)
    # Counted a second way, from the two real files as published: non-zero history cells and export entries.
    with open(DEFAULT_SAMPLE_DIR / HISTORY_FILE, newline="") as handle:
        history = [row for row in csv.reader(handle)][1:]
    listed = sum(1 for row in history for cell in row[1:] if cell.strip() and float(cell) != 0)
    export = json.loads((DEFAULT_SAMPLE_DIR / SNAPSHOT_FILE).read_text())
    assert table.num_rows == listed + sum(len(models) for models in export.values())
    latest = {
        row["model_name"]: row["rating"]
        for row in table.to_pylist()
        if row["leaderboard_publish_date"] == dt.date(2025, 12, 17) and row["category"] == "overall"
    }
    assert latest == {name: entry["rating"] for name, entry in export["full"].items()}
    assert any(entry["path"] == f"/datasets/{LEADERBOARD_REPO}/resolve/main/{LEADERBOARD_FILE}"
               for entry in arena_hub.request_log)


def test_an_arena_file_without_ratings_is_refused_and_a_missing_or_refused_one_is_told_apart(arena_hub):
    arena_hub.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, parquet(pa.table({
        "model_name": ["a"], "category": ["overall"], "leaderboard_publish_date": ["2025-01-01"]})))
    try:
        with pytest.raises(SourceDataError, match=rf"{LEADERBOARD_REPO}/{LEADERBOARD_FILE} has no column\(s\) rating"):
            download_leaderboard(HubSettings(endpoint=arena_hub.url), TODAY)
        # A file the endpoint does not hold is absent (a mirror without the dataset), not a failed download.
        arena_hub.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, None)
        with pytest.raises(SourceAbsentError, match=r"leaderboard-dataset/.* is not at this endpoint"):
            download_leaderboard(HubSettings(endpoint=arena_hub.url), TODAY)
        arena_hub.inject_fault("/datasets/lmarena-ai/", 403, times=1)
        with pytest.raises(SourceUnavailableError, match="could not download .*leaderboard-dataset"):
            download_leaderboard(HubSettings(endpoint=arena_hub.url), TODAY)
    finally:
        arena_hub.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, leaderboard_parquet)


def test_the_epoch_csv_arrives_through_requests_and_its_unnamed_lines_are_set_aside(epoch_csv):
    settings = EpochSettings(url=epoch_csv.url + EPOCH_PATH)
    read = epoch_table(fetch_epoch_csv(settings), TODAY, settings.url)
    with open(EPOCH_SAMPLE, newline="") as handle:
        records = list(csv.DictReader(handle))
    named = [record for record in records if record["Model"].strip()]
    assert len(read.unnamed_lines) == len(records) - len(named) > 0
    assert read.rows.column("model").to_pylist() == [record["Model"].strip() for record in named]
    assert read.rows.column("parameters").to_pylist() == [
        float(record["Parameters"]) if record["Parameters"].strip() else None for record in named
    ]


def test_a_bad_epoch_cell_is_named_by_line_and_a_missing_file_by_its_url():
    text = "Model,Organization,Country (from Organization),Parameters,Publication date,Model accessibility\n" \
           "Good,Org,China,7e9,2025-01-01,Open weights (unrestricted)\n" \
           "Bad,Org,China,seven billion,2025-01-01,Open weights (unrestricted)\n"
    with pytest.raises(SourceDataError, match=r"epoch\.csv line 3: Parameters 'seven billion' is not a number"):
        epoch_table(text, TODAY, "epoch.csv")
    with pytest.raises(SourceDataError, match="has no column.*Model accessibility"):
        epoch_table("Model,Organization,Country (from Organization),Parameters,Publication date\n", TODAY, "x")
    with epoch_sample() as server:
        with pytest.raises(SourceUnavailableError, match=f"{server.url}/data/elsewhere.csv answered 404"):
            fetch_epoch_csv(EpochSettings(url=server.url + "/data/elsewhere.csv"))


AA_ANSWER = {
    "status": 200,
    "data": [
        {"id": "a1", "name": "DeepSeek V3", "slug": "deepseek-v3", "release_date": "2024-12-26",
         "model_creator": {"id": "c1", "name": "DeepSeek", "slug": "deepseek"},
         "evaluations": {"artificial_analysis_intelligence_index": 46.4, "artificial_analysis_coding_index": 36.1}},
        {"id": "a2", "name": "Frontier", "slug": "frontier", "release_date": None,
         "model_creator": {"id": "c2", "name": "Lab", "slug": "lab"}, "evaluations": {}},
    ],
}


def test_the_artificial_analysis_api_is_read_with_its_key_which_no_log_or_message_holds():
    files = {"/api/v2/data/llms/models": ServedFile(json.dumps(AA_ANSWER).encode(), "application/json")}
    with ReplayFiles(files, required_headers={"x-api-key": AA_KEY}) as server:
        settings = ArtificialAnalysisSettings(base_url=server.url, api_key=AA_KEY)
        table = aa_models_table(fetch_models(settings), TODAY)
        assert table.column("intelligence_index").to_pylist() == [46.4, None]
        assert table.column("creator_slug").to_pylist() == ["deepseek", "lab"]
        with pytest.raises(SourceUnavailableError, match="refused the key in AA_API_KEY") as refused:
            fetch_models(ArtificialAnalysisSettings(base_url=server.url, api_key="wrong-key"))
        assert [entry["status"] for entry in server.request_log] == [200, 401]
    assert AA_KEY not in repr(settings) and AA_KEY not in repr(server.request_log)
    assert "wrong-key" not in str(refused.value)
    with pytest.raises(SourceUnavailableError, match="set AA_API_KEY"):
        fetch_models(ArtificialAnalysisSettings(base_url="http://127.0.0.1:9"))


def test_a_rejected_arena_file_leaves_the_stored_table_as_it_was(tmp_path, arena_hub):
    resources = {"warehouse": WarehouseResource(home=str(tmp_path)), "hub": HubSource(endpoint=arena_hub.url)}
    assert dg.materialize([lmarena_leaderboard], resources=resources).success
    warehouse = tmp_path / "atom.duckdb"

    def stored():
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            return conn.execute("select count(*), max(rating) from raw.lmarena_leaderboard").fetchone()

    before = stored()
    arena_hub.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, parquet(pa.table({
        "model_name": ["a", "b"], "category": ["overall"] * 2, "leaderboard_publish_date": ["2026-01-01"] * 2,
        "rating": [1300.0, 13000.0]})))
    try:
        result = dg.materialize([lmarena_leaderboard], resources=resources, raise_on_error=False)
    finally:
        arena_hub.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, leaderboard_parquet)
    assert not result.success
    checks = result.get_asset_check_evaluations()
    assert [check.passed for check in checks] == [False]
    assert "expect_column_values_to_be_between on column rating" in checks[0].description
    assert stored() == before


def test_the_arena_file_read_can_be_pointed_elsewhere(tmp_path, arena_hub, monkeypatch):
    latest = pa.table({"model_name": ["a", "b"], "category": ["overall"] * 2,
                       "leaderboard_publish_date": ["2026-01-02"] * 2, "rating": [1400.0, 1350.5]})
    arena_hub.add_dataset_file(LEADERBOARD_REPO, "text/latest-00000-of-00001.parquet", parquet(latest))
    monkeypatch.setenv("ATOM_LMARENA_FILE", "text/latest-00000-of-00001.parquet")
    resources = {"warehouse": WarehouseResource(home=str(tmp_path)), "hub": HubSource(endpoint=arena_hub.url)}
    result = dg.materialize([lmarena_leaderboard], resources=resources)
    with duckdb.connect(str(tmp_path / "atom.duckdb"), read_only=True) as conn:
        stored = conn.execute("select model_name, rating, source_file from raw.lmarena_leaderboard order by 1").fetchall()
    assert stored == [("a", 1400.0, f"{LEADERBOARD_REPO}/text/latest-00000-of-00001.parquet"),
                      ("b", 1350.5, f"{LEADERBOARD_REPO}/text/latest-00000-of-00001.parquet")]
    metadata = result.asset_materializations_for_node("raw__lmarena_leaderboard")[0].metadata
    assert metadata["file"].value == f"{LEADERBOARD_REPO}/text/latest-00000-of-00001.parquet"

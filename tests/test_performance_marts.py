"""The performance marts built by dbt from hand-made source rows: the best open model of each region against the best
closed one, the Artificial Analysis fallback to OpenRouter's block, unmatched names, and the Epoch cross-check."""

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ingestion.artificial_analysis.client import aa_models_table
from ingestion.epoch.models import epoch_table
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from ingestion.lmarena.leaderboard import leaderboard_table
from ingestion.openrouter.catalogue import catalogue_table
from ingestion.openrouter.rankings import rankings_table
from orchestration.warehouse import replace_day, replace_table
from report.performance import arena_best_open_against_closed, intelligence_index_best_open_against_closed
from tests.dbt_run import dbt_build
from tests.warehouse_snapshot import rows

FETCHED = dt.date(2025, 6, 15)
NOTICE = "MADE-UP sample"
D1, D2 = dt.date(2025, 1, 5), dt.date(2025, 2, 1)
ARENA = [
    # (publish date, category, name, rating)
    (D1, "overall", "deepseek-v3", 1320.0),  # the tracked deepseek-ai/DeepSeek-V3 by name: china
    (D1, "overall", "kimi-k2-0711-preview", 1330.0),  # the alias seed's moonshotai/Kimi-K2-Instruct: china
    (D1, "overall", "llama-3.3-70b-instruct", 1260.0),  # meta-llama/Llama-3.3-70B-Instruct: us
    (D1, "overall", "frontier-closed", 1380.0),
    (D1, "overall", "mystery-model-7b", 1200.0),  # maps to no repo: counted as closed, listed as unmatched
    (D1, "coding", "llama-3.3-70b-instruct", 1400.0),
    (D1, "coding", "frontier-closed", 1300.0),
    (D2, "overall", "deepseek-v3", 1330.0),
    (D2, "overall", "frontier-closed", 1350.0),
]
CATALOGUE = [
    {"id": "qwen/qwen3-32b", "hugging_face_id": "Qwen/Qwen3-32B", "created": "2025-03-10",
     "benchmarks": {"artificial_analysis": {"intelligence_index": 40}}},
    {"id": "closed/frontier", "hugging_face_id": "", "created": "2025-01-20",
     "benchmarks": {"artificial_analysis": {"intelligence_index": 50}}},
    {"id": "meta-llama/llama-3.3-70b-instruct", "hugging_face_id": "meta-llama/Llama-3.3-70B-Instruct",
     "created": "2025-05-02", "benchmarks": {"artificial_analysis": {"intelligence_index": 30}}},
]
EPOCH_CSV = """Model,Organization,Country (from Organization),Parameters,Publication date,Model accessibility
Llama 3.3 70B,Meta AI,United States of America,70000000000,2024-12-06,Open weights (restricted use)
DeepSeek-V3,DeepSeek,"United States of America,Canada",671000000000,2024-12-26,Open weights (unrestricted)
Mistral-Small-24B-Instruct-2501,Mistral AI,France,30000000000,2025-01-30,Open weights (unrestricted)
Gemma 3 27B,Google DeepMind,"United States of America,United Kingdom of Great Britain and Northern Ireland",27000000000,2025-03-12,API access
"""


def catalogue_rows():
    models = [
        {**model, "created": int(dt.datetime.fromisoformat(f"{model['created']}T00:00:00+00:00").timestamp())}
        for model in CATALOGUE
    ]
    return catalogue_table(models, FETCHED)


def arena_rows():
    raw = pa.table(
        {
            "leaderboard_publish_date": [row[0] for row in ARENA],
            "category": [row[1] for row in ARENA],
            "model_name": [row[2] for row in ARENA],
            "rating": [row[3] for row in ARENA],
        }
    )
    return leaderboard_table(raw, FETCHED, "test")


def build(path: Path, aa_models: list[dict]) -> Path:
    tracked_row = snapshot_row(
        {"id": "Qwen/Qwen3-32B", "createdAt": "2025-04-29T00:00:00.000Z", "downloadsAllTime": 10, "downloads": 1},
        snapshot_date=FETCHED, provenance="observed", source_name="test",
    )
    replace_day(path, "raw", "hf_model_snapshots", FETCHED, to_table([tracked_row]), "snapshot_date")
    replace_table(path, "raw", "openrouter_models", catalogue_rows())
    ranked = [{"date": FETCHED, "model_permaslug": "qwen/qwen3-32b", "total_tokens": "1000"}]
    meta = {"as_of": "2025-06-15T00:00:00Z", "version": "1", "notice": NOTICE}
    replace_table(path, "raw", "openrouter_rankings_daily", rankings_table(ranked, meta))
    replace_table(path, "raw", "lmarena_leaderboard", arena_rows())
    replace_table(path, "raw", "artificial_analysis_models", aa_models_table(aa_models, FETCHED))
    replace_table(path, "raw", "epoch_models", epoch_table(EPOCH_CSV, FETCHED, "test").rows)
    dbt_build(path, "+performance_best_open_by_region", "+performance_unmatched_models",
              "+epoch_crosscheck_disagreements")
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """Arena rows, OpenRouter's catalogue and Epoch rows; the Artificial Analysis API was not read."""
    return build(tmp_path_factory.mktemp("performance") / "atom.duckdb", [])


def best(warehouse, benchmark, period):
    return {
        region: (model, name, score, closed, closed_score, gap, leads)
        for region, model, name, score, closed, closed_score, gap, leads in rows(
            warehouse,
            "select region, best_open_model, best_open_source_name, best_open_score, best_closed_model, "
            "best_closed_score, gap_to_closed, leads_open_models from marts.performance_best_open_by_region "
            "where benchmark = ? and period = ?",
            [benchmark, period],
        )
    }


def test_each_publish_date_has_each_regions_best_open_model_and_its_gap_to_the_best_closed(warehouse):
    first = best(warehouse, "arena_text_overall", D1)
    assert first == {
        "china": ("moonshotai/Kimi-K2-Instruct", "kimi-k2-0711-preview", 1330.0, "frontier-closed", 1380.0, -50.0,
                  True),
        "us": ("meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b-instruct", 1260.0, "frontier-closed", 1380.0,
               -120.0, False),
    }
    # A later date stands alone: the ratings of January do not carry into it.
    assert best(warehouse, "arena_text_overall", D2) == {
        "china": ("deepseek-ai/DeepSeek-V3", "deepseek-v3", 1330.0, "frontier-closed", 1350.0, -20.0, True)
    }


def test_ratings_compare_only_within_one_category(warehouse):
    assert best(warehouse, "arena_text_coding", D1) == {
        "us": ("meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b-instruct", 1400.0, "frontier-closed", 1300.0,
               100.0, True)
    }


def test_a_name_that_maps_to_no_repo_is_listed_as_unmatched(warehouse):
    unmatched = rows(warehouse, "select source, source_model, best_arena_overall_rating "
                                "from marts.performance_unmatched_models order by source_model")
    assert unmatched == [("lmarena", "frontier-closed", 1380.0), ("lmarena", "mystery-model-7b", 1200.0)]


def test_without_the_api_the_openrouter_block_gives_the_best_score_released_by_each_month(warehouse):
    found = rows(
        warehouse,
        "select period, region, best_open_score, best_closed_score, source, notice "
        "from marts.performance_best_open_by_region where benchmark = 'aa_intelligence_index'",
    )
    months = [dt.date(2025, month, 1) for month in range(1, 7)]
    # The OpenRouter service's notice travels with the scores taken from its catalogue.
    expected = [(month, "china", 40.0, 50.0, "openrouter", NOTICE) for month in months if month >= dt.date(2025, 3, 1)]
    expected += [(month, "us", 30.0, 50.0, "openrouter", NOTICE) for month in months if month >= dt.date(2025, 5, 1)]
    assert sorted(found) == sorted(expected)


def test_the_api_replaces_the_openrouter_block_when_it_was_read(tmp_path):
    api = [
        {"id": "aa-1", "name": "DeepSeek V3", "release_date": "2025-02-14",
         "evaluations": {"artificial_analysis_intelligence_index": 44.5, "artificial_analysis_coding_index": 38}},
        {"id": "aa-2", "name": "Closed Frontier", "release_date": "2025-01-02",
         "evaluations": {"artificial_analysis_intelligence_index": 61}},
    ]
    warehouse = build(tmp_path / "atom.duckdb", api)
    found = rows(
        warehouse,
        "select distinct source, benchmark, region, best_open_model, best_open_score, best_closed_model "
        "from marts.performance_best_open_by_region where benchmark like 'aa_%' order by benchmark",
    )
    assert found == [
        ("artificial_analysis", "aa_coding_index", "china", "deepseek-ai/DeepSeek-V3", 38.0, None),
        ("artificial_analysis", "aa_intelligence_index", "china", "deepseek-ai/DeepSeek-V3", 44.5, "Closed Frontier"),
    ]
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        figure = intelligence_index_best_open_against_closed(conn)
    assert figure.source_line == "Source: Artificial Analysis (artificialanalysis.ai), read through its API."
    assert "MADE-UP" not in figure.description and figure.label is None


def test_epoch_disagreements_name_the_model_the_field_and_both_values(warehouse):
    found = rows(
        warehouse,
        "select model_id, field, warehouse_value, epoch_value from marts.epoch_crosscheck_disagreements "
        "order by model_id, field",
    )
    assert found == [
        ("deepseek-ai/DeepSeek-V3", "region", "china", "United States of America,Canada (other, us)"),
        ("google/gemma-3-27b-it", "accessibility", "open weights (on the Hub)", "API access"),
        ("mistralai/Mistral-Small-24B-Instruct-2501", "parameters_b", "24.0", "30.0"),
    ]
    # Llama 3.3 70B agrees on every field, and it was matched (by its base name), so its absence means agreement.
    matched = rows(warehouse, "select model_id, match_method from intermediate.int_epoch__model_matches "
                              "where epoch_model = 'Llama 3.3 70B'")
    assert matched == [("meta-llama/Llama-3.3-70B-Instruct", "base name")]


def test_the_report_sections_name_their_source_and_say_when_the_block_is_made_up(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        arena = arena_best_open_against_closed(conn)
        index = intelligence_index_best_open_against_closed(conn)
    assert arena.source_line == f"Source: LMArena text leaderboard (lmarena.ai, data CC BY 4.0), publish dates {D1} to {D2}."
    assert [trace.name for trace in arena.chart.data] == ["best open (china)", "best open (us)", "best closed model"]
    assert arena.label is None
    assert index.description.startswith("MADE-UP SAMPLE DATA") and index.label == "MADE-UP"
    assert index.source_line.endswith("read through the Artificial Analysis block of OpenRouter's model catalogue.")

"""The performance marts built by dbt from hand-made source rows: the best open model of each region against the best
closed one on each Arena publish date and each day Artificial Analysis was read, unmatched names, the crosswalk that
ties OpenRouter ids to Hub repos, and the Epoch cross-check."""

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ingestion.artificial_analysis.models import API, DAILY_READ, aa_models_table
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
    {"id": "qwen/qwen3-32b", "hugging_face_id": "Qwen/Qwen3-32B", "created": "2025-03-10"},
    {"id": "closed/frontier", "hugging_face_id": "", "created": "2025-01-20"},
    {"id": "meta-llama/llama-3.3-70b-instruct", "hugging_face_id": "meta-llama/Llama-3.3-70B-Instruct",
     "created": "2025-05-02"},
]
AA_DAY_1, AA_DAY_2, AA_DAY_3 = dt.date(2025, 6, 10), dt.date(2025, 6, 11), dt.date(2025, 6, 12)


def leaderboard_model(model_id, name, country, open_weights, url, index):
    """One model as the leaderboard page lists it."""
    return {"id": model_id, "name": name, "slug": model_id, "creator": {"name": name, "country": country},
            "open_weights": {"is_open_weights": open_weights, "huggingface_url": url},
            "evaluations": {"artificial_analysis_intelligence_index": index}}


AA_DAY_1_MODELS = [
    leaderboard_model("aa-ds", "DeepSeek V3", "cn", True, "https://huggingface.co/deepseek-ai/DeepSeek-V3", 44.5),
    # Listed open-weight, its weights elsewhere: open, region from its creator's country.
    leaderboard_model("aa-kimi", "Kimi Next", "cn", True, "https://github.com/moonshot/kimi-next", 47.0),
    leaderboard_model("aa-llama", "Llama 3.3 70B", "us", True,
                      "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct", 30.0),
    # An org the warehouse has no region for: its creator's country (kr) gives one.
    leaderboard_model("aa-ex", "Example Open 7B", "kr", True, "https://huggingface.co/example-lab/open-7b", 20.0),
    leaderboard_model("aa-med", "Mistral Medium", "fr", False, None, 40.0),
    leaderboard_model("aa-frontier", "Closed Frontier", "us", False, None, 61.0),
]
# The next day's indexes are re-based, and the API's shape has no open-weights block: the crosswalk seed ties the
# real slug deepseek-v3 to its repo.
AA_DAY_2_API = [
    {"id": "aa-ds", "name": "DeepSeek V3", "slug": "deepseek-v3", "model_creator": {"name": "DeepSeek"},
     "evaluations": {"artificial_analysis_intelligence_index": 40.0}},
    {"id": "aa-frontier", "name": "Closed Frontier", "slug": "closed-frontier", "model_creator": {"name": "Lab"},
     "evaluations": {"artificial_analysis_intelligence_index": 55.0}},
]
# A day later the weights of Mistral Medium are out: open that day, and still closed on the days before.
AA_DAY_3_MODELS = [
    leaderboard_model("aa-med", "Mistral Medium", "fr", True, "https://huggingface.co/mistralai/Mistral-Medium-3", 42.0),
    leaderboard_model("aa-frontier", "Closed Frontier", "us", False, None, 63.0),
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


def build(path: Path, aa_reads: list[pa.Table]) -> Path:
    tracked_row = snapshot_row(
        {"id": "Qwen/Qwen3-32B", "createdAt": "2025-04-29T00:00:00.000Z", "downloadsAllTime": 10, "downloads": 1},
        snapshot_date=FETCHED, provenance="observed", source_name="test",
    )
    replace_day(path, "raw", "hf_model_snapshots", FETCHED, to_table([tracked_row]), "snapshot_date")
    replace_table(path, "raw", "openrouter_models", catalogue_rows())
    ranked = [
        {"date": FETCHED, "model_permaslug": slug, "total_tokens": "1000"}
        # In no catalogue and no alias: the first by the crosswalk, the second an id the crosswalk gives two repos.
        for slug in ["qwen/qwen3-32b", "z-ai/glm-4.5v", "qwen/qwen3-vl-32b-instruct"]
    ]
    meta = {"as_of": "2025-06-15T00:00:00Z", "version": "1", "notice": NOTICE}
    replace_table(path, "raw", "openrouter_rankings_daily", rankings_table(ranked, meta))
    replace_table(path, "raw", "lmarena_leaderboard", arena_rows())
    replace_table(path, "raw", "artificial_analysis_models", pa.concat_tables(aa_reads))
    replace_table(path, "raw", "epoch_models", epoch_table(EPOCH_CSV, FETCHED, "test").rows)
    dbt_build(path, "+performance_best_open_by_region", "+performance_unmatched_models",
              "+epoch_crosscheck_disagreements", "+int_openrouter__model_matches")
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """Arena rows, OpenRouter's catalogue and rankings, two days of Artificial Analysis and Epoch rows."""
    aa_reads = [
        aa_models_table(AA_DAY_1_MODELS, AA_DAY_1, DAILY_READ), aa_models_table(AA_DAY_2_API, AA_DAY_2, API),
        aa_models_table(AA_DAY_3_MODELS, AA_DAY_3, DAILY_READ),
    ]
    return build(tmp_path_factory.mktemp("performance") / "atom.duckdb", aa_reads)


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
    unmatched = rows(warehouse, "select source, source_model, is_open_weight, best_arena_overall_rating, "
                                "best_aa_intelligence_index from marts.performance_unmatched_models order by 1, 2")
    assert unmatched == [
        ("artificial_analysis", "Closed Frontier", False, None, 63.0),
        ("artificial_analysis", "Kimi Next", True, None, 47.0),
        ("lmarena", "frontier-closed", False, 1380.0, None),
        ("lmarena", "mystery-model-7b", False, 1200.0, None),
    ]


def test_each_day_artificial_analysis_was_read_stands_alone_with_its_own_open_weights_listing(warehouse):
    assert best(warehouse, "aa_intelligence_index", AA_DAY_1) == {
        "china": (None, "Kimi Next", 47.0, "Closed Frontier", 61.0, -14.0, True),
        "us": ("meta-llama/Llama-3.3-70B-Instruct", "Llama 3.3 70B", 30.0, "Closed Frontier", 61.0, -31.0, False),
        "other": ("example-lab/open-7b", "Example Open 7B", 20.0, "Closed Frontier", 61.0, -41.0, False),
    }
    # Re-based the next day, read through the API: DeepSeek V3 is open by the crosswalk's repo, and china's best.
    assert best(warehouse, "aa_intelligence_index", AA_DAY_2) == {
        "china": ("deepseek-ai/DeepSeek-V3", "DeepSeek V3", 40.0, "Closed Frontier", 55.0, -15.0, True),
    }
    assert best(warehouse, "aa_intelligence_index", AA_DAY_3) == {
        "eu": ("mistralai/Mistral-Medium-3", "Mistral Medium", 42.0, "Closed Frontier", 63.0, -21.0, True),
    }


def test_the_crosswalk_ties_an_openrouter_id_to_one_repo_and_leaves_an_ambiguous_one_unmatched(warehouse):
    found = rows(warehouse, "select model_permaslug, hub_model_id, match_method "
                            "from intermediate.int_openrouter__model_matches order by 1")
    assert found == [
        ("qwen/qwen3-32b", "Qwen/Qwen3-32B", "hugging_face_id"),
        ("qwen/qwen3-vl-32b-instruct", None, None),
        ("z-ai/glm-4.5v", "zai-org/GLM-4.5V", "artificial_analysis_crosswalk"),
    ]


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


def test_the_report_figures_name_their_source_and_draw_each_day_read(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        arena = arena_best_open_against_closed(conn)
        index = intelligence_index_best_open_against_closed(conn)
    assert arena.source_line == f"Source: LMArena text leaderboard (lmarena.ai, data CC BY 4.0), publish dates {D1} to {D2}."
    assert [trace.name for trace in arena.chart.data] == ["best open (china)", "best open (us)", "best closed model"]
    assert arena.label is None
    assert index.source_line == (
        f"Source: Artificial Analysis (artificialanalysis.ai), read daily from {AA_DAY_1} to {AA_DAY_3}."
    )
    assert index.label is None and "MADE-UP" not in index.description
    traces = {trace.name: (list(trace.y), list(trace.text)) for trace in index.chart.data}
    assert traces == {
        "best open (china)": ([47.0, 40.0], ["Kimi Next", "deepseek-ai/DeepSeek-V3"]),
        "best open (us)": ([30.0], ["meta-llama/Llama-3.3-70B-Instruct"]),
        "best open (eu)": ([42.0], ["mistralai/Mistral-Medium-3"]),
        "best open (other)": ([20.0], ["example-lab/open-7b"]),
        "best closed model": ([61.0, 55.0, 63.0], ["Closed Frontier"] * 3),
    }

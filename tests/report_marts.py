"""A small hand-made published marts file for the report's tests: a few rows per mart, whose figures are known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

JAN, FEB, MAR, APR = (dt.date(2025, month, 1) for month in (1, 2, 3, 4))
MADE_UP_NOTICE = "MADE-UP sample, not OpenRouter data"
# Qwen passes Llama in March: 210 > 200, having been at or below it (120 <= 150) in February.
FAMILY_CUMULATIVE = {
    "Llama": [100, 150, 200, 240],
    "Qwen": [50, 120, 210, 300],
    "Mistral": [10, 20, 30, 40],
}
# The latest complete week and the one before, as changes_weekly states them.
WEEK = (dt.date(2025, 4, 21), dt.date(2025, 4, 27), dt.date(2025, 4, 14), dt.date(2025, 4, 20))
REGION_CUMULATIVE = {"china": [60, 140, 240, 340], "us": [110, 170, 230, 280]}

MARTS = {
    "downloads_by_region_monthly": (
        "month date, region varchar, downloads bigint, cumulative_downloads bigint, share_of_downloads double, "
        "share_of_cumulative double, is_partial_month boolean, provenance varchar",
        [
            (month, region, None, values[i], 0.5, values[i] / sum(v[i] for v in REGION_CUMULATIVE.values()),
             month == APR, "reconstructed")
            for i, month in enumerate((JAN, FEB, MAR, APR))
            for region, values in REGION_CUMULATIVE.items()
        ],
    ),
    "downloads_by_family_monthly": (
        "month date, family varchar, cumulative_downloads bigint, is_partial_month boolean, provenance varchar",
        [
            (month, family, values[i], False, "observed")
            for i, month in enumerate((JAN, FEB, MAR, APR))
            for family, values in FAMILY_CUMULATIVE.items()
        ],
    ),
    "family_crossovers": (
        "month date, family varchar, passed_family varchar, family_cumulative bigint, "
        "passed_family_cumulative bigint, provenance varchar",
        [(MAR, "Qwen", "Llama", 210, 200, "observed"), (JAN, "Llama", "Mistral", 100, 10, "observed")],
    ),
    "downloads_by_org_monthly": (
        "month date, org varchar, region varchar, downloads bigint, is_partial_month boolean, provenance varchar",
        [
            (JAN, "meta-llama", "us", 500, False, "observed"),
            (FEB, "meta-llama", "us", 400, False, "observed"),
            (MAR, "meta-llama", "us", 999, True, "observed"),  # the running month: left out
            (JAN, "mistralai", "eu", 100, False, "observed"),
            (FEB, "mistralai", "eu", 150, False, "observed"),
            (JAN, "Qwen", "china", 5000, False, "observed"),  # not a Western org
        ],
    ),
    "new_entrants_monthly": (
        "month date, org varchar, region varchar, downloads bigint, is_partial_month boolean, provenance varchar",
        [],
    ),
    "org_share_by_size_bucket_monthly": (
        "month date, size_bucket varchar, org varchar, region varchar, cumulative_downloads bigint, "
        "share_of_bucket_cumulative double, provenance varchar",
        [
            (MAR, "250B+", "deepseek-ai", "china", 470, 0.47, "observed"),  # an older month: not drawn
            (APR, "250B+", "deepseek-ai", "china", 470, 0.47, "observed"),
            (APR, "250B+", "moonshotai", "china", 200, 0.20, "observed"),
            (APR, "250B+", "meta-llama", "us", 150, 0.15, "observed"),
            (APR, "250B+", "zai-org", "china", 100, 0.10, "observed"),
            (APR, "250B+", "tiny-org", "other", 80, 0.08, "observed"),
            (APR, "7-9B", "Qwen", "china", 600, 0.60, "observed"),
            (APR, "7-9B", "meta-llama", "us", 400, 0.40, "observed"),
        ],
    ),
    "leading_org_vs_next_orgs_monthly": (
        "month date, leading_org varchar, leading_org_downloads bigint, next_orgs_counted integer, next_orgs varchar, "
        "next_orgs_downloads bigint, is_partial_month boolean, provenance varchar",
        [(JAN, "Qwen", 5000, 8, "meta-llama, mistralai", 600, False, "observed")],
    ),
    "top_models_monthly": (
        "month date, rank integer, model_id varchar, region varchar, size_bucket varchar, downloads bigint, "
        "share_of_downloads double, is_partial_month boolean, provenance varchar",
        [
            (FEB, 1, "Qwen/Qwen3-8B", "china", "7-9B", 900, 0.6, False, "observed"),
            (FEB, 2, "meta-llama/Llama-3.1-8B", "us", "7-9B", 600, 0.4, False, "observed"),
        ],
    ),
    "new_derivatives_by_region_monthly": (
        "month date, root_region varchar, new_derivatives double, share_of_new_derivatives double",
        [(JAN, "china", 3, 0.75), (JAN, "us", 1, 0.25)],
    ),
    "new_derivatives_by_family_monthly": (
        "month date, root_family varchar, new_derivatives double, share_of_new_derivatives double",
        [(JAN, "Qwen", 3, 0.75), (JAN, "Llama", 1, 0.25)],
    ),
    "inference_share_by_region_monthly": (
        "scope varchar, month date, region varchar, share_of_tokens double",
        [("top_10_open", JAN, "china", 0.6), ("top_10_open", JAN, "us", 0.4), ("all_open", JAN, "us", 1.0)],
    ),
    "inference_open_vs_closed_monthly": (
        "month date, as_of varchar, notice varchar",
        [(JAN, "2025-01-31T00:00:00Z", MADE_UP_NOTICE)],
    ),
    "performance_best_open_by_region": (
        "benchmark varchar, source varchar, period date, region varchar, best_open_model varchar, "
        "best_open_source_name varchar, best_open_score double, best_closed_model varchar, best_closed_score double",
        [
            ("arena_text_overall", "lmarena", JAN, "china", "deepseek-ai/DeepSeek-V3", "deepseek-v3", 1320,
             "frontier", 1380),
            ("arena_text_overall", "lmarena", JAN, "us", "meta-llama/Llama-3.3-70B", "llama-3.3-70b", 1260,
             "frontier", 1380),
            ("arena_text_overall", "lmarena", FEB, "china", "deepseek-ai/DeepSeek-V3", "deepseek-v3", 1330,
             "frontier", 1350),
            ("arena_text_coding", "lmarena", JAN, "us", "meta-llama/Llama-3.3-70B", "llama-3.3-70b", 1400,
             "frontier", 1300),
            ("aa_intelligence_index", "artificial_analysis", MAR, "china", "Qwen/Qwen3-32B", "Qwen3 32B", 40,
             "closed", 60),
            # Listed open-weight by Artificial Analysis, its weights not on the Hub: no repo, its name stands.
            ("aa_intelligence_index", "artificial_analysis", APR, "china", None, "Kimi Next", 45, "closed", 62),
        ],
    ),
    "ram_scores": (
        "model_id varchar, size_bucket varchar, days_since_release integer, downloads_at_milestone double, "
        "milestone_status varchar",
        [
            ("Qwen/Qwen3-8B", "7-9B", 7, 1000, "known"),
            ("Qwen/Qwen3-8B", "7-9B", 30, 5000, "known"),
            ("Qwen/Qwen3-8B", "7-9B", 90, None, "not_yet_reached"),
            ("old/model", "7-9B", 7, 99, "known"),  # not a recent release
        ],
    ),
    "ram_baselines": (
        "size_bucket varchar, days_since_release integer, median_top_10_downloads double, tenth_ranked_baseline double",
        [("7-9B", 7, 800, 200), ("7-9B", 30, 4000, None), ("250B+", 7, 50, 5)],
    ),
    "changes_weekly": (
        "week_start date, week_end date, previous_week_start date, previous_week_end date, section_order integer, "
        "section varchar, position integer, subject varchar, rank_now integer, rank_before integer, value_now double, "
        "value_before double, change double, detail varchar, source_mart varchar",
        [
            (WEEK[0], WEEK[1], WEEK[2], WEEK[3], 1, "top10_entered", 4, "Qwen/Qwen3-8B", 4, 12, 9000, 2000, 7000,
             "entered the top 10 of 2025-04 so far at rank 4 (rank 12 a week before)", "model_downloads_derived_daily"),
            (WEEK[0], WEEK[1], WEEK[2], WEEK[3], 4, "region_share", 1, "china", None, None, 55.0, 50.0, 5.0,
             "55.0% of tracked downloads this week, +5.0 points on the week before", "model_downloads_derived_daily"),
            (WEEK[0], WEEK[1], WEEK[2], WEEK[3], 4, "region_share", 2, "us", None, None, 45.0, 50.0, -5.0,
             "45.0% of tracked downloads this week, -5.0 points on the week before", "model_downloads_derived_daily"),
            (WEEK[0], WEEK[1], WEEK[2], WEEK[3], 6, "new_release", 1, "new/unscored", None, None, None, None, None,
             "released 2025-04-20; no RAM score yet", "ram_scores"),
        ],
    ),
    "model_downloads_monthly": (
        "month date, model_id varchar, downloads bigint, spike_downloads bigint, spikes_capped boolean",
        [(MAR, "Qwen/Qwen3-8B", 500, 0, False), (APR, "Qwen/Qwen3-8B", 900, 300, False)],
    ),
    "download_quality_flags": (
        "date date, model_id varchar, flag varchar, reason varchar",
        [(dt.date(2025, 4, 9), "Qwen/Qwen3-8B", "spike", "derived downloads of 400 ..."),
         (dt.date(2025, 4, 10), "Qwen/Qwen3-8B", "gap_filled", "no snapshot this day")],
    ),
    "ram_recent_releases": (
        "rank integer, model_id varchar, org varchar, size_bucket varchar, latest_milestone_days integer, "
        "ram_score_median_top_10 double, ram_score_tenth_ranked double",
        [(1, "Qwen/Qwen3-8B", "Qwen", "7-9B", 30, 1.25, None), (2, "new/unscored", "new", "7-9B", None, None, None)],
    ),
}


def write_marts(path: Path, *, empty: tuple[str, ...] = ()) -> Path:
    """Write the hand-made marts to a DuckDB file, leaving the tables named in `empty` without rows."""
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema marts")
        for table, (columns, rows) in MARTS.items():
            conn.execute(f"create table marts.{table} ({columns})")
            if rows and table not in empty:
                marks = ", ".join("?" for _ in rows[0])
                conn.executemany(f"insert into marts.{table} values ({marks})", rows)
    return path

"""The Relative Adoption Metric on a hand-made history: both baselines of each size bucket and each model's scores at
the milestones, worked out by hand (including the running maximum, a bucket of fewer than 10 models, a model too young
for a milestone and one released before the history starts), built by dbt."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from orchestration.warehouse import replace_day
from tests.dbt_run import dbt_build
from tests.warehouse_snapshot import rows

MILESTONES = (7, 14, 30, 60, 90, 180, 365)
HISTORY_START, HISTORY_END = dt.date(2025, 1, 1), dt.date(2026, 2, 1)

# 7-9B (curated 7.0B): eleven models, the k-th with k times the shared curve. The first ten are released on every other
# day from 2025-01-01; the eleventh on 2025-06-01, too young for day 365 when the history ends on 2026-02-01.
SMALL = [
    "deepseek-ai/DeepSeek-Prover-V1.5-SFT", "THUDM/MathGLM", "inclusionAI/M2-Reasoning", "tencent/POINTS-Reader",
    "inclusionAI/Ling-Coder-lite", "internlm/internlm2_5-step-prover", "llava-hf/bakLlava-v1-hf", "THUDM/BPO",
    "openbmb/RLHF-V", "THUDM/MSAGPT", "inclusionAI/Rubicon-Preview",
]
# 250B+ (curated): five models, fewer than ten.
LARGE = {
    "zai-org/GLM-4.5-Base": (5, dt.date(2024, 12, 1)),  # released a month before the history starts
    "tencent/Tencent-Hunyuan-Large": (2, dt.date(2025, 2, 1)),
    "Snowflake/snowflake-arctic-base": (3, dt.date(2025, 3, 1)),  # too young for day 365
    "XiaomiMiMo/MiMo-V2-Flash-Base": (4, dt.date(2026, 1, 20)),  # 12 days old: day 7 only
    "inclusionAI/Ling-plus-base": (1, dt.date(2026, 1, 30)),  # 2 days old: no milestone yet
}
MODELS = {
    **{model: (k, dt.date(2025, 1, 1) + dt.timedelta(days=2 * (k - 1))) for k, model in enumerate(SMALL[:10], 1)},
    SMALL[10]: (11, dt.date(2025, 6, 1)),
    **LARGE,
}
UNSNAPSHOTTED = ("zai-org/GLM-4.5-Base", 60)  # its day 60 (2025-01-30) has no snapshot: interpolated


def curve(days: int) -> int:
    """The all-time downloads of a k=1 model `days` after its release: 1,000 a day, then 600 a day after day 180."""
    return 1000 * days if days <= 180 else 180_000 + 600 * (days - 180)


def snapshot_days() -> list[dt.date]:
    days = {HISTORY_START, HISTORY_END}
    for model, (_, released) in MODELS.items():
        days.add(released)
        days.update(released + dt.timedelta(days=n) for n in MILESTONES)
    k, released = MODELS[UNSNAPSHOTTED[0]]
    days.discard(released + dt.timedelta(days=UNSNAPSHOTTED[1]))
    return sorted(day for day in days if HISTORY_START <= day <= HISTORY_END)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ram") / "atom.duckdb"
    for day in snapshot_days():
        records = [
            {"id": model, "createdAt": f"{released.isoformat()}T00:00:00.000Z",
             "downloadsAllTime": k * curve((day - released).days), "downloads": 1000}
            for model, (k, released) in MODELS.items()
            if released <= day
        ]
        batch = to_table([snapshot_row(r, snapshot_date=day, provenance="observed", source_name="test") for r in records])
        replace_day(path, "raw", "hf_model_snapshots", day, batch, "snapshot_date")
    conn = duckdb.connect(str(path))
    conn.register("empty", DERIVATIVE_SCHEMA.empty_table())
    conn.execute("create or replace table raw.hf_derivatives as select * from empty")
    conn.close()
    dbt_build(path, "+ram_recent_releases")
    return path


def baselines(warehouse, bucket):
    found = rows(
        warehouse,
        "select days_since_release, models_in_reference, median_top_10_downloads, tenth_ranked_downloads, "
        "tenth_ranked_baseline from marts.ram_baselines where size_bucket = ? order by 1",
        [bucket],
    )
    return {n: tuple(rest) for n, *rest in found}


def test_a_bucket_of_ten_or_more_takes_the_median_of_its_top_ten_and_a_monotonic_tenth(warehouse):
    # Up to day 180 all eleven models are known: the top ten are k = 2..11 (median 6.5), the 10th is k = 2.
    expected = {n: [11, 6.5 * curve(n), 2 * curve(n), 2 * curve(n)] for n in MILESTONES[:-1]}
    # At day 365 the eleventh is too young: the top ten are k = 1..10 (median 5.5), the 10th is k = 1, whose
    # 291,000 is below day 180's 360,000, so the running maximum keeps 360,000.
    expected[365] = [10, 5.5 * 291_000, 291_000, 360_000]
    assert baselines(warehouse, "7-9B") == {n: tuple(values) for n, values in expected.items()}


def test_a_bucket_of_fewer_than_ten_has_a_median_and_no_tenth(warehouse):
    expected = {
        7: (3, 3 * curve(7)),  # k = 2, 3, 4; k = 5 was released before the history and k = 1 is 2 days old
        14: (2, 2.5 * curve(14)),  # k = 2, 3
        30: (2, 2.5 * curve(30)),
        60: (3, 3 * curve(60)),  # k = 2, 3, 5
        90: (3, 3 * curve(90)),
        180: (3, 3 * curve(180)),
        365: (2, 3.5 * 291_000),  # k = 2, 5
    }
    assert baselines(warehouse, "250B+") == {n: (count, median, None, None) for n, (count, median) in expected.items()}


def scores(warehouse, model):
    found = rows(
        warehouse,
        "select days_since_release, milestone_status, downloads_at_milestone, is_interpolated, "
        "ram_score_median_top_10, ram_score_tenth_ranked from marts.ram_scores where model_id = ? order by 1",
        [model],
    )
    return {n: rest for n, *rest in found}


def test_scores_divide_the_models_downloads_by_each_baseline(warehouse):
    k = 4  # the fourth small model
    found = scores(warehouse, SMALL[k - 1])
    for n in MILESTONES[:-1]:
        assert found[n][:3] == ["known", k * curve(n), False]
        assert found[n][3] == pytest.approx(k / 6.5) and found[n][4] == pytest.approx(k / 2)
    assert found[365][:3] == ["known", k * 291_000, False]
    assert found[365][3] == pytest.approx(k / 5.5) and found[365][4] == pytest.approx(k * 291_000 / 360_000)


def test_a_milestone_the_history_cannot_know_is_listed_with_its_reason_and_unscored(warehouse):
    too_young = scores(warehouse, SMALL[10])
    assert too_young[180][0] == "known" and too_young[365] == ["not_yet_reached", None, False, None, None]
    early = scores(warehouse, "zai-org/GLM-4.5-Base")
    for n in (7, 14, 30):
        assert early[n] == ["before_history", None, False, None, None]
    # Day 60 falls between two snapshots: the even spread of the growth between them, flagged interpolated.
    assert early[60][:3] == ["known", 5 * curve(60), True]
    assert early[60][3] == pytest.approx(5 / 3)


def test_the_newest_releases_are_ranked_by_their_latest_milestone(warehouse):
    found = rows(
        warehouse,
        "select rank, model_id, latest_milestone_days, ram_score_median_top_10 from marts.ram_recent_releases order by 1",
    )
    # Released within 180 days of 2026-02-01: the 12-day-old model at day 7 (4 over the median 3), then the
    # 2-day-old one, unscored.
    assert found == [
        (1, "XiaomiMiMo/MiMo-V2-Flash-Base", 7, pytest.approx(4 / 3)),
        (2, "inclusionAI/Ling-plus-base", None, None),
    ]

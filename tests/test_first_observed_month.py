"""The first month the warehouse observes a model reports the growth it observed, flagged partial, with the day
observation starts: hand-made daily counters that start mid-month (2026-05-10), built by dbt."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT
from orchestration.transform.window import window_env
from orchestration.warehouse import replace_day
from tests.dbt_run import dbt_build
from tests.warehouse_snapshot import rows, table_contents

MAY, JUNE = dt.date(2026, 5, 1), dt.date(2026, 6, 1)
MAY_10, MAY_20 = dt.date(2026, 5, 10), dt.date(2026, 5, 20)

QWEN_7B = "Qwen/Qwen2.5-7B-Instruct"  # china, Qwen, 7-9B (its name)
QWEN_72B = "Qwen/Qwen2.5-72B-Instruct"  # china, Qwen, 50-100B (its name)
MISTRAL_SMALL = "mistralai/Mistral-Small-24B-Instruct-2501"  # eu, Mistral, 10-50B (curated 24B)
MAGISTRAL = "mistralai/Magistral-Small-2506"  # eu, Mistral, 10-50B (curated 24B)

CREATED = {
    QWEN_7B: "2024-09-16T10:00:00.000Z",
    MISTRAL_SMALL: "2025-01-30T12:00:00.000Z",
    # Created long before the warehouse's first snapshot, but only first seen on 2026-05-20.
    MAGISTRAL: "2025-06-10T08:00:00.000Z",
    # Created after the warehouse's first snapshot: its whole count is growth.
    QWEN_72B: "2026-05-20T09:00:00.000Z",
}

# Each model's all-time counter on consecutive days from its first snapshot, as the Hub reported it.
COUNTERS = {
    QWEN_7B: (MAY_10, [
        4_000_000, 4_030_000, 4_061_000, 4_090_000, 4_122_000,
        4_100_000,  # 05-15: a glitch lowers it for a day
        4_150_000, 4_181_000, 4_210_000, 4_240_000, 4_275_000, 4_300_000, 4_333_000, 4_360_000, 4_390_000,
        4_421_000, 4_450_000, 4_480_000, 4_512_000, 4_540_000, 4_570_000,
        4_600_000,  # 05-31
        4_631_000, 4_660_000, 4_690_000, 4_722_000,
        4_750_000,  # 06-05
    ]),
    MISTRAL_SMALL: (MAY_10, [
        900_000, 910_000, 921_000, 930_000, 942_000, 950_000, 961_000, 970_000, 982_000, 990_000, 1_001_000,
        1_010_000, 1_022_000, 1_030_000, 1_041_000,
        1_050_000,  # 05-25
        1_050_000, 1_050_000, 1_050_000,  # 05-26 to 05-28: frozen while the 30-day counter says it is used
        1_092_000,  # 05-29: the jump
        1_100_000,
        1_111_000,  # 05-31
        1_120_000, 1_131_000, 1_140_000, 1_150_000,
        1_161_000,  # 06-05
    ]),
    MAGISTRAL: (MAY_20, [
        300_000, 305_000, 311_000, 316_000, 320_000, 326_000, 331_000, 335_000, 340_000, 346_000, 350_000,
        355_000,  # 05-31
        361_000, 366_000, 370_000, 375_000,
        381_000,  # 06-05
    ]),
    QWEN_72B: (MAY_20, [
        1_200, 3_500, 6_000, 9_100, 12_000, 15_500, 19_000, 22_000, 25_400, 28_000, 31_000,
        34_000,  # 05-31
        37_500, 40_000, 43_000, 46_200,
        49_000,  # 06-05
    ]),
}
LAST_DAY = dt.date(2026, 6, 5)
# Later days, each stored and refreshed on its own: 06-06 recomputes from May (its lookback reaches 05-23), 06-20
# from June, so May's row, where observation starts, is kept from the stored table.
LATER = {
    dt.date(2026, 6, 6): {QWEN_7B: 4_781_000, MISTRAL_SMALL: 1_170_000, MAGISTRAL: 386_000, QWEN_72B: 52_000},
    dt.date(2026, 6, 20): {QWEN_7B: 5_200_000, MISTRAL_SMALL: 1_300_000, MAGISTRAL: 450_000, QWEN_72B: 90_000},
}

MARTS = (
    "model_downloads_monthly", "downloads_by_org_monthly", "downloads_by_region_monthly",
    "downloads_by_family_monthly", "downloads_by_size_bucket_monthly", "top_models_monthly",
    "leading_org_vs_next_orgs_monthly", "new_entrants_monthly", "org_share_by_size_bucket_monthly",
    "derivative_vs_download_share_monthly",
)
SELECTED = tuple(f"+{mart}" for mart in MARTS)


def days() -> dict[dt.date, dict[str, int]]:
    by_day: dict[dt.date, dict[str, int]] = {}
    for model_id, (first, counts) in COUNTERS.items():
        for offset, count in enumerate(counts):
            by_day.setdefault(first + dt.timedelta(days=offset), {})[model_id] = count
    return by_day


def store_day(path: Path, day: dt.date, counts: dict[str, int]) -> None:
    records = [
        {"id": model_id, "createdAt": CREATED[model_id], "downloadsAllTime": count, "downloads": 250_000}
        for model_id, count in counts.items()
    ]
    batch = to_table([snapshot_row(r, snapshot_date=day, provenance="observed", source_name="test") for r in records])
    replace_day(path, "raw", "hf_model_snapshots", day, batch, "snapshot_date")


def new_warehouse(path: Path, through: dt.date) -> Path:
    """A warehouse holding every day up to `through`, and no derivative repo (the derivative share reads none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    all_days = {**days(), **LATER}
    for day in sorted(d for d in all_days if d <= through):
        store_day(path, day, all_days[day])
    conn = duckdb.connect(str(path))
    conn.register("empty", DERIVATIVE_SCHEMA.empty_table())
    conn.execute("create or replace table raw.hf_derivatives as select * from empty")
    conn.close()
    return path


def full_build(path: Path, through: dt.date) -> Path:
    dbt_build(new_warehouse(path, through), *SELECTED)
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return full_build(tmp_path_factory.mktemp("first_month") / "atom.duckdb", LAST_DAY)


def monthly(warehouse: Path, mart: str, key: str) -> dict[tuple, tuple]:
    return {
        (month, member): (downloads, observation_starts, is_partial_month)
        for month, member, downloads, observation_starts, is_partial_month in rows(
            warehouse,
            f"select month, {key}, downloads, observation_starts, is_partial_month from marts.{mart}",
        )
    }


def test_a_models_first_month_reports_the_growth_observed_from_its_first_snapshot(warehouse):
    assert monthly(warehouse, "model_downloads_monthly", "model_id") == {
        # From the first snapshot to the last of May; the dip on 05-15 and the stall change nothing.
        (MAY, QWEN_7B): (4_600_000 - 4_000_000, MAY_10, True),
        (MAY, MISTRAL_SMALL): (1_111_000 - 900_000, MAY_10, True),
        # First seen on 05-20 though created long before: observed from 05-20.
        (MAY, MAGISTRAL): (355_000 - 300_000, MAY_20, True),
        # Created on 05-20, after the warehouse's first snapshot: its whole count, and nothing of May unobserved.
        (MAY, QWEN_72B): (34_000, None, False),
        # June is the last of June (still running on 06-05) less the last of May.
        (JUNE, QWEN_7B): (4_750_000 - 4_600_000, None, True),
        (JUNE, MISTRAL_SMALL): (1_161_000 - 1_111_000, None, True),
        (JUNE, MAGISTRAL): (381_000 - 355_000, None, True),
        (JUNE, QWEN_72B): (49_000 - 34_000, None, True),
    }
    cumulative = rows(
        warehouse, "select model_id, cumulative_downloads from marts.model_downloads_monthly where month = ?", [MAY]
    )
    assert dict(cumulative) == {QWEN_7B: 4_600_000, MISTRAL_SMALL: 1_111_000, MAGISTRAL: 355_000, QWEN_72B: 34_000}


def test_the_roll_ups_sum_the_observed_growth_and_start_with_their_earliest_model(warehouse):
    qwen_may = (4_600_000 - 4_000_000) + 34_000
    mistral_may = (1_111_000 - 900_000) + (355_000 - 300_000)
    qwen_june = (4_750_000 - 4_600_000) + (49_000 - 34_000)
    mistral_june = (1_161_000 - 1_111_000) + (381_000 - 355_000)
    # mistralai's models start on 05-10 and 05-20: the org's May is observed from the earliest, 05-10.
    assert monthly(warehouse, "downloads_by_org_monthly", "org") == {
        (MAY, "Qwen"): (qwen_may, MAY_10, True),
        (MAY, "mistralai"): (mistral_may, MAY_10, True),
        (JUNE, "Qwen"): (qwen_june, None, True),
        (JUNE, "mistralai"): (mistral_june, None, True),
    }
    assert monthly(warehouse, "downloads_by_region_monthly", "region") == {
        (MAY, "china"): (qwen_may, MAY_10, True),
        (MAY, "eu"): (mistral_may, MAY_10, True),
        (JUNE, "china"): (qwen_june, None, True),
        (JUNE, "eu"): (mistral_june, None, True),
    }
    assert monthly(warehouse, "downloads_by_family_monthly", "family") == {
        (MAY, "Qwen"): (qwen_may, MAY_10, True),
        (MAY, "Mistral"): (mistral_may, MAY_10, True),
        (JUNE, "Qwen"): (qwen_june, None, True),
        (JUNE, "Mistral"): (mistral_june, None, True),
    }
    assert monthly(warehouse, "downloads_by_size_bucket_monthly", "size_bucket") == {
        (MAY, "7-9B"): (4_600_000 - 4_000_000, MAY_10, True),
        (MAY, "10-50B"): (mistral_may, MAY_10, True),
        # Only the model created mid-May: its whole May was observed.
        (MAY, "50-100B"): (34_000, None, False),
        (JUNE, "7-9B"): (4_750_000 - 4_600_000, None, True),
        (JUNE, "10-50B"): (mistral_june, None, True),
        (JUNE, "50-100B"): (49_000 - 34_000, None, True),
    }
    shares = rows(
        warehouse,
        "select region, share_of_downloads from marts.downloads_by_region_monthly where month = ? order by region",
        [MAY],
    )
    assert shares == [("china", pytest.approx(634_000 / 900_000)), ("eu", pytest.approx(266_000 / 900_000))]


def test_the_other_monthly_marts_carry_the_first_month(warehouse):
    top = rows(
        warehouse,
        "select rank, model_id, downloads, observation_starts, is_partial_month from marts.top_models_monthly "
        "where month = ? order by rank",
        [MAY],
    )
    assert top == [
        (1, QWEN_7B, 600_000, MAY_10, True),
        (2, MISTRAL_SMALL, 211_000, MAY_10, True),
        (3, MAGISTRAL, 55_000, MAY_20, True),
        (4, QWEN_72B, 34_000, None, False),
    ]
    leading = rows(
        warehouse,
        "select leading_org, leading_org_downloads, next_orgs, next_orgs_downloads, observation_starts, is_partial_month "
        "from marts.leading_org_vs_next_orgs_monthly where month = ?",
        [MAY],
    )
    assert leading == [("Qwen", 600_000 + 34_000, "mistralai", 211_000 + 55_000, MAY_10, True)]
    # mistralai's first tracked release is its earliest model here (2025-01-30), so it is a new entrant.
    assert monthly(warehouse, "new_entrants_monthly", "org") == {
        (MAY, "mistralai"): (211_000 + 55_000, MAY_10, True),
        (JUNE, "mistralai"): (50_000 + 26_000, None, True),
    }
    assert monthly(warehouse, "org_share_by_size_bucket_monthly", "size_bucket || ' ' || org") == {
        (MAY, "7-9B Qwen"): (600_000, MAY_10, True),
        (MAY, "10-50B mistralai"): (211_000 + 55_000, MAY_10, True),
        (MAY, "50-100B Qwen"): (34_000, None, False),
        (JUNE, "7-9B Qwen"): (150_000, None, True),
        (JUNE, "10-50B mistralai"): (50_000 + 26_000, None, True),
        (JUNE, "50-100B Qwen"): (15_000, None, True),
    }
    beside_derivatives = rows(
        warehouse,
        "select dimension, member, downloads from marts.derivative_vs_download_share_monthly where month = ? "
        "order by dimension, member",
        [MAY],
    )
    assert beside_derivatives == [
        ("family", "Mistral", 266_000), ("family", "Qwen", 634_000),
        ("region", "china", 634_000), ("region", "eu", 266_000),
    ]


def test_the_plain_yardstick_agrees(warehouse, tmp_path):
    copy = tmp_path / "by_plain_sql.duckdb"
    shutil.copy(warehouse, copy)
    script = (REPO_ROOT / "benchmarks" / "plain_marts.sql").read_text().replace("{seeds}", str(DBT_PROJECT_DIR / "seeds"))
    conn = duckdb.connect(str(copy))
    try:
        conn.execute(script)
        for mart, key in (
            ("model_downloads_monthly", "model_id"), ("downloads_by_org_monthly", "org"),
            ("downloads_by_region_monthly", "region"), ("downloads_by_family_monthly", "family"),
            ("downloads_by_size_bucket_monthly", "size_bucket"),
        ):
            query = "select month, {key}, downloads, cumulative_downloads, observation_starts from {schema}.{mart} order by all"
            plain = conn.execute(query.format(key=key, schema="plain", mart=mart)).fetchall()
            assert plain == conn.execute(query.format(key=key, schema="marts", mart=mart)).fetchall(), mart
    finally:
        conn.close()


def test_a_refresh_of_a_later_day_gives_what_a_full_build_gives(tmp_path):
    refreshed = full_build(tmp_path / "refreshed" / "atom.duckdb", LAST_DAY)
    for day, counts in LATER.items():
        store_day(refreshed, day, counts)
        dbt_build(refreshed, *SELECTED, window=window_env(day, day + dt.timedelta(days=1)))
        rebuilt = full_build(tmp_path / f"rebuilt-{day}" / "atom.duckdb", day)
        incremental, full = table_contents(refreshed, ("marts",)), table_contents(rebuilt, ("marts",))
        assert incremental.keys() == full.keys()
        for mart in MARTS:
            assert incremental[f"marts.{mart}"] == full[f"marts.{mart}"], f"{mart} differs after refreshing {day}"

    # After 06-20, a refresh that recomputed only June: May still starts on 05-10 and June counts on from May.
    assert monthly(refreshed, "model_downloads_monthly", "model_id") == {
        (MAY, QWEN_7B): (4_600_000 - 4_000_000, MAY_10, True),
        (MAY, MISTRAL_SMALL): (1_111_000 - 900_000, MAY_10, True),
        (MAY, MAGISTRAL): (355_000 - 300_000, MAY_20, True),
        (MAY, QWEN_72B): (34_000, None, False),
        (JUNE, QWEN_7B): (5_200_000 - 4_600_000, None, True),
        (JUNE, MISTRAL_SMALL): (1_300_000 - 1_111_000, None, True),
        (JUNE, MAGISTRAL): (450_000 - 355_000, None, True),
        (JUNE, QWEN_72B): (90_000 - 34_000, None, True),
    }

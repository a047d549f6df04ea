"""Daily downloads derived by dbt from hand-made snapshot series, each with a known glitch."""

import datetime as dt
from pathlib import Path

import pytest

from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from orchestration.warehouse import replace_day
from tests.dbt_run import dbt_build
from orchestration.transform.window import window_env
from tests.warehouse_snapshot import rows, table_contents

D = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(6)]
CREATED_LONG_AGO = "2025-01-01T00:00:00.000Z"

# model -> {day index: (all-time, 30-day)}; every id is a tracked model so the marts keep it.
SERIES = {
    "Qwen/Qwen2.5-7B-Instruct": {0: (1000, 300), 1: (1010, 300), 2: (1025, 300), 3: (1045, 300), 4: (1070, 300), 5: (1100, 300)},
    "meta-llama/Llama-3.1-8B-Instruct": {0: (100, 50), 1: (120, 50), 2: (115, 50), 3: (130, 50), 4: (131, 50), 5: (140, 50)},
    "google/gemma-2-9b-it": {0: (100, 40), 1: (150, 40), 2: (150, 40), 3: (150, 40), 4: (210, 40), 5: (215, 40)},
    "mistralai/Mistral-7B-Instruct-v0.3": {0: (100, 80), 4: (180, 80), 5: (190, 80)},
    "deepseek-ai/DeepSeek-R1": {2: (40, 40), 3: (60, 60), 4: (65, 65), 5: (70, 70)},
    "allenai/OLMo-2-1124-7B": {3: (500, 20), 4: (520, 20), 5: (530, 20)},
    "ibm-granite/granite-3.1-8b-instruct": {0: (10, 5), 1: (12, 5), 2: (15, 5)},
}
CREATED = {"deepseek-ai/DeepSeek-R1": "2026-03-03T08:00:00.000Z"}
MONTH_BEFORE = D[5] - dt.timedelta(days=30)
# Two models seen 30 days apart: one 30-day counter agrees with the all-time growth, one does not.
THIRTY_DAY_SERIES = {
    "HuggingFaceTB/SmolLM2-1.7B-Instruct": {MONTH_BEFORE: (1000, 0), D[5]: (1500, 500)},
    "microsoft/phi-4": {MONTH_BEFORE: (1000, 0), D[5]: (1500, 100)},
    # A counter that dips in February and recovers in March.
    "Qwen/Qwen2.5-72B-Instruct": {dt.date(2026, 1, 20): (1000, 0), dt.date(2026, 2, 10): (900, 0), D[5]: (1100, 0)},
}


SELECTED = ("+download_quality_flags", "+model_downloads_derived_daily", "+model_downloads_monthly")


def store_day(path: Path, day: dt.date, points: dict[str, tuple[int, int]]) -> None:
    records = [
        {
            "id": model_id,
            "createdAt": CREATED.get(model_id, CREATED_LONG_AGO),
            "downloadsAllTime": all_time,
            "downloads": last_30d,
        }
        for model_id, (all_time, last_30d) in points.items()
    ]
    batch = to_table([snapshot_row(r, snapshot_date=day, provenance="observed", source_name="test") for r in records])
    replace_day(path, "raw", "hf_model_snapshots", day, batch, "snapshot_date")


def series_by_day(series: dict[str, dict[int, tuple[int, int]]]) -> dict[dt.date, dict[str, tuple[int, int]]]:
    return {day: {model_id: points[index] for model_id, points in series.items() if index in points} for index, day in enumerate(D)}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("derived") / "atom.duckdb"
    by_day = series_by_day(SERIES)
    for model_id, points in THIRTY_DAY_SERIES.items():
        for day, point in points.items():
            by_day.setdefault(day, {})[model_id] = point
    for day, models in sorted(by_day.items()):
        store_day(path, day, models)
    dbt_build(path, *SELECTED)
    return path


def daily(warehouse, model_id):
    return {
        day: downloads
        for day, downloads in rows(
            warehouse,
            "select date, downloads from marts.model_downloads_derived_daily where model_id = ? order by date",
            [model_id],
        )
    }


def flags(warehouse, model_id):
    return {
        (day, flag)
        for day, flag in rows(
            warehouse, "select date, flag from marts.download_quality_flags where model_id = ?", [model_id]
        )
    }


def test_a_clean_series_gives_the_day_over_day_growth(warehouse):
    assert daily(warehouse, "Qwen/Qwen2.5-7B-Instruct") == {D[0]: None, D[1]: 10, D[2]: 15, D[3]: 20, D[4]: 25, D[5]: 30}
    assert flags(warehouse, "Qwen/Qwen2.5-7B-Instruct") == {(D[0], "no_baseline")}


def test_a_decreasing_counter_is_clipped_to_zero_and_flagged(warehouse):
    # 120 -> 115 is read as 120 (no growth); the recovery to 130 counts only the 10 above the earlier peak.
    assert daily(warehouse, "meta-llama/Llama-3.1-8B-Instruct") == {D[0]: None, D[1]: 20, D[2]: 0, D[3]: 10, D[4]: 1, D[5]: 9}
    assert (D[2], "counter_decreased") in flags(warehouse, "meta-llama/Llama-3.1-8B-Instruct")


def test_a_stall_is_flagged_and_its_growth_spread_over_the_days_it_covers(warehouse):
    # The counter froze at 150 on days 2 and 3 while the 30-day counter said 40; the 60 it then jumped is spread.
    assert daily(warehouse, "google/gemma-2-9b-it") == {D[0]: None, D[1]: 50, D[2]: 20, D[3]: 20, D[4]: 20, D[5]: 5}
    assert {(D[2], "stall_spread"), (D[3], "stall_spread"), (D[4], "stall_spread")} <= flags(warehouse, "google/gemma-2-9b-it")


def test_a_gap_of_several_days_is_spread_evenly(warehouse):
    assert daily(warehouse, "mistralai/Mistral-7B-Instruct-v0.3") == {D[0]: None, D[1]: 20, D[2]: 20, D[3]: 20, D[4]: 20, D[5]: 10}
    assert {(D[n], "gap_filled") for n in (1, 2, 3)} <= flags(warehouse, "mistralai/Mistral-7B-Instruct-v0.3")


def test_a_model_appearing_mid_series_starts_with_its_creation_day(warehouse):
    assert daily(warehouse, "deepseek-ai/DeepSeek-R1") == {D[2]: 40, D[3]: 20, D[4]: 5, D[5]: 5}
    assert flags(warehouse, "deepseek-ai/DeepSeek-R1") == set()
    # Created long before its first snapshot: that day's downloads are unknown, not its whole history.
    assert daily(warehouse, "allenai/OLMo-2-1124-7B") == {D[3]: None, D[4]: 20, D[5]: 10}
    assert flags(warehouse, "allenai/OLMo-2-1124-7B") == {(D[3], "no_baseline")}


def test_a_model_deleted_from_the_hub_ends_on_its_last_day(warehouse):
    assert daily(warehouse, "ibm-granite/granite-3.1-8b-instruct") == {D[0]: None, D[1]: 2, D[2]: 3}
    assert (D[2], "deleted_from_hub") in flags(warehouse, "ibm-granite/granite-3.1-8b-instruct")


def test_a_thirty_day_counter_that_disagrees_is_flagged_not_hidden(warehouse):
    assert (D[5], "inconsistent_30d") in flags(warehouse, "microsoft/phi-4")
    reason = rows(warehouse, "select reason from marts.download_quality_flags where flag = 'inconsistent_30d'")
    assert reason == [("the 30-day counter says 100 but the all-time counter grew 500 over 30 days",)]
    assert not any(flag == "inconsistent_30d" for _, flag in flags(warehouse, "HuggingFaceTB/SmolLM2-1.7B-Instruct"))


def test_monthly_downloads_read_a_dipping_counter_as_its_running_maximum(warehouse):
    months = rows(
        warehouse,
        "select month, downloads, cumulative_downloads, is_partial_month from marts.model_downloads_monthly "
        "where model_id = 'Qwen/Qwen2.5-72B-Instruct' order by month",
    )
    # January is observed from the model's only January snapshot on (so it grew 0 and is partial); the dip is
    # no loss and is not counted again when the counter recovers; March is still running on the last day.
    assert months == [
        (dt.date(2026, 1, 1), 0, 1000, True),
        (dt.date(2026, 2, 1), 0, 1000, False),
        (dt.date(2026, 3, 1), 100, 1100, True),
    ]


def test_refreshing_one_day_at_a_time_gives_what_a_full_build_gives(tmp_path):
    # Each daily refresh writes only the days its snapshots can change: the stall resolved on day 4, the gap
    # closed on day 4, a deletion flagged on day 3, and a model that vanishes on day 2 and comes back on day 3
    # (its deletion flag set, then taken back), with a stall still open on the last day.
    series = {**SERIES, "microsoft/Phi-3-mini-4k-instruct": {0: (10, 5), 1: (12, 5), 3: (20, 5), 4: (22, 5), 5: (22, 5)}}
    daily, full = tmp_path / "daily" / "atom.duckdb", tmp_path / "full" / "atom.duckdb"
    daily.parent.mkdir()
    full.parent.mkdir()
    for day, points in series_by_day(series).items():
        store_day(daily, day, points)
        dbt_build(daily, *SELECTED, window=window_env(day, day + dt.timedelta(days=1)))
        store_day(full, day, points)
    dbt_build(full, *SELECTED)
    refreshed, rebuilt = table_contents(daily, ("intermediate", "marts")), table_contents(full, ("intermediate", "marts"))
    assert refreshed.keys() == rebuilt.keys()
    for table in rebuilt:
        assert refreshed[table] == rebuilt[table], f"{table} differs after daily refreshes"
    assert ("microsoft/Phi-3-mini-4k-instruct", D[1], "deleted_from_hub") not in {
        (model_id, day, flag) for day, model_id, flag, _ in refreshed["marts.download_quality_flags"]
    }

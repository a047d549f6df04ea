"""Download spikes: a day far above a model's own recent history is flagged with its factor, a launch's ramp and a
model too young to judge are not, and the monthly marts keep spikes unless built with cap_download_spikes.

Hand-made daily downloads (70 days from 2026-03-01), stored as the all-time counters the Hub would report, built
by dbt."""

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from orchestration.warehouse import replace_day
from tests.dbt_run import dbt_build, run_dbt
from tests.warehouse_snapshot import rows

FIRST = dt.date(2026, 3, 1)
DAYS = 70
APRIL = dt.date(2026, 4, 1)

STEADY = "Qwen/Qwen2.5-7B-Instruct"  # Qwen; 2,000 a day, one day of 62,000
RAMP = "Qwen/Qwen2.5-72B-Instruct"  # Qwen; released on its first snapshot, ramping 35% a day for three weeks
YOUNG = "mistralai/Magistral-Small-2506"  # mistralai; a burst 15 days after its release
QUIET = "mistralai/Mistral-Small-24B-Instruct-2501"  # mistralai; 20 a day, one day of 900 and one of 1,500

BURST = dt.date(2026, 4, 15)
RAMP_START = dt.date(2026, 3, 10)
YOUNG_START, YOUNG_BURST = dt.date(2026, 4, 20), dt.date(2026, 5, 5)
QUIET_SMALL_BURST, QUIET_BURST = dt.date(2026, 4, 20), dt.date(2026, 4, 25)


def daily_downloads() -> dict[str, dict[dt.date, int]]:
    """Each model's downloads on each day from its first snapshot (that day's count is its total so far)."""
    days = [FIRST + dt.timedelta(days=offset) for offset in range(DAYS)]
    series: dict[str, dict[dt.date, int]] = {STEADY: {}, RAMP: {}, YOUNG: {}, QUIET: {}}
    for day in days:
        series[STEADY][day] = 62_000 if day == BURST else 2_000
        series[QUIET][day] = {QUIET_SMALL_BURST: 900, QUIET_BURST: 1_500}.get(day, 20)
        if day >= RAMP_START:
            step = min((day - RAMP_START).days, 20)
            series[RAMP][day] = round(100 * 1.35**step)
        if day >= YOUNG_START:
            series[YOUNG][day] = 50_000 if day == YOUNG_BURST else 1_000
    return series


CREATED = {
    STEADY: "2024-09-16T10:00:00.000Z",
    QUIET: "2025-01-30T12:00:00.000Z",
    RAMP: f"{RAMP_START}T06:00:00.000Z",
    YOUNG: f"{YOUNG_START}T06:00:00.000Z",
}


def store(warehouse: Path) -> Path:
    """Every day's snapshot: each model's all-time counter and its 30-day counter, as the Hub reports them."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    series = daily_downloads()
    for offset in range(DAYS):
        day = FIRST + dt.timedelta(days=offset)
        records = []
        for model_id, by_day in series.items():
            if day not in by_day:
                continue
            seen = [d for d in by_day if d <= day]
            records.append({
                "id": model_id,
                "createdAt": CREATED[model_id],
                "downloadsAllTime": sum(by_day[d] for d in seen),
                "downloads": sum(by_day[d] for d in seen if d > day - dt.timedelta(days=30)),
            })
        batch = to_table([snapshot_row(r, snapshot_date=day, provenance="observed", source_name="test") for r in records])
        replace_day(warehouse, "raw", "hf_model_snapshots", day, batch, "snapshot_date")
    conn = duckdb.connect(str(warehouse))
    conn.register("empty", DERIVATIVE_SCHEMA.empty_table())
    conn.execute("create or replace table raw.hf_derivatives as select * from empty")
    conn.close()
    return warehouse


SELECTED = ("+download_quality_flags", "+model_downloads_monthly", "+downloads_by_org_monthly")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = store(tmp_path_factory.mktemp("spikes") / "atom.duckdb")
    dbt_build(path, *SELECTED)
    return path


@pytest.fixture(scope="module")
def capped(warehouse, tmp_path_factory) -> Path:
    """The same warehouse with the monthly marts rebuilt under cap_download_spikes."""
    path = tmp_path_factory.mktemp("spikes_capped") / "atom.duckdb"
    shutil.copy(warehouse, path)
    built = run_dbt(
        path, "build", "--select", "model_downloads_monthly", "downloads_by_org_monthly", "download_quality_flags", "--exclude-resource-type", "unit_test", "--full-refresh",
        "--vars", json.dumps({"cap_download_spikes": True}),
    )
    assert built.returncode == 0, built.stdout[-4000:]
    return path


def spike_flags(warehouse: Path) -> dict[tuple[str, dt.date], str]:
    found = rows(warehouse, "select model_id, date, reason from marts.download_quality_flags where flag = 'spike'")
    return {(model_id, day): reason for model_id, day, reason in found}


def test_a_one_day_burst_and_a_quiet_models_burst_past_the_floor_are_the_only_spikes(warehouse):
    flags = spike_flags(warehouse)
    # The launch ramp (judged from day 28 after release: 100 * 1.35**20, about 40,400, against ten times its median,
    # about 58,000), the young burst (15 days of history) and the quiet 900 (under the floor of 1,000) are not spikes.
    assert sorted(flags) == sorted([(QUIET, QUIET_BURST), (STEADY, BURST)])
    # 62,000 over the median of 2,000: 31 times; the bound is ten times the median.
    assert flags[(STEADY, BURST)].startswith(
        "derived downloads of 62000 are 31.0 times the median of the 28 days before (2000), above the bound of 20000"
    )
    # The quiet model's 1,500 is 75 times its median of 20; its bound is the floor.
    assert "1500 are 75.0 times the median of the 28 days before (20), above the bound of 1000" in flags[(QUIET, QUIET_BURST)]
    assert flags[(STEADY, BURST)].endswith("kept in the monthly marts")


def test_spikes_stay_in_the_monthly_marts_by_default_with_their_excess_beside_them(warehouse):
    april = dict(
        (model_id, (downloads, spike, capped))
        for model_id, downloads, spike, capped in rows(
            warehouse,
            "select model_id, downloads, spike_downloads, spikes_capped from marts.model_downloads_monthly where month = ?",
            [APRIL],
        )
    )
    assert april[STEADY] == (29 * 2_000 + 62_000, 62_000 - 20_000, False)
    assert april[QUIET] == (28 * 20 + 900 + 1_500, 1_500 - 1_000, False)
    assert april[YOUNG][1:] == (0, False)


def test_cap_download_spikes_counts_a_spike_day_only_up_to_its_bound(capped):
    april = dict(rows(
        capped, "select model_id, downloads from marts.model_downloads_monthly where month = ? and spikes_capped", [APRIL],
    ))
    assert april[STEADY] == 29 * 2_000 + 20_000
    assert april[QUIET] == 28 * 20 + 900 + 1_000
    young_april = 11 * 1_000  # 04-20 to 04-30, created on 04-20: its whole count
    assert april[YOUNG] == young_april
    by_org = dict(rows(capped, "select org, downloads from marts.downloads_by_org_monthly where month = ?", [APRIL]))
    ramp_april = 30 * round(100 * 1.35**20)
    assert by_org == {"Qwen": 29 * 2_000 + 20_000 + ramp_april, "mistralai": 28 * 20 + 900 + 1_000 + young_april}
    flags = spike_flags(capped)
    assert flags[(STEADY, BURST)].endswith("the monthly marts count it up to the bound")

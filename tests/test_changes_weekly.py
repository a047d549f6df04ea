"""What changed this week: a hand-made history of fourteen tracked models and their derivatives, built by dbt, whose
top-10 entries and exits, gainers, share moves, new releases and newly most-derived bases are worked out by hand.

The history runs from Sunday 2026-04-19 to Wednesday 2026-05-20, so the latest complete week is 05-11 to 05-17 and
the week before 05-04 to 05-10. Each model has one daily rate up to 05-10 and one from 05-11 on."""

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from orchestration.cli import main as atom
from orchestration.publication.copy import publish_marts
from orchestration.settings import warehouse_paths
from orchestration.warehouse import replace_day
from tests.dbt_run import dbt_build
from tests.warehouse_snapshot import rows

FIRST, LAST = dt.date(2026, 4, 19), dt.date(2026, 5, 20)
SWITCH = dt.date(2026, 5, 11)

A = "Qwen/Qwen2.5-7B-Instruct"
B = "meta-llama/Llama-3.1-8B-Instruct"
C = "google/gemma-2-9b-it"
D = "mistralai/Mistral-7B-Instruct-v0.3"
E = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
F = "Qwen/Qwen2.5-72B-Instruct"
G = "meta-llama/Llama-3.2-1B-Instruct"
H = "google/gemma-2-2b-it"
I = "mistralai/Mistral-Small-24B-Instruct-2501"
J = "microsoft/phi-4"
K = "deepseek-ai/deepseek-coder-1.3b-instruct"
L = "Qwen/CodeQwen1.5-7B"
R1 = "mistralai/Magistral-Small-2506"  # released 05-15
R2 = "Qwen/Qwen-14B"  # released 05-05

# (daily downloads up to 05-10, from 05-11 on, first day)
RATES = {
    A: (12_000, 12_000, FIRST), B: (11_000, 11_000, FIRST), C: (10_000, 10_000, FIRST), D: (9_000, 9_000, FIRST),
    E: (8_000, 16_000, FIRST), F: (7_000, 7_000, FIRST), G: (6_000, 6_000, FIRST), H: (5_000, 5_000, FIRST),
    I: (4_000, 4_000, FIRST), J: (3_000, 3_000, FIRST), K: (2_000, 20_000, FIRST),
    L: (50, 5_000, FIRST),  # a tiny model jumping a hundredfold: its base is under 100 a day
    R1: (500, 500, dt.date(2026, 5, 15)), R2: (300, 300, dt.date(2026, 5, 5)),
}
# Derivatives of each base created 2026-04-01; K gains 20 more on 05-12.
DERIVATIVES_BEFORE = {A: 12, B: 11, C: 10, D: 9, E: 8, F: 7, G: 6, H: 5, I: 4, J: 3, K: 2, L: 1}
K_NEW_DERIVATIVES = 20


def rate(model_id: str, day: dt.date) -> int:
    before, after, _ = RATES[model_id]
    return before if day < SWITCH else after


def store(warehouse: Path) -> Path:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    totals = {model_id: 0 for model_id in RATES}
    day = FIRST
    while day <= LAST:
        records = []
        for model_id, (_, _, first) in RATES.items():
            if day < first:
                continue
            totals[model_id] += rate(model_id, day)
            created = "2024-06-01T00:00:00.000Z" if first == FIRST else f"{first}T08:00:00.000Z"
            records.append({"id": model_id, "createdAt": created, "downloadsAllTime": totals[model_id], "downloads": 1})
        batch = to_table([snapshot_row(r, snapshot_date=day, provenance="observed", source_name="test") for r in records])
        replace_day(warehouse, "raw", "hf_model_snapshots", day, batch, "snapshot_date")
        day += dt.timedelta(days=1)
    derivatives = []
    for base, count in DERIVATIVES_BEFORE.items():
        created = [dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)] * count
        if base == K:
            created += [dt.datetime(2026, 5, 12, 9, tzinfo=dt.timezone.utc)] * K_NEW_DERIVATIVES
        for number, at in enumerate(created):
            derivatives.append({
                "observed_date": LAST, "model_id": f"fans/{base.split('/')[1]}-ft-{number}", "author": "fans",
                "created_at": at, "relation": "finetune", "base_model_ids": [base], "base_models_raw": base,
                "base_model_tags": [f"base_model:finetune:{base}"], "downloads_30d": 10, "downloads_all_time": 100,
                "counts_as_of": LAST, "source": "test",
            })
    conn = duckdb.connect(str(warehouse))
    conn.register("derivatives", pa.Table.from_pylist(derivatives, schema=DERIVATIVE_SCHEMA))
    conn.execute("create or replace table raw.hf_derivatives as select * from derivatives")
    conn.close()
    return warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = store(tmp_path_factory.mktemp("changes") / "atom.duckdb")
    dbt_build(path, "+changes_weekly")
    return path


def lines(warehouse: Path, section: str) -> list[tuple]:
    return rows(
        warehouse,
        "select position, subject, rank_now, rank_before, value_now, value_before, detail, source_mart "
        "from marts.changes_weekly where section = ? order by position",
        [section],
    )


def test_the_weeks_compared_are_the_latest_complete_monday_to_sunday_and_the_one_before(warehouse):
    assert rows(
        warehouse, "select distinct week_start, week_end, previous_week_start, previous_week_end from marts.changes_weekly"
    ) == [(dt.date(2026, 5, 11), dt.date(2026, 5, 17), dt.date(2026, 5, 4), dt.date(2026, 5, 10))]


def test_the_models_that_entered_and_left_the_months_top_10(warehouse):
    # May to 05-17: A 17 * 12,000 = 204,000; E 10 * 8,000 + 7 * 16,000 = 192,000; B 187,000; C 170,000;
    # K 10 * 2,000 + 7 * 20,000 = 160,000; D 153,000; F 119,000; G 102,000; H 85,000; I 68,000; J 51,000.
    # May to 05-10: A..J from 120,000 down to 30,000; K 20,000 is 11th.
    assert lines(warehouse, "top10_entered") == [
        (5, K, 5, 11, 160_000, 20_000,
         "entered the top 10 of 2026-05 so far at rank 5 (rank 11 a week before), 160,000 downloads in the month to "
         "2026-05-17", "model_downloads_derived_daily"),
    ]
    assert lines(warehouse, "top10_left") == [
        (10, J, 11, 10, 51_000, 30_000, "left the top 10 of 2026-05 so far: rank 11, was 10 a week before",
         "model_downloads_derived_daily"),
    ]


def test_the_gainers_against_their_three_weeks_before_leave_out_tiny_bases(warehouse):
    # K: 7 * 20,000 against 7 * 2,000; E: 7 * 16,000 against 7 * 8,000. L grew a hundredfold from 50 a day: too small.
    assert [(position, subject, now, before, detail) for position, subject, _, _, now, before, detail, _ in
            lines(warehouse, "gainer")] == [
        (1, K, 140_000, 14_000, "140,000 downloads this week, 10.00 times the mean of its three weeks before (14,000)"),
        (2, E, 112_000, 56_000, "112,000 downloads this week, 2.00 times the mean of its three weeks before (56,000)"),
    ]


def test_each_regions_share_move_in_percentage_points(warehouse):
    # The week before: the rates up to 05-10 for 7 days, R2 from 05-05 (6 days), no R1.
    before = {
        "china": 7 * (12_000 + 8_000 + 7_000 + 2_000 + 50) + 6 * 300,
        "us": 7 * (11_000 + 10_000 + 6_000 + 5_000 + 3_000),
        "eu": 7 * (9_000 + 4_000),
    }
    # The latest week: the rates from 05-11, R1 from 05-15 (3 days).
    now = {
        "china": 7 * (12_000 + 16_000 + 7_000 + 20_000 + 5_000 + 300),
        "us": 7 * (11_000 + 10_000 + 6_000 + 5_000 + 3_000),
        "eu": 7 * (9_000 + 4_000) + 3 * 500,
    }
    found = {subject: (now_share, before_share) for _, subject, _, _, now_share, before_share, _, _ in
             lines(warehouse, "region_share")}
    assert found == {
        region: (pytest.approx(100 * now[region] / sum(now.values())),
                 pytest.approx(100 * before[region] / sum(before.values())))
        for region in now
    }
    china = lines(warehouse, "region_share")[0]
    assert china[1] == "china"
    points = 100 * now["china"] / sum(now.values()) - 100 * before["china"] / sum(before.values())
    assert china[6] == f"{100 * now['china'] / sum(now.values()):.1f}% of tracked downloads this week, {points:+.1f} points on the week before"


def test_the_leading_orgs_share_moves(warehouse):
    week_now = {
        "Qwen": 7 * (12_000 + 7_000 + 5_000 + 300), "deepseek-ai": 7 * (16_000 + 20_000),
        "meta-llama": 7 * (11_000 + 6_000), "google": 7 * (10_000 + 5_000), "mistralai": 7 * (9_000 + 4_000) + 3 * 500,
        "microsoft": 7 * 3_000,
    }
    total = sum(week_now.values())
    found = [(subject, now_share) for _, subject, _, _, now_share, _, _, _ in lines(warehouse, "org_share")]
    by_share = sorted(week_now, key=lambda org: -week_now[org])
    assert [subject for subject, _ in found] == by_share
    assert dict(found) == {org: pytest.approx(100 * downloads / total) for org, downloads in week_now.items()}


def test_the_releases_of_the_two_weeks_with_their_latest_ram_score(warehouse):
    releases = lines(warehouse, "new_release")
    assert [(position, subject) for position, subject, *_ in releases] == [(1, R1), (2, R2)]
    # R1 is 5 days old on the last day: no milestone yet.
    assert releases[0][6] == "released 2026-05-15; no RAM score yet"
    assert releases[0][7] == "ram_scores"
    # R2's line carries the latest milestone ram_scores holds for it, whatever its size bucket's baseline gave.
    latest = rows(
        warehouse,
        "select ram_score_median_top_10 from marts.ram_scores where model_id = ? and milestone_status = 'known' "
        "order by days_since_release desc limit 1",
        [R2],
    )
    assert releases[1][4] == (latest[0][0] if latest else None)
    assert releases[1][6].startswith("released 2026-05-05")


def test_the_base_that_entered_the_ten_most_derived(warehouse):
    # K had 2 derivatives (11th) and gained 20 on 05-12: 22, first; the others keep 12 down to 1.
    assert lines(warehouse, "derived_base_entered") == [
        (1, K, 1, 11, 22, 2, "entered the 10 most derived at rank 1 with 22 derivatives (20 new this week; rank 11 a week "
         "before)", "most_derived_bases"),
    ]


def test_atom_changes_prints_every_section_with_its_mart(warehouse, tmp_path, capsys):
    home = tmp_path / "home"
    publish_marts(warehouse, warehouse_paths(str(home)).published)
    assert atom(["--home", str(home), "changes"]) == 0
    out = capsys.readouterr().out
    assert "2026-05-11 to 2026-05-17, against 2026-05-04 to 2026-05-10" in out
    for expected in (
        f"{K}: entered the top 10 of 2026-05 so far at rank 5",
        f"{J}: left the top 10 of 2026-05 so far: rank 11, was 10 a week before",
        f"{K}: 140,000 downloads this week, 10.00 times",
        "china: ",
        f"{R1}: released 2026-05-15; no RAM score yet",
        f"{K}: entered the 10 most derived at rank 1",
    ):
        assert expected in out
    for mart in ("marts.model_downloads_derived_daily", "marts.ram_scores", "marts.most_derived_bases"):
        assert f"(from {mart})" in out

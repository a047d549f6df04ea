"""The derivative lineage resolved by dbt from hand-made derivative rows: chains, merges, cycles, missing bases."""

import datetime as dt
from pathlib import Path

import pytest

from ingestion.huggingface.derivatives import derivative_rows
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from orchestration.warehouse import replace_day
from tests.dbt_run import dbt_build
from tests.warehouse_snapshot import rows

AS_OF = dt.date(2026, 3, 1)
QWEN, QWEN_72B = "Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-72B-Instruct"
LLAMA, MISTRAL = "meta-llama/Llama-3.1-8B-Instruct", "mistralai/Mistral-7B-Instruct-v0.3"


def derivative(model_id, bases, *, relation="finetune", created="2026-02-10", downloads=100):
    return {
        "id": model_id,
        "author": model_id.split("/")[0],
        "createdAt": dt.datetime.fromisoformat(f"{created}T12:00:00+00:00"),
        "downloads": downloads,
        "downloadsAllTime": downloads,
        "tags": [f"base_model:{relation}:{base}" for base in bases],
        "baseModels": {"relation": relation, "models": [{"id": base} for base in bases]},
    }


ON_AS_OF = [
    derivative("a/finetune", [QWEN], created="2026-01-05"),
    derivative("b/finetune-of-finetune", ["a/finetune"], created="2026-01-10", downloads=50),
    derivative("c/merge", ["a/finetune", LLAMA], relation="merge", downloads=20),
    derivative("d/merge-of-three", [QWEN, QWEN_72B, MISTRAL], relation="merge"),
    # Two repos naming each other, and nothing else: a cycle with no tracked root.
    derivative("e/loop-a", ["e/loop-b"]),
    derivative("e/loop-b", ["e/loop-a"]),
    # A cycle that also reaches a tracked model: reported, and still counted.
    derivative("f/merge-in-cycle", ["f/x", QWEN], relation="merge"),
    derivative("f/x", ["f/merge-in-cycle"]),
    derivative("g/merge-with-missing", ["nobody/deleted-model", LLAMA], relation="merge"),
    derivative("h/few-downloads", [QWEN], downloads=3),
]
# Read only 9 days before the newest day: its count is too old to decide the download threshold.
EARLIER = {AS_OF - dt.timedelta(days=9): [derivative("i/stale", [QWEN])]}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lineage") / "atom.duckdb"
    tracked_row = snapshot_row(
        {"id": QWEN, "createdAt": "2024-09-16T00:00:00.000Z", "downloadsAllTime": 10, "downloads": 1},
        snapshot_date=AS_OF, provenance="observed", source_name="test",
    )
    replace_day(path, "raw", "hf_model_snapshots", AS_OF, to_table([tracked_row]), "snapshot_date")
    for day, records in [*EARLIER.items(), (AS_OF, ON_AS_OF)]:
        replace_day(path, "raw", "hf_derivatives", day, derivative_rows(records, day, "test"), "observed_date")
    dbt_build(
        path,
        "+derivative_lineage_issues",
        "+most_derived_bases",
        "+new_derivatives_by_family_monthly",
        "+new_derivatives_by_region_monthly",
    )
    return path


def roots(warehouse, derivative_id):
    return {
        root: (weight, direct)
        for root, weight, direct in rows(
            warehouse,
            "select root_model_id, weight, is_direct_base from intermediate.int_hf__derivative_roots "
            "where derivative_id = ?",
            [derivative_id],
        )
    }


def issues(warehouse):
    return set(rows(warehouse, "select derivative_id, issue, detail from marts.derivative_lineage_issues"))


def test_a_derivative_of_a_derivative_resolves_to_its_tracked_root(warehouse):
    assert roots(warehouse, "a/finetune") == {QWEN: (1.0, True)}
    assert roots(warehouse, "b/finetune-of-finetune") == {QWEN: (1.0, False)}


def test_a_merge_splits_equally_among_root_families_then_among_a_familys_roots(warehouse):
    assert roots(warehouse, "c/merge") == {QWEN: (0.5, False), LLAMA: (0.5, True)}
    # Two Qwen roots and one Mistral root: half to each family, the Qwen half shared by its two roots.
    assert roots(warehouse, "d/merge-of-three") == {QWEN: (0.25, True), QWEN_72B: (0.25, True), MISTRAL: (0.5, True)}


def test_a_cycle_and_a_missing_base_are_reported_and_the_rest_still_resolves(warehouse):
    found = issues(warehouse)
    assert {("e/loop-a", "cycle"), ("e/loop-b", "cycle"), ("f/merge-in-cycle", "cycle"), ("f/x", "cycle")} <= {
        (d, i) for d, i, _ in found
    }
    assert {("e/loop-a", "no_tracked_root"), ("e/loop-b", "no_tracked_root")} <= {(d, i) for d, i, _ in found}
    assert ("g/merge-with-missing", "unresolved_base", "nobody/deleted-model") in found
    assert roots(warehouse, "e/loop-a") == {}
    assert roots(warehouse, "f/merge-in-cycle") == {QWEN: (1.0, True)}
    assert roots(warehouse, "f/x") == {QWEN: (1.0, False)}
    # The missing base takes no share: the merge counts whole for the family it does reach.
    assert roots(warehouse, "g/merge-with-missing") == {LLAMA: (1.0, True)}


def test_only_fresh_counts_past_the_threshold_count(warehouse):
    counted = dict(rows(warehouse, "select model_id, is_counted from intermediate.int_hf__derivatives"))
    assert counted["h/few-downloads"] is False and counted["a/finetune"] is True
    assert counted["i/stale"] is False
    assert any(d == "i/stale" and i == "stale_count" for d, i, _ in issues(warehouse))


def test_monthly_shares_by_family_and_region_follow_the_split(warehouse):
    february = dt.date(2026, 2, 1)
    by_family = {
        family: (count, share)
        for family, count, share in rows(
            warehouse,
            "select root_family, new_derivatives, share_of_new_derivatives "
            "from marts.new_derivatives_by_family_monthly where month = ?",
            [february],
        )
    }
    # c: Qwen .5 Llama .5; d: Qwen .5 Mistral .5; f/merge-in-cycle and f/x: Qwen 1 each; g: Llama 1.
    # h (3 downloads) and i (stale count) do not count; e/* reach no tracked model.
    assert by_family == {"Qwen": (3.0, 0.6), "Llama": (1.5, 0.3), "Mistral": (0.5, 0.1)}
    by_region = dict(
        rows(
            warehouse,
            "select root_region, share_of_new_derivatives from marts.new_derivatives_by_region_monthly where month = ?",
            [february],
        )
    )
    assert by_region == {"china": 0.6, "us": 0.3, "eu": 0.1}


def test_most_derived_bases_count_derivatives_through_other_derivatives(warehouse):
    qwen = rows(
        warehouse,
        "select rank, derivatives, direct_derivatives, merges, derivatives_any_downloads "
        "from marts.most_derived_bases where model_id = ?",
        [QWEN],
    )
    # a, b (through a), c (through a), d, f/merge-in-cycle, f/x; h is under the threshold, i is stale.
    assert qwen == [(1, 6, 3, 3, 8)]

"""How far each family and region reaches: its tracked models' downloads plus those of the counted derivatives that
reach it, and the part third-party repos hold, on hand-made snapshots and derivatives built by dbt and worked out by
hand."""

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table
from orchestration.warehouse import replace_day
from tests.dbt_run import dbt_build
from tests.warehouse_snapshot import rows

QWEN, LLAMA = "Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"
APRIL, MAY = dt.date(2026, 4, 1), dt.date(2026, 5, 1)
APRIL_END, MAY_END = dt.date(2026, 4, 30), dt.date(2026, 5, 31)
# Each tracked model's all-time count on each snapshot day.
SNAPSHOTS = {
    dt.date(2026, 4, 29): {QWEN: 990_000, LLAMA: 495_000},
    APRIL_END: {QWEN: 1_000_000, LLAMA: 500_000},
    dt.date(2026, 5, 30): {QWEN: 1_190_000, LLAMA: 640_000},
    MAY_END: {QWEN: 1_200_000, LLAMA: 650_000},
}
# Derivatives: (author, relation, bases, {observed day: all-time count}).
DERIVATIVES = {
    "alice/qwen-ft": ("alice", "finetune", [QWEN], {APRIL_END: 1_000, MAY_END: 1_500}),
    "Qwen/qwen-7b-own-quant": ("Qwen", "quantized", [QWEN], {MAY_END: 400}),  # the root's own org: not third-party
    "bob/merge": ("bob", "merge", [QWEN, LLAMA], {APRIL_END: 2_000, MAY_END: 2_000}),  # half to each family
    "carol/tiny": ("carol", "finetune", [LLAMA], {MAY_END: 3}),  # 5 downloads or fewer: not counted
    "erin/llama-ft": ("erin", "finetune", [LLAMA], {MAY_END: 600}),
    "dave/llama-ft-ft": ("dave", "finetune", ["erin/llama-ft"], {MAY_END: 100}),  # reaches Llama through erin's
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reach") / "atom.duckdb"
    for day, counts in SNAPSHOTS.items():
        records = [
            {"id": model, "createdAt": "2024-09-16T10:00:00.000Z", "downloadsAllTime": count, "downloads": 300_000}
            for model, count in counts.items()
        ]
        batch = to_table([snapshot_row(r, snapshot_date=day, provenance="observed", source_name="test") for r in records])
        replace_day(path, "raw", "hf_model_snapshots", day, batch, "snapshot_date")
    for day in (APRIL_END, MAY_END):
        batch = pa.Table.from_pylist(
            [
                {
                    "observed_date": day, "model_id": model, "author": author,
                    "created_at": dt.datetime(2026, 4, 10, tzinfo=dt.timezone.utc), "relation": relation,
                    "base_model_ids": bases, "base_models_raw": None, "base_model_tags": None,
                    "downloads_30d": 10, "downloads_all_time": counts[day], "counts_as_of": day, "source": "test",
                }
                for model, (author, relation, bases, counts) in DERIVATIVES.items()
                if day in counts
            ],
            schema=DERIVATIVE_SCHEMA,
        )
        replace_day(path, "raw", "hf_derivatives", day, batch, "observed_date")
    dbt_build(path, "+ecosystem_reach_monthly")
    return path


def test_each_family_and_region_reaches_its_derivatives_and_says_how_much_is_third_party(warehouse):
    found = {
        (dimension, member, month): rest
        for dimension, member, month, *rest in rows(
            warehouse,
            "select dimension, member, month, tracked_downloads, derivative_downloads, ecosystem_downloads, "
            "third_party_downloads, third_party_share from marts.ecosystem_reach_monthly",
        )
    }
    # April: alice's 1,000 and half of bob's merge for Qwen; the other half for Llama.
    qwen_april = (1_000_000, 1_000 + 1_000, 1_002_000, 2_000)
    # May: alice's 1,500, Qwen's own 400 (not third-party) and half of bob's.
    qwen_may = (1_200_000, 1_500 + 400 + 1_000, 1_202_900, 1_500 + 1_000)
    llama_april = (500_000, 1_000, 501_000, 1_000)
    # May: half of bob's, erin's 600 and dave's 100 through erin's; carol's 3 downloads are not counted.
    llama_may = (650_000, 1_000 + 600 + 100, 651_700, 1_700)
    expected = {}
    for family, region, by_month in (("Qwen", "china", {APRIL: qwen_april, MAY: qwen_may}),
                                     ("Llama", "us", {APRIL: llama_april, MAY: llama_may})):
        for month, (tracked, derived, ecosystem, third_party) in by_month.items():
            for key in (("family", family, month), ("region", region, month)):
                expected[key] = [tracked, derived, ecosystem, third_party, pytest.approx(third_party / ecosystem)]
    assert found == expected

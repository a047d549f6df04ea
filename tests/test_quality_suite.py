import datetime as dt
import gc
import weakref

import pandas as pd
import pytest

from expectations.hf_model_snapshots import snapshot_suite
from expectations.validation import run_suite
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table


def batch(count: int) -> pd.DataFrame:
    rows = [
        snapshot_row(
            {"id": f"org/model-{n}", "downloads": n, "downloadsAllTime": 10 * n, "likes": 1},
            snapshot_date=dt.date(2026, 5, 20),
            provenance="observed",
            source_name="hub-api",
        )
        for n in range(count)
    ]
    return to_table(rows).to_pandas()


def test_a_clean_batch_passes():
    result = run_suite(snapshot_suite(previous_row_count=10), batch(10))
    assert result.success, result.message()


def test_a_validated_batch_is_not_kept_alive_by_the_context():
    frame = batch(10)
    seen = weakref.ref(frame)
    run_suite(snapshot_suite(previous_row_count=10), frame)
    del frame
    gc.collect()
    assert seen() is None


@pytest.mark.parametrize(
    ("corrupt", "named"),
    [
        (lambda df: df.assign(model_id=[None, *df.model_id[1:]]), "expect_column_values_to_not_be_null on column model_id"),
        (lambda df: df.assign(model_id=["org/model-1", *df.model_id[1:]]), "expect_column_values_to_be_unique on column model_id"),
        (lambda df: df.assign(downloads_all_time=[-5, *df.downloads_all_time[1:]]), "expect_column_values_to_be_between on column downloads_all_time"),
        (lambda df: df.drop(columns=["pipeline_tag"]), "expect_table_columns_to_match_set"),
        (lambda df: df.iloc[:5], "expect_table_row_count_to_be_between"),
    ],
    ids=["missing id", "duplicate id", "negative counter", "missing column", "half the rows gone"],
)
def test_a_corrupted_batch_fails_naming_the_problem(corrupt, named):
    result = run_suite(snapshot_suite(previous_row_count=10), corrupt(batch(10)))
    assert not result.success
    assert named in result.message()
    assert len(result.failures) == 1

"""The derivative batch's and the watermark's quality suites: each corruption is caught and named."""

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest

from expectations.hf_derivatives import JOINED_BASES, derivative_frame, derivative_suite, watermark_suite
from expectations.validation import run_suite
from ingestion.huggingface.derivatives import derivative_rows

WATERMARK = dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)


def batch() -> pd.DataFrame:
    records = [
        {
            "id": f"someone/model-{n}",
            "createdAt": WATERMARK + dt.timedelta(hours=n + 1),
            "downloads": n,
            "downloadsAllTime": n,
            "baseModels": {"relation": "finetune", "models": [{"id": "Qwen/Qwen3-8B"}, {"id": "gpt2"}]},
        }
        for n in range(5)
    ]
    return derivative_frame(derivative_rows(records, dt.date(2026, 5, 2), "listing"))


def test_a_clean_batch_passes():
    result = run_suite(derivative_suite(WATERMARK, listed=True), batch())
    assert result.success, result.message()


def replace_first(frame: pd.DataFrame, column: str, value) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[0, column] = value
    return frame


@pytest.mark.parametrize(
    ("corrupt", "named"),
    [
        (lambda df: replace_first(df, "relation", "distilled"), "expect_column_values_to_be_in_set on column relation"),
        (lambda df: replace_first(df, JOINED_BASES, "Qwen/Qwen3-8B org/name/extra"), "expect_column_values_to_match_regex"),
        (lambda df: replace_first(df, JOINED_BASES, "https://huggingface.co/Qwen/Qwen3-8B"), "expect_column_values_to_match_regex"),
        (lambda df: replace_first(df, "model_id", "someone/model-1"), "expect_column_values_to_be_unique on column model_id"),
        (lambda df: replace_first(df, "created_at", pd.Timestamp(WATERMARK)), "expect_column_values_to_be_between on column created_at"),
    ],
    ids=["unknown relation", "malformed base id", "a URL for a base id", "duplicate derivative", "at the watermark"],
)
def test_a_corrupted_batch_fails_naming_the_problem(corrupt, named):
    result = run_suite(derivative_suite(WATERMARK, listed=True), corrupt(batch()))
    assert not result.success
    assert named in result.message()


def test_a_watermark_moving_backwards_fails():
    moved = pa.table(
        {
            "previous_watermark": pa.array([WATERMARK], pa.timestamp("us", tz="UTC")),
            "watermark": pa.array([WATERMARK - dt.timedelta(days=1)], pa.timestamp("us", tz="UTC")),
        }
    ).to_pandas()
    result = run_suite(watermark_suite(), moved)
    assert not result.success and "expect_column_pair_values_a_to_be_greater_than_b" in result.message()
    assert run_suite(watermark_suite(), moved.assign(watermark=moved.previous_watermark)).success

"""The quality suite for one day's batch of raw Hub snapshots."""

from __future__ import annotations

import math

from ingestion.huggingface.snapshot_schema import SNAPSHOT_SCHEMA

SNAPSHOT_COLUMNS = SNAPSHOT_SCHEMA.names

# A day may lose a few deleted models; losing more than this share of the previous day's rows is a broken batch.
MIN_ROW_RATIO = 0.8


def snapshot_suite(previous_row_count: int | None, *, min_row_ratio: float = MIN_ROW_RATIO):
    """Schema, unique present ids, non-negative counters and no collapse against the previous stored day."""
    # Importing Great Expectations takes seconds: only when a batch is actually checked.
    import great_expectations as gx
    import great_expectations.expectations as gxe

    # With nothing stored before, an empty day is plausible (no tracked model existed yet on an early archive day).
    minimum_rows = math.ceil(previous_row_count * min_row_ratio) if previous_row_count else 0
    counters = ("downloads_30d", "downloads_all_time", "likes")
    return gx.ExpectationSuite(
        name="hf_model_snapshots",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=SNAPSHOT_COLUMNS, exact_match=True),
            gxe.ExpectColumnValuesToNotBeNull(column="model_id"),
            gxe.ExpectColumnValuesToBeUnique(column="model_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="snapshot_date"),
            *(gxe.ExpectColumnValuesToBeBetween(column=counter, min_value=0) for counter in counters),
            gxe.ExpectTableRowCountToBeBetween(min_value=minimum_rows),
        ],
    )

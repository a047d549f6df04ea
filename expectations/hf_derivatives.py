"""The quality suites for one day's batch of derivative repos and for the listing watermark it moves."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA, LISTING, RELATIONS

# A Hub repo id: an optional namespace and a name, of letters, digits, '-', '_' and '.'; several are joined by spaces.
REPO_ID = r"(?:[A-Za-z0-9_.-]+/)?[A-Za-z0-9_.-]+"
BASE_IDS_PATTERN = rf"^{REPO_ID}(?: {REPO_ID})*$"
JOINED_BASES = "base_model_ids_joined"


# The columns the suite checks; the others (raw declarations, tags, author) are passed through as read.
CHECKED = ["model_id", "created_at", "relation", "downloads_30d", "downloads_all_time", "source"]


def derivative_frame(batch: pa.Table) -> pd.DataFrame:
    """The batch's checked columns as a frame, with its base ids joined into one text column a pattern can check.

    GX's cost grows with every column of the frame, list-valued ones most (about 30 s a suite for the 650K
    derivatives of a full-Hub week, against about 2 s for these few text and number columns).
    """
    missing = [name for name in DERIVATIVE_SCHEMA.names if name not in batch.column_names]
    if missing:
        raise ValueError(f"the derivative batch has no column(s) {', '.join(missing)}")
    joined = pc.binary_join(batch.column("base_model_ids"), " ")
    return batch.select(CHECKED).append_column(JOINED_BASES, joined).to_pandas()


def derivative_suite(previous_watermark: dt.datetime | None, *, listed: bool):
    """The checked columns present, one row per derivative, a known relation, well-formed base ids, counters non-negative, and for a
    listing batch no listed model created at or before the watermark it was listed from."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    expectations = [
        gxe.ExpectTableColumnsToMatchSet(column_set=[*CHECKED, JOINED_BASES], exact_match=True),
        gxe.ExpectColumnValuesToNotBeNull(column="model_id"),
        gxe.ExpectColumnValuesToBeUnique(column="model_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="created_at"),
        gxe.ExpectColumnValuesToBeInSet(column="relation", value_set=list(RELATIONS)),
        gxe.ExpectColumnValuesToNotBeNull(column="relation"),
        gxe.ExpectColumnValuesToMatchRegex(column=JOINED_BASES, regex=BASE_IDS_PATTERN),
        *(gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in ("downloads_30d", "downloads_all_time")),
    ]
    if listed and previous_watermark is not None:
        expectations.append(
            gxe.ExpectColumnValuesToBeBetween(
                column="created_at",
                min_value=pd.Timestamp(previous_watermark),
                strict_min=True,
                row_condition=f'source=="{LISTING}"',
                condition_parser="pandas",
            )
        )
    return gx.ExpectationSuite(name="hf_derivatives", expectations=expectations)


def watermark_suite():
    """The watermark a day leaves is never older than the one before it."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx.ExpectationSuite(
        name="hf_derivative_watermark",
        expectations=[
            gxe.ExpectColumnValuesToNotBeNull(column="watermark"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="watermark", column_B="previous_watermark", or_equal=True, ignore_row_if="either_value_is_missing"
            ),
        ],
    )

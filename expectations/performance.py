"""The quality suites for the performance sources (LMArena, Artificial Analysis, Epoch AI), run before anything
is stored: a refresh that fails one keeps the stored table as it was."""

from __future__ import annotations

from ingestion.artificial_analysis.models import AA_SCHEMA
from ingestion.epoch.models import EPOCH_SCHEMA
from ingestion.lmarena.leaderboard import LEADERBOARD_SCHEMA


def leaderboard_suite():
    """Schema, a rating on every row within Arena's plausible range, one rating per model, category and date,
    and a file that is not empty."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx.ExpectationSuite(
        name="lmarena_leaderboard",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=LEADERBOARD_SCHEMA.names, exact_match=True),
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectColumnValuesToNotBeNull(column="model_name"),
            gxe.ExpectColumnValuesToNotBeNull(column="leaderboard_publish_date"),
            gxe.ExpectColumnValuesToNotBeNull(column="rating"),
            gxe.ExpectColumnValuesToBeBetween(column="rating", min_value=100, max_value=3000),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["leaderboard_publish_date", "category", "model_name"]),
        ],
    )


def artificial_analysis_suite():
    """Schema, one row per model and day read, indexes within 0..100, and a read that is not empty."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx.ExpectationSuite(
        name="artificial_analysis_models",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=AA_SCHEMA.names, exact_match=True),
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectColumnValuesToNotBeNull(column="id"),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["fetched_on", "id"]),
            gxe.ExpectColumnValuesToBeBetween(column="intelligence_index", min_value=0, max_value=100),
            gxe.ExpectColumnValuesToBeBetween(column="coding_index", min_value=0, max_value=100),
            gxe.ExpectColumnValuesToBeBetween(column="agentic_index", min_value=0, max_value=100),
        ],
    )


def epoch_suite():
    """Schema, a model name on every row, parameter counts positive, and a file that is not empty."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx.ExpectationSuite(
        name="epoch_models",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=EPOCH_SCHEMA.names, exact_match=True),
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
            gxe.ExpectColumnValuesToNotBeNull(column="model"),
            gxe.ExpectColumnValuesToBeBetween(column="parameters", min_value=1, strict_min=False),
        ],
    )

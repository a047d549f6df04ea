"""The quality suites for a day of OpenRouter rankings and for the catalogue, run before anything is stored."""

from __future__ import annotations

from ingestion.openrouter.catalogue import CATALOGUE_SCHEMA
from ingestion.openrouter.rankings import RANKINGS_SCHEMA


def rankings_frame(batch):
    """The rows as a frame, with the date as text (the day check compares text, not pandas timestamps)."""
    frame = batch.to_pandas()
    frame["date_text"] = [day.isoformat() for day in batch.column("date").to_pylist()]
    return frame


def rankings_suite(days: list[str]):
    """Schema, only the days asked for, one row per model and day, token counts present (the client already
    refused any that were not whole non-negative numbers) and the meta block on every row."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx.ExpectationSuite(
        name="openrouter_rankings_daily",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=[*RANKINGS_SCHEMA.names, "date_text"], exact_match=True),
            gxe.ExpectColumnValuesToBeInSet(column="date_text", value_set=days),
            gxe.ExpectColumnValuesToNotBeNull(column="model_permaslug"),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["date_text", "model_permaslug"]),
            gxe.ExpectColumnValuesToNotBeNull(column="total_tokens"),
            gxe.ExpectColumnValuesToNotBeNull(column="meta_as_of"),
            gxe.ExpectColumnValuesToNotBeNull(column="meta_version"),
        ],
    )


def catalogue_suite():
    """Schema, ids present and unique, and a catalogue that is not empty."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    return gx.ExpectationSuite(
        name="openrouter_models",
        expectations=[
            gxe.ExpectTableColumnsToMatchSet(column_set=CATALOGUE_SCHEMA.names, exact_match=True),
            gxe.ExpectColumnValuesToNotBeNull(column="id"),
            gxe.ExpectColumnValuesToBeUnique(column="id"),
            gxe.ExpectTableRowCountToBeBetween(min_value=1),
        ],
    )

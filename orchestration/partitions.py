"""The warehouse's time partitioning: one partition per UTC day, today included."""

import datetime as dt

import dagster as dg

FIRST_DAY = "2022-12-01"

# end_offset=1 makes today a partition: today's state comes from the live listing API.
daily_partitions = dg.DailyPartitionsDefinition(start_date=FIRST_DAY, end_offset=1, timezone="UTC")


def days_of(window: dg.TimeWindow) -> list[dt.date]:
    """The UTC days of a partition window whose end is exclusive."""
    first, end = window.start.date(), window.end.date()
    return [first + dt.timedelta(days=offset) for offset in range((end - first).days)]

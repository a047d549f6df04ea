"""Turning a partition window into the dbt vars the incremental models filter on."""

from __future__ import annotations

import datetime as dt


def dbt_vars_for_window(start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> dict[str, str]:
    """dbt vars for a window whose end is exclusive, as single-run backfills hand it over."""
    first = start.date() if isinstance(start, dt.datetime) else start
    last_exclusive = end.date() if isinstance(end, dt.datetime) else end
    if last_exclusive <= first:
        raise ValueError(f"empty partition window: {first} to {last_exclusive}")
    return {"min_date": first.isoformat(), "max_date": last_exclusive.isoformat()}


def dbt_vars_for_run_tags(tags: dict[str, str]) -> dict[str, str]:
    """The window of the days a partitioned run refreshes, from its tags, or no vars for an unpartitioned run.

    Steps without partitions of their own (the marts) still recompute only what the run's days change;
    without a window they rebuild from everything, which is always correct.
    """
    start = tags.get("dagster/asset_partition_range_start") or tags.get("dagster/partition")
    end = tags.get("dagster/asset_partition_range_end") or tags.get("dagster/partition")
    if not start or not end:
        return {}
    last = dt.date.fromisoformat(end)
    return dbt_vars_for_window(dt.date.fromisoformat(start), last + dt.timedelta(days=1))

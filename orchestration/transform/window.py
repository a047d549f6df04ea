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

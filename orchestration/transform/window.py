"""Turning a run's days into the window the incremental dbt models filter on.

The window reaches dbt through two environment variables rather than `--vars`: dbt re-parses the whole project
whenever its vars change, which would cost every daily refresh a full parse.
"""

from __future__ import annotations

import datetime as dt

WINDOW_START = "ATOM_WINDOW_START"
WINDOW_END = "ATOM_WINDOW_END"


def window_env(start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> dict[str, str]:
    """The window's environment for dbt; its end is exclusive, as single-run backfills hand it over."""
    first = start.date() if isinstance(start, dt.datetime) else start
    last_exclusive = end.date() if isinstance(end, dt.datetime) else end
    if last_exclusive <= first:
        raise ValueError(f"empty partition window: {first} to {last_exclusive}")
    return {WINDOW_START: first.isoformat(), WINDOW_END: last_exclusive.isoformat()}


def window_env_for_run_tags(tags: dict[str, str]) -> dict[str, str]:
    """The window of the days a partitioned run refreshes, from its tags; empty for an unpartitioned run.

    Without a window the incremental models recompute from everything, which is always correct.
    """
    start = tags.get("dagster/asset_partition_range_start") or tags.get("dagster/partition")
    end = tags.get("dagster/asset_partition_range_end") or tags.get("dagster/partition")
    if not start or not end:
        return {}
    last = dt.date.fromisoformat(end)
    return window_env(dt.date.fromisoformat(start), last + dt.timedelta(days=1))

"""Turning a run's days into the window the incremental dbt models filter on.

The window reaches dbt through two environment variables rather than `--vars`: dbt re-parses the whole project
whenever its vars change, which would cost every daily refresh a full parse.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

WINDOW_START = "ATOM_WINDOW_START"
WINDOW_END = "ATOM_WINDOW_END"
# The days an unpartitioned build run recomputes, handed over from the ingest run it follows.
WINDOW_FIRST_TAG, WINDOW_LAST_TAG = "atom/window_first_day", "atom/window_last_day"


def window_env(start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> dict[str, str]:
    """The window's environment for dbt; its end is exclusive, as single-run backfills hand it over."""
    first = start.date() if isinstance(start, dt.datetime) else start
    last_exclusive = end.date() if isinstance(end, dt.datetime) else end
    if last_exclusive <= first:
        raise ValueError(f"empty partition window: {first} to {last_exclusive}")
    return {WINDOW_START: first.isoformat(), WINDOW_END: last_exclusive.isoformat()}


def run_days(tags: Mapping[str, str]) -> tuple[dt.date, dt.date] | None:
    """The first and last day (inclusive) a run covers: its partition, its partition range, or the window tags a
    build run carries; None for a run of no days."""
    start = tags.get(WINDOW_FIRST_TAG) or tags.get("dagster/asset_partition_range_start") or tags.get("dagster/partition")
    end = tags.get(WINDOW_LAST_TAG) or tags.get("dagster/asset_partition_range_end") or tags.get("dagster/partition")
    if not start or not end:
        return None
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def window_env_for_run_tags(tags: Mapping[str, str]) -> dict[str, str]:
    """The window of the days a run refreshes, from its tags; empty for a run of no days.

    Without a window the incremental models recompute from everything, which is always correct.
    """
    days = run_days(tags)
    if days is None:
        return {}
    return window_env(days[0], days[1] + dt.timedelta(days=1))


@contextmanager
def dbt_environment(warehouse: Path, window: Mapping[str, str]) -> Iterator[None]:
    """The warehouse file and the window in this process's environment while dbt runs, and as before afterwards.

    dagster-dbt starts dbt with this process's environment and takes no other, and dbt's profile and models read
    these from the environment; this is the one place the warehouse changes its own environment.
    """
    names = ("ATOM_WAREHOUSE_PATH", WINDOW_START, WINDOW_END)
    before = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ.pop(name, None)
    os.environ.update({"ATOM_WAREHOUSE_PATH": str(warehouse), **window})
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

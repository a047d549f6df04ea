"""Which days of a window each Hub reader takes from the archive and which it reads live."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

SNAPSHOTS_READER, DERIVATIVES_READER = "snapshots", "derivatives"


def reads_live(day: dt.date, today: dt.date, archived: set[dt.date]) -> bool:
    """Today reads the live listing, and so does yesterday while the archive does not hold it yet: a scheduled run
    that starts after midnight must not lose its day, since there is no history to fetch it from later."""
    return day >= today or (day == today - dt.timedelta(days=1) and day not in archived)


def weekly_reads(archived_days: Iterable[dt.date]) -> set[dt.date]:
    """The archive days a window's derivatives read: its last one, then back in steps of at least 7 days.

    A full-Hub snapshot holds every derivative created before it, so reading a daily archive every day would
    store the same rows again and again; one snapshot a week keeps every count within 7 days of the next and
    loses only a derivative created and deleted within one week. A window of one day always reads that day.
    """
    kept: list[dt.date] = []
    for day in sorted(archived_days, reverse=True):
        if not kept or (kept[-1] - day).days >= 7:
            kept.append(day)
    return set(kept)


def snapshot_archive_days(days: Iterable[dt.date], today: dt.date, archived: set[dt.date]) -> set[dt.date]:
    """The archive files the tracked models' snapshots read: every archived day of the window read from the past."""
    return {day for day in days if day in archived and not reads_live(day, today, archived)}


def counts_day(day: dt.date, archived: set[dt.date]) -> dt.date | None:
    """The archive's newest day on or before a live day, whose counts refresh the derivatives stored earlier."""
    return max((archived_day for archived_day in archived if archived_day <= day), default=None)


def derivative_archive_days(days: Iterable[dt.date], today: dt.date, archived: set[dt.date]) -> set[dt.date]:
    """The archive files the derivatives may read: one snapshot a week of the window's past days, and the newest
    snapshot before each live day."""
    days = list(days)
    read = weekly_reads(snapshot_archive_days(days, today, archived))
    for day in days:
        if reads_live(day, today, archived) and (newest := counts_day(day, archived)) is not None:
            read.add(newest)
    return read

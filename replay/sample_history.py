"""Pure functions that reconstruct a plausible download history from one real Hub snapshot."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

# The ATOM universe starts after 2022-11-30; older snapshots would only hold pre-ChatGPT repos.
HISTORY_FLOOR = date(2022, 12, 1)
DAILY_DAYS = 120
WEEK = 7
WINDOW_DAYS = 30
# Below 1 gives the concave "fast launch, slow tail" adoption shape seen for most releases.
ADOPTION_EXPONENT = 0.6


def _as_date(value: date | datetime) -> date:
    """Return the calendar date of a date or datetime."""
    return value.date() if isinstance(value, datetime) else value


def snapshot_dates(
    as_of: date,
    oldest: date | datetime,
    *,
    daily_days: int = DAILY_DAYS,
    floor: date = HISTORY_FLOOR,
) -> list[date]:
    """Snapshot dates, ascending: daily for `daily_days` days ending at as_of, then weekly back to the oldest date."""
    lower = max(_as_date(oldest), floor)
    dates = [as_of - timedelta(days=k) for k in range(daily_days)]
    # Weekly steps continue the daily grid's phase so the two series line up on as_of's weekday.
    day = as_of - timedelta(days=daily_days - 1 + WEEK)
    while day >= lower:
        dates.append(day)
        day -= timedelta(days=WEEK)
    return sorted(d for d in dates if d >= lower)


def cumulative_on(
    day: date,
    created: date | datetime,
    as_of: date,
    all_time: int | None,
    last_30d: int | None,
    *,
    exponent: float = ADOPTION_EXPONENT,
) -> int:
    """Reconstructed all-time downloads at the end of `day` (0 before and on the creation day)."""
    created = _as_date(created)
    total = max(0, int(all_time or 0))
    recent = max(0, int(last_30d or 0))
    if day <= created:
        # On as_of itself the real counter wins, even for a repo created that very day.
        return total if day == as_of else 0
    if day >= as_of:
        return total
    window_start = as_of - timedelta(days=WINDOW_DAYS)
    if created >= window_start:
        # Created inside the last 30 days: one straight line from 0 at creation to the real total.
        span = (as_of - created).days
        return total * (day - created).days // span
    anchor = max(0, total - recent)
    if day >= window_start:
        # The last 30 days are linear so that the 30-day counter at as_of equals the real one.
        return anchor + (total - anchor) * (day - window_start).days // WINDOW_DAYS
    ratio = (day - created).days / (window_start - created).days
    # min() guards the float power against rounding a hair above the anchor.
    return min(anchor, int(anchor * ratio**exponent))


def reconstruct_counters(
    created: date | datetime,
    as_of: date,
    all_time: int | None,
    last_30d: int | None,
    dates: Iterable[date],
    *,
    exponent: float = ADOPTION_EXPONENT,
) -> list[tuple[date, int, int]]:
    """(date, downloads_all_time, downloads_30d) for each of `dates` on which the model existed (created..as_of)."""
    created = _as_date(created)
    rows: list[tuple[date, int, int]] = []
    for day in sorted(set(dates)):
        if day < created or day > as_of:
            continue
        cumulative = cumulative_on(day, created, as_of, all_time, last_30d, exponent=exponent)
        if day == as_of:
            # as_of is the one observed snapshot: report the real 30-day counter verbatim.
            window = max(0, int(last_30d or 0))
        else:
            before = cumulative_on(
                day - timedelta(days=WINDOW_DAYS), created, as_of, all_time, last_30d, exponent=exponent
            )
            window = cumulative - before
        rows.append((day, cumulative, window))
    return rows

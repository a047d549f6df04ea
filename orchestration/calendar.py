"""The warehouse's clock: days are UTC days."""

import datetime as dt


def utc_today() -> dt.date:
    """Today's date in UTC, the day whose state the live listing API describes."""
    return dt.datetime.now(dt.timezone.utc).date()


def day_spans(days: list[dt.date]) -> str:
    """Days as runs of consecutive days, for a log line: "2026-04-10 to 2026-04-12 (3 days), 2026-04-20"."""
    spans: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if spans and day - spans[-1][-1] == dt.timedelta(days=1):
            spans[-1].append(day)
        else:
            spans.append([day])
    return ", ".join(
        span[0].isoformat() if len(span) == 1 else f"{span[0]} to {span[-1]} ({len(span)} days)" for span in spans
    )

"""The warehouse's clock: days are UTC days."""

import datetime as dt


def utc_today() -> dt.date:
    """Today's date in UTC, the day whose state the live listing API describes."""
    return dt.datetime.now(dt.timezone.utc).date()

"""The daily reads of Artificial Analysis's leaderboard as published by their collector: `latest.json` names the
newest day, and `<day>/llms.json` holds that day's models, as the leaderboard page listed them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ingestion.artificial_analysis.client import ArtificialAnalysisSettings, get_json
from ingestion.errors import SourceAbsentError, SourceDataError

# The collector's first day: nothing is published before it.
FIRST_DAILY_READ = dt.date(2026, 4, 10)


def latest_day(settings: ArtificialAnalysisSettings) -> dt.date:
    """The newest day the collector has published (its `latest.json`)."""
    url = f"{settings.daily_reads_url}/latest.json"
    payload = get_json(url, settings.retry)
    try:
        return dt.date.fromisoformat(payload["date"])
    except (TypeError, KeyError, ValueError):
        raise SourceDataError(f"{url}: no 'date' as YYYY-MM-DD in {str(payload)[:200]!r}") from None


def days_to_read(last_stored: dt.date | None, latest: dt.date) -> list[dt.date]:
    """The published days after the last one stored, up to the newest; every day from the first when none is."""
    first = FIRST_DAILY_READ if last_stored is None else max(FIRST_DAILY_READ, last_stored + dt.timedelta(days=1))
    return [first + dt.timedelta(days=offset) for offset in range((latest - first).days + 1)]


def fetch_daily_read(settings: ArtificialAnalysisSettings, day: dt.date) -> list[dict[str, Any]] | None:
    """The models the leaderboard listed on `day`, or None when the collector missed that day."""
    url = f"{settings.daily_reads_url}/{day.isoformat()}/llms.json"
    try:
        payload = get_json(url, settings.retry)
    except SourceAbsentError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("models"), list):
        raise SourceDataError(f"{url}: the file has no 'models' list")
    return payload["models"]

"""Artificial Analysis over HTTP through `requests`: its models API (today, with a key) and the public daily reads
of its leaderboard (every past day, without one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests

from ingestion.errors import SourceAbsentError, SourceDataError, SourceUnavailableError
from ingestion.retries import RetryPolicy, get_with_retries

PUBLIC_AA = "https://artificialanalysis.ai"
MODELS_PATH = "/api/v2/data/llms/models"
# The leaderboard page read once a day by github.com/oolong-tea-2026/artificial-analysis-leaderboards (MIT).
PUBLIC_DAILY_READS = "https://raw.githubusercontent.com/oolong-tea-2026/artificial-analysis-leaderboards/main/data"


@dataclass(frozen=True)
class ArtificialAnalysisSettings:
    """The API's base URL and key (AA_BASE_URL, AA_API_KEY; without a key the API is not read) and where the daily
    reads are published (AA_DAILY_READS_URL; empty switches them off)."""

    base_url: str = PUBLIC_AA
    # Kept out of repr so that the key never lands in a log line or run metadata.
    api_key: str | None = field(default=None, repr=False)
    daily_reads_url: str = PUBLIC_DAILY_READS
    retry: RetryPolicy = RetryPolicy()


def get_json(url: str, retry: RetryPolicy, *, headers: dict[str, str] | None = None) -> Any:
    """The JSON body at `url`, retried under the policy; 404 is SourceAbsentError, a refused key names AA_API_KEY."""
    try:
        response = get_with_retries(requests.Session(), url, retry, headers=headers or {}, timeout=60)
    except requests.RequestException as error:
        raise SourceUnavailableError(f"could not reach {url}: {type(error).__name__}") from None
    if response.status_code in (401, 403):
        raise SourceUnavailableError(f"{url} refused the key in AA_API_KEY ({response.status_code})")
    if response.status_code == 404:
        raise SourceAbsentError(f"{url} is not there (404)")
    if response.status_code != 200:
        raise SourceUnavailableError(f"{url} answered {response.status_code}")
    try:
        return response.json()
    except ValueError:
        raise SourceDataError(f"{url} did not answer JSON") from None


def fetch_models(settings: ArtificialAnalysisSettings) -> list[dict[str, Any]]:
    """The `data` list of the models API: today's leaderboard."""
    if not settings.api_key:
        raise SourceUnavailableError("the Artificial Analysis API needs a key: set AA_API_KEY")
    url = f"{settings.base_url}{MODELS_PATH}"
    try:
        payload = get_json(url, settings.retry, headers={"x-api-key": settings.api_key})
    except SourceAbsentError as error:
        raise SourceUnavailableError(str(error)) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise SourceDataError(f"{url}: the answer has no 'data' list")
    return payload["data"]

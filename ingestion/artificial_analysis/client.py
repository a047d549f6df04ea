"""The Artificial Analysis models API through `requests`, and its answer as table rows."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import requests

from ingestion.errors import SourceDataError, SourceUnavailableError

PUBLIC_AA = "https://artificialanalysis.ai"
MODELS_PATH = "/api/v2/data/llms/models"
RETRY_STATUSES = {429, 500, 502, 503, 504}

AA_SCHEMA = pa.schema(
    [
        ("fetched_on", pa.date32()),
        ("id", pa.string()),
        ("slug", pa.string()),
        ("name", pa.string()),
        ("creator_name", pa.string()),
        ("creator_slug", pa.string()),
        ("release_date", pa.date32()),
        ("intelligence_index", pa.float64()),
        ("coding_index", pa.float64()),
        ("math_index", pa.float64()),
        ("evaluations_raw", pa.string()),
    ]
)


@dataclass(frozen=True)
class ArtificialAnalysisSettings:
    """Base URL and key (AA_BASE_URL, AA_API_KEY); without a key the source is off."""

    base_url: str = PUBLIC_AA
    # Kept out of repr so that the key never lands in a log line or run metadata.
    api_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "ArtificialAnalysisSettings":
        """Settings from AA_BASE_URL and AA_API_KEY, with the public API as default."""
        env = os.environ if environ is None else environ
        return cls(base_url=(env.get("AA_BASE_URL") or PUBLIC_AA).rstrip("/"), api_key=env.get("AA_API_KEY") or None)


def fetch_models(
    settings: ArtificialAnalysisSettings,
    *,
    session: requests.Session | None = None,
    attempts: int = 4,
    sleep=time.sleep,
) -> list[dict[str, Any]]:
    """The `data` list of the models endpoint, retried on 429 and 5xx (honouring Retry-After)."""
    if not settings.api_key:
        raise SourceUnavailableError("the Artificial Analysis API needs a key: set AA_API_KEY")
    session = session or requests.Session()
    url = f"{settings.base_url}{MODELS_PATH}"
    wait = 1.0
    for attempt in range(1, attempts + 1):
        try:
            response = session.get(url, headers={"x-api-key": settings.api_key}, timeout=60)
        except requests.RequestException as error:
            if attempt == attempts:
                raise SourceUnavailableError(f"could not reach {url}: {type(error).__name__}") from None
            sleep(wait)
            wait *= 2
            continue
        if response.status_code in RETRY_STATUSES and attempt < attempts:
            retry_after = response.headers.get("Retry-After", "")
            sleep(float(retry_after) if retry_after.isdigit() else wait)
            wait *= 2
            continue
        if response.status_code in (401, 403):
            raise SourceUnavailableError(f"{url} refused the key in AA_API_KEY ({response.status_code})")
        if response.status_code != 200:
            raise SourceUnavailableError(f"{url} answered {response.status_code}")
        try:
            payload = response.json()
        except ValueError:
            raise SourceDataError(f"{url} did not answer JSON") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            raise SourceDataError(f"{url}: the answer has no 'data' list")
        return payload["data"]
    raise SourceUnavailableError(f"{url}: no answer after {attempts} attempts")


def _score(evaluations: dict[str, Any], name: str) -> float | None:
    value = evaluations.get(name)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def aa_models_table(models: list[dict[str, Any]], fetched_on: dt.date) -> pa.Table:
    """One row per model with its indexes; an entry without an id or with a bad release date is named."""
    rows = []
    for position, model in enumerate(models):
        if not isinstance(model, dict) or not model.get("id"):
            raise SourceDataError(f"Artificial Analysis model #{position} has no id: {model!r}"[:300])
        released = model.get("release_date")
        try:
            release_date = dt.date.fromisoformat(released[:10]) if released else None
        except (TypeError, ValueError):
            raise SourceDataError(f"Artificial Analysis model {model['id']}: release_date {released!r}") from None
        evaluations = model.get("evaluations") or {}
        creator = model.get("model_creator") or {}
        rows.append(
            {
                "fetched_on": fetched_on,
                "id": str(model["id"]),
                "slug": model.get("slug"),
                "name": model.get("name"),
                "creator_name": creator.get("name"),
                "creator_slug": creator.get("slug"),
                "release_date": release_date,
                "intelligence_index": _score(evaluations, "artificial_analysis_intelligence_index"),
                "coding_index": _score(evaluations, "artificial_analysis_coding_index"),
                "math_index": _score(evaluations, "artificial_analysis_math_index"),
                "evaluations_raw": json.dumps(evaluations, sort_keys=True) if evaluations else None,
            }
        )
    return pa.Table.from_pylist(sorted(rows, key=lambda r: r["id"]), schema=AA_SCHEMA)

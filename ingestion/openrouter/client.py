"""The OpenRouter API through `requests`: the model catalogue and the daily token rankings, paced and retried."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests

from ingestion.errors import SourceDataError, SourceUnavailableError
from ingestion.openrouter.pacing import RequestPacer
from ingestion.retries import get_with_retries
from ingestion.openrouter.settings import OpenRouterSettings

MODELS_PATH = "/api/v1/models"
RANKINGS_PATH = "/api/v1/datasets/rankings-daily"
DATASET_START = dt.date(2025, 1, 1)


@dataclass(frozen=True)
class RankingsPull:
    """One rankings response: its rows, with token counts as exact integers, and its meta block."""

    rows: list[dict[str, Any]]
    meta: dict[str, str]


def exact_tokens(value: Any, where: str) -> int:
    """A token count as an exact integer: the API sends a decimal string that can exceed 2^53, never a float."""
    if isinstance(value, bool):
        raise SourceDataError(f"total_tokens is not a whole number at {where}: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, Decimal) and value == value.to_integral_value() and value >= 0:
        return int(value)
    raise SourceDataError(f"total_tokens is not a whole number at {where}: {value!r}")


class OpenRouterClient:
    """Reads the catalogue and the rankings; every request waits its turn with the pacer first."""

    def __init__(
        self,
        settings: OpenRouterSettings,
        pacer: RequestPacer,
        *,
        session: requests.Session | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.settings, self.pacer, self.timeout = settings, pacer, timeout
        self.session = session or requests.Session()
        self.requests = 0

    def _get(self, path: str, params: dict[str, str] | None = None, *, keyed: bool) -> Any:
        url = f"{self.settings.base_url}{path}"
        headers = {"Accept": "application/json"}
        if keyed:
            if not self.settings.api_key:
                raise SourceUnavailableError(f"{path} needs an API key: set OPENROUTER_API_KEY")
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        try:
            # Every attempt waits its turn with the pacer and counts against the limits; so does every wait.
            response = get_with_retries(
                self.session, url, self.settings.retry, sleep=self.pacer.pause, before_attempt=self._take_turn,
                params=params, headers=headers, timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise SourceUnavailableError(f"could not reach {url}: {type(error).__name__}") from None
        if response.status_code != 200:
            raise SourceUnavailableError(f"{url} answered {response.status_code} (params {params})")
        try:
            # Floats parsed as Decimal: a count sent as a JSON number is never rounded on the way in.
            return json.loads(response.text, parse_float=Decimal)
        except ValueError as error:
            raise SourceDataError(f"{url} did not return JSON (params {params}): {error}") from None

    def _take_turn(self) -> None:
        self.pacer.wait_turn()
        self.requests += 1

    def models(self) -> list[dict[str, Any]]:
        """The catalogue of models OpenRouter serves (no key needed)."""
        payload = self._get(MODELS_PATH, keyed=False)
        models = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(models, list):
            raise SourceDataError(f"{self.settings.base_url}{MODELS_PATH} has no 'data' list")
        return models

    def rankings(self, start: dt.date, end: dt.date) -> RankingsPull:
        """The daily top-50 token totals (and each day's 'other' row) for start..end inclusive, with the meta block."""
        params = {"start_date": start.isoformat(), "end_date": end.isoformat()}
        payload = self._get(RANKINGS_PATH, params, keyed=True)
        where = f"{self.settings.base_url}{RANKINGS_PATH} ({start}..{end})"
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list) or not isinstance(payload.get("meta"), dict):
            raise SourceDataError(f"{where} lacks its 'data' list or 'meta' block")
        rows = []
        for item in payload["data"]:
            try:
                day, slug = dt.date.fromisoformat(item["date"]), item["model_permaslug"]
            except (KeyError, TypeError, ValueError) as error:
                raise SourceDataError(f"malformed row at {where}: {item!r} ({error})") from None
            if not isinstance(slug, str) or not slug:
                raise SourceDataError(f"a row without model_permaslug at {where}: {item!r}")
            # Stored by its own date, a row outside the window would replace a day this pull was not asked for.
            if not start <= day <= end:
                raise SourceDataError(f"a row dated {day}, outside the days asked for, at {where}: {item!r}")
            rows.append(
                {"date": day, "model_permaslug": slug, "total_tokens": exact_tokens(item.get("total_tokens"), f"{where}, {day} {slug}")}
            )
        meta = {key: str(value) for key, value in payload["meta"].items()}
        return RankingsPull(rows=rows, meta=meta)

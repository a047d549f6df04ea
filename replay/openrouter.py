"""A loopback HTTP server that replays OpenRouter's catalogue and daily rankings in the API's response shapes,
with its per-minute request limit, on a clock a test can shorten."""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections import deque
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from replay.loopback import LoopbackService, TrackedHandler

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data" / "openrouter"
DATASET_START = dt.date(2025, 1, 1)
DEFAULT_WINDOW_DAYS = 30


class ReplayOpenRouter(LoopbackService):
    """Serves /api/v1/models and /api/v1/datasets/rankings-daily from in-memory rows on loopback.

    `rankings` holds {date, model_permaslug, total_tokens (a decimal string)} rows. More than `per_minute`
    rankings requests within `minute` seconds of `clock` are answered 429 with a Retry-After, as the real
    service does. Every request is appended to `request_log` as {"path", "query", "status"}.
    """

    thread_name = "replay-openrouter"

    def __init__(
        self,
        models: list[dict[str, Any]],
        rankings: list[dict[str, Any]],
        *,
        api_key: str = "sample-key",
        as_of: str = "2026-05-21T02:00:00Z",
        notice: str | None = None,
        per_minute: int = 30,
        minute: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.models, self.api_key, self.as_of, self.notice = models, api_key, as_of, notice
        self.per_minute, self.minute, self.clock = per_minute, minute, clock
        super().__init__(host, port)
        self.by_day: dict[dt.date, list[dict[str, Any]]] = {}
        for row in rankings:
            self.by_day.setdefault(dt.date.fromisoformat(str(row["date"])), []).append(row)
        self.last_day = max(self.by_day, default=DATASET_START)
        self.request_log: list[dict[str, Any]] = []
        self._recent: deque[float] = deque()

    @property
    def handler(self) -> type[TrackedHandler]:
        """The request handler (defined below, with the routes)."""
        return _Handler

    @classmethod
    def from_sample(cls, sample_dir: str | Path = SAMPLE_DIR, **kwargs: Any) -> ReplayOpenRouter:
        """Load models.json and rankings_daily.json (both MADE-UP, in the real shapes) from a sample folder."""
        sample_dir = Path(sample_dir)
        models = json.loads((sample_dir / "models.json").read_text())
        rankings = json.loads((sample_dir / "rankings_daily.json").read_text())
        kwargs.setdefault("notice", rankings.get("notice"))
        return cls(models["data"], rankings["data"], **kwargs)

    def _admit(self) -> float:
        """0 when a rankings request may go ahead now, else the seconds until it may."""
        with self._lock:
            now = self.clock()
            while self._recent and now - self._recent[0] >= self.minute:
                self._recent.popleft()
            if len(self._recent) >= self.per_minute:
                return self.minute - (now - self._recent[0])
            self._recent.append(now)
            return 0.0

    def rankings_payload(self, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        """The status and body of a rankings request, with the API's window defaults and date checks."""
        try:
            end = dt.date.fromisoformat(query["end_date"][0]) if "end_date" in query else self.last_day
            start = (
                dt.date.fromisoformat(query["start_date"][0])
                if "start_date" in query
                else end - dt.timedelta(days=DEFAULT_WINDOW_DAYS)
            )
        except ValueError as error:
            return 400, {"error": {"code": 400, "message": f"invalid date: {error}"}}
        if end < DATASET_START:
            return 400, {"error": {"code": 400, "message": "end_date must be on or after 2025-01-01"}}
        start = max(start, DATASET_START)
        if start > end:
            return 400, {"error": {"code": 400, "message": "start_date is after end_date"}}
        data = []
        day = start
        while day <= end:
            rows = self.by_day.get(day, [])
            real = sorted(
                (r for r in rows if r["model_permaslug"] != "other"),
                key=lambda r: (-Decimal(str(r["total_tokens"])), r["model_permaslug"]),
            )
            other = [r for r in rows if r["model_permaslug"] == "other"]
            data.extend(
                {"date": day.isoformat(), "model_permaslug": r["model_permaslug"], "total_tokens": str(r["total_tokens"])}
                for r in [*real, *other]
            )
            day += dt.timedelta(days=1)
        meta = {"as_of": self.as_of, "start_date": start.isoformat(), "end_date": end.isoformat(), "version": "v1"}
        if self.notice:
            meta["notice"] = self.notice
        return 200, {"data": data, "meta": meta}


class _Handler(TrackedHandler):
    """Routes the two endpoints; everything else is a 404."""

    service: ReplayOpenRouter

    def do_GET(self) -> None:  # noqa: N802
        split = urlsplit(self.path)
        query = parse_qs(split.query)
        status, body, headers = self._route(split.path.rstrip("/"), query)
        with self.service._lock:
            self.service.request_log.append({"path": split.path, "query": query, "status": status})
        payload = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _route(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        if path == "/api/v1/models":
            return 200, {"data": self.service.models}, {}
        if path == "/api/v1/datasets/rankings-daily":
            if self.headers.get("Authorization") != f"Bearer {self.service.api_key}":
                return 401, {"error": {"code": 401, "message": "No auth credentials found"}}, {}
            wait = self.service._admit()
            if wait > 0:
                message = {"error": {"code": 429, "message": "Rate limit exceeded: 30 requests per minute"}}
                return 429, message, {"Retry-After": str(max(1, math.ceil(wait)))}
            status, body = self.service.rankings_payload(query)
            return status, body, {}
        return 404, {"error": {"code": 404, "message": "Not Found"}}, {}

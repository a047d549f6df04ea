"""A loopback service that answers GET on fixed paths with fixed bodies: the Epoch CSV, an Artificial Analysis
answer, any source that is one file behind one URL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from replay.loopback import LoopbackService, TrackedHandler


@dataclass(frozen=True)
class ServedFile:
    """One path's body and content type; a `keyed` file is served only with the service's required headers."""

    body: bytes
    content_type: str = "application/octet-stream"
    keyed: bool = True


class ReplayFiles(LoopbackService):
    """Serves `files` by path; with `required_headers` set, a request for a keyed file lacking them gets 401 (a
    keyed API beside public files).

    Every request is appended to `request_log` as {"method", "path", "status", "headers"}, the headers named
    in `required_headers` masked so that a log never holds a key.
    """

    bound_as = "files"
    thread_name = "replay-files"

    def __init__(
        self,
        files: dict[str, ServedFile],
        *,
        required_headers: dict[str, str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(host, port)
        self.files = dict(files)
        self.required_headers = {name.lower(): value for name, value in (required_headers or {}).items()}
        self.request_log: list[dict[str, Any]] = []

    @property
    def handler(self) -> type[TrackedHandler]:
        """The request handler."""
        return _Handler


class _Handler(TrackedHandler):
    files: ReplayFiles
    server_version = "ReplayFiles/1.0"

    def do_GET(self) -> None:  # noqa: N802
        path = urlsplit(self.path).path
        served = self.files.files.get(path)
        authorised = (served is None or not served.keyed) or all(
            self.headers.get(name) == value for name, value in self.files.required_headers.items()
        )
        status = 401 if not authorised else 200 if served is not None else 404
        with self.files._lock:
            self.files.request_log.append(
                {
                    "method": "GET",
                    "path": path,
                    "status": status,
                    "headers": {name: "***" for name in self.files.required_headers if self.headers.get(name)},
                }
            )
        if status == 200:
            body, content_type = served.body, served.content_type
        else:
            error = "unauthorized" if status == 401 else "not found"
            body, content_type = json.dumps({"error": error}).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


EPOCH_SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "epoch" / "all_ai_models_2025-04.csv"
EPOCH_PATH = "/data/all_ai_models.csv"


def epoch_sample(path: Path = EPOCH_SAMPLE) -> ReplayFiles:
    """Epoch AI's bundled model CSV served where Epoch publishes it; its URL is `service.url + EPOCH_PATH`."""
    return ReplayFiles({EPOCH_PATH: ServedFile(path.read_bytes(), "text/csv; charset=utf-8")})

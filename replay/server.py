"""A loopback HTTP server that replays bundled Hub data through the Hugging Face Hub API shapes."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingestion.huggingface.settings import DEFAULT_ARCHIVE_REPO
from ingestion.lmarena.leaderboard import LEADERBOARD_FILE, LEADERBOARD_REPO
from replay.lmarena import leaderboard_parquet
from replay.loopback import LoopbackService, TrackedHandler

DEFAULT_SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data" / "huggingface"
ARCHIVE_FILENAME = "models.parquet"
# Archive files served from disk go out in pieces of this size, never whole in memory.
CHUNK_BYTES = 1 << 20

EXPANDABLE = (
    "author",
    "createdAt",
    "lastModified",
    "downloads",
    "downloadsAllTime",
    "likes",
    "tags",
    "pipeline_tag",
    "library_name",
    "safetensors",
    "gguf",
    "baseModels",
    "cardData",
    "gated",
    "trendingScore",
    "private",
)
DEFAULT_PROPERTIES = (
    "id",
    "likes",
    "downloads",
    "trendingScore",
    "pipeline_tag",
    "library_name",
    "tags",
    "createdAt",
    "private",
    "modelId",
)
SORT_KEYS = {
    "createdAt": "createdAt",
    "created_at": "createdAt",
    "downloads": "downloads",
    "lastModified": "lastModified",
    "last_modified": "lastModified",
    "likes": "likes",
    "trendingScore": "trendingScore",
    "trending_score": "trendingScore",
}
_MISSING = object()


def _iso(value: datetime | None) -> str | None:
    """Format a naive-UTC or aware timestamp the way the Hub does: 2024-02-28T15:24:14.000Z."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _parse_json_text(value: Any) -> Any:
    """Decode a JSON string column value; _MISSING when it does not parse (the Hub omits such fields)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return _MISSING


def _object_id(model_id: str | None, row_index: int) -> str:
    """A stable 24-hex Mongo-like _id derived from the model id."""
    seed = model_id if model_id is not None else f"<null id #{row_index}>"
    return hashlib.sha1(seed.encode("utf-8")).hexdigest()[:24]


def _model_payload(row: dict[str, Any], row_index: int) -> dict[str, Any]:
    """Every property the replay can serve for one state row, already in Hub JSON form."""
    payload: dict[str, Any] = {"_id": _object_id(row.get("id"), row_index), "id": row.get("id")}
    payload["modelId"] = row.get("id")
    payload["author"] = row.get("author")
    payload["createdAt"] = _iso(row.get("createdAt"))
    payload["lastModified"] = _iso(row.get("lastModified"))
    for name in ("downloads", "downloadsAllTime", "likes", "trendingScore", "tags", "pipeline_tag", "library_name"):
        payload[name] = row.get(name)
    payload["private"] = False
    payload["gated"] = False

    safetensors = row.get("safetensors")
    if safetensors is not None:
        parameters = {k: v for k, v in (safetensors.get("parameters") or {}).items() if v is not None}
        payload["safetensors"] = {"parameters": parameters, "total": safetensors.get("total")}
    else:
        payload["safetensors"] = None

    base = row.get("baseModels")
    if base is not None:
        # huggingface_hub keeps this dict as-is in ModelInfo.base_models; the Hub sends only ids here.
        models = [{"id": m.get("id")} for m in (base.get("models") or []) if m is not None]
        payload["baseModels"] = {"relation": base.get("relation"), "models": models}
    else:
        payload["baseModels"] = None

    for name in ("cardData", "gguf"):
        parsed = _parse_json_text(row.get(name))
        if parsed is not _MISSING:
            payload[name] = parsed
    return payload


def _author_of(payload: dict[str, Any]) -> str | None:
    """The author field, else the namespace part of the id."""
    if payload.get("author"):
        return payload["author"]
    model_id = payload.get("id")
    return model_id.split("/", 1)[0] if isinstance(model_id, str) else None


def _project(payload: dict[str, Any], expand: list[str] | None) -> dict[str, Any]:
    """Keep _id, id and the requested properties (or the Hub's default listing set)."""
    wanted = [p for p in expand if p in EXPANDABLE] if expand else list(DEFAULT_PROPERTIES)
    out = {"_id": payload["_id"], "id": payload["id"]}
    for name in wanted:
        if name in payload:
            out[name] = payload[name]
    return out


def _encode_cursor(offset: int) -> str:
    """Opaque pagination cursor, like the Hub's base64 tokens."""
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    """Offset inside the filtered, sorted listing; 0 for anything unreadable."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return max(0, int(json.loads(base64.urlsafe_b64decode(padded))["o"]))
    except (ValueError, KeyError, TypeError):
        return 0


class _Fault:
    """A canned response for the next `remaining` requests under a path prefix (and holding `query` in their query
    string, when set)."""

    def __init__(
        self, prefix: str, status: int, times: int, headers: dict[str, str], body: bytes, query: str | None = None
    ) -> None:
        self.prefix = prefix
        self.query = query
        self.status = status
        self.remaining = times
        self.headers = headers
        self.body = body


class ReplayHub(LoopbackService):
    """Serves a Hub state table (and an optional reconstructed history) over the Hub's HTTP API on loopback.

    Every request, faulted or not, is appended to `request_log` as
    {"method", "path" (URL-decoded), "query" (parse_qs dict of lists), "host" (the Host header)}.
    """

    bound_as = "hub"
    thread_name = "replay-hub"

    def __init__(
        self,
        state: pa.Table,
        history: pa.Table | None = None,
        *,
        archive_repo: str = DEFAULT_ARCHIVE_REPO,
        page_size: int = 100,
        host: str = "127.0.0.1",
        port: int = 0,
        archive_dir: str | Path | None = None,
    ) -> None:
        """Keep the tables; nothing is bound until start(). With `archive_dir`, a folder laid out
        models/<date>/models.parquet, the archive serves those files from disk instead of building them from the
        tables (the state still answers the listing API)."""
        if page_size < 1:
            raise ValueError("page_size must be positive")
        super().__init__(host, port)
        self.archive_repo = archive_repo
        self.page_size = page_size
        self.history = history
        self.request_log: list[dict[str, Any]] = []
        self._faults: list[_Fault] = []
        self._archive_cache: dict[date, tuple[bytes, str]] = {}
        # The bundled LMArena files, built into the dataset's shape on first request.
        self._dataset_files: dict[tuple[str, str], bytes | Callable[[], bytes]] = {
            (LEADERBOARD_REPO, LEADERBOARD_FILE): leaderboard_parquet
        }
        self._payloads: list[dict[str, Any]] | None = None
        self._state = state
        self.archive_dir = Path(archive_dir) if archive_dir is not None else None
        self._file_digests: dict[tuple[Path, int, int], str] = {}
        if self.archive_dir is not None:
            days = self._days_on_disk()
            if not days:
                raise ValueError(f"{self.archive_dir} holds no models/<date>/{ARCHIVE_FILENAME}")
            self.as_of = days[-1]
        elif history is not None and history.num_rows:
            self._archive_dates = sorted(pc.unique(history.column("snapshot_date")).to_pylist())
            self.as_of: date = self._archive_dates[-1]
        else:
            last = pc.max(state.column("lastModified")).as_py()
            self.as_of = last.date() if isinstance(last, datetime) else last
            self._archive_dates = [self.as_of]
        # Stable across restarts so hf_hub_download's cache keys stay valid between runs.
        self.commit = hashlib.sha1(f"{archive_repo}@{self.as_of.isoformat()}".encode()).hexdigest()

    @property
    def handler(self) -> type[TrackedHandler]:
        """The request handler (defined below, with the routes)."""
        return _Handler

    @classmethod
    def from_sample(cls, sample_dir: str | Path = DEFAULT_SAMPLE_DIR, **kwargs: Any) -> ReplayHub:
        """Load hub_state.parquet and download_history.parquet (if present) from a sample folder."""
        sample_dir = Path(sample_dir)
        state = pq.read_table(sample_dir / "hub_state.parquet")
        history_path = sample_dir / "download_history.parquet"
        history = pq.read_table(history_path) if history_path.exists() else None
        return cls(state, history, **kwargs)

    @property
    def state(self) -> pa.Table:
        """The served Hub state; assigning a new table takes effect on the next request."""
        return self._state

    @state.setter
    def state(self, table: pa.Table) -> None:
        with self._lock:
            self._state = table
            self._payloads = None
            self._archive_cache.clear()

    @property
    def archive_dates(self) -> list[date]:
        """Sorted snapshot dates the archive dataset serves (those on disk now, with an archive folder)."""
        return self._days_on_disk() if self.archive_dir is not None else list(self._archive_dates)

    def _days_on_disk(self) -> list[date]:
        assert self.archive_dir is not None
        days = []
        for folder in (self.archive_dir / "models").glob("*"):
            try:
                day = date.fromisoformat(folder.name)
            except ValueError:
                continue
            if (folder / ARCHIVE_FILENAME).is_file():
                days.append(day)
        return sorted(days)

    def add_dataset_file(self, repo_id: str, filename: str, data: bytes | Callable[[], bytes] | None) -> None:
        """Serve a dataset file (or what a function builds on first request) at
        /datasets/{repo_id}/resolve/{revision}/{filename}; None stops serving it."""
        with self._lock:
            if data is None:
                self._dataset_files.pop((repo_id, filename), None)
            else:
                self._dataset_files[(repo_id, filename)] = data

    def _dataset_file(self, repo_id: str, filename: str) -> bytes | None:
        with self._lock:
            found = self._dataset_files.get((repo_id, filename))
            if callable(found):
                found = self._dataset_files[(repo_id, filename)] = found()
            return found

    def inject_fault(
        self,
        path_prefix: str,
        status: int,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        query: str | None = None,
    ) -> None:
        """Answer the next `times` requests whose path starts with path_prefix (and whose raw query string holds
        `query`, when given) with this canned response."""
        with self._lock:
            self._faults.append(_Fault(path_prefix, status, times, dict(headers or {}), body, query))

    # -- internals used by the handler -------------------------------------------------------------

    def _record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.request_log.append(entry)

    def _take_fault(self, path: str, raw_query: str = "") -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if (
                    fault.remaining > 0
                    and path.startswith(fault.prefix)
                    and (fault.query is None or fault.query in raw_query)
                ):
                    fault.remaining -= 1
                    return fault
            self._faults = [f for f in self._faults if f.remaining > 0]
        return None

    def _model_payloads(self) -> list[dict[str, Any]]:
        with self._lock:
            if self._payloads is None:
                rows = self._state.to_pylist()
                self._payloads = [_model_payload(row, i) for i, row in enumerate(rows)]
            return self._payloads

    def _list_models(self, query: dict[str, list[str]]) -> tuple[list[dict[str, Any]], int | None]:
        """One page of /api/models and the offset of the next page (None on the last page)."""
        items = self._model_payloads()
        author = _first(query, "author")
        filters = query.get("filter", []) + query.get("filter[]", [])
        search = _first(query, "search")
        pipeline_tag = _first(query, "pipeline_tag")
        if author is not None:
            # The Hub filters on the repository's author, so a record with a broken id still belongs to it.
            items = [p for p in items if _author_of(p) == author]
        if filters:
            items = [p for p in items if all(f in (p.get("tags") or ()) for f in filters)]
        if search:
            needle = search.lower()
            items = [p for p in items if isinstance(p["id"], str) and needle in p["id"].lower()]
        if pipeline_tag:
            items = [p for p in items if p.get("pipeline_tag") == pipeline_tag]

        sort = _first(query, "sort")
        if sort in SORT_KEYS:
            key = SORT_KEYS[sort]
            # The Hub sorts descending unless told direction=1; ties and nulls keep a stable order so that
            # offset cursors never skip or repeat an item.
            descending = _first(query, "direction") != "1"
            present = [p for p in items if p.get(key) is not None]
            missing = [p for p in items if p.get(key) is None]
            present.sort(key=lambda p: str(p["id"]))
            present.sort(key=lambda p: p[key], reverse=descending)
            items = present + missing

        limit_text = _first(query, "limit")
        total = len(items)
        if limit_text is not None:
            try:
                total = min(total, max(0, int(limit_text)))
            except ValueError:
                pass
        offset = _decode_cursor(_first(query, "cursor") or "")
        end = min(offset + self.page_size, total)
        expand = query.get("expand", []) + query.get("expand[]", [])
        page = [_project(p, expand) for p in items[offset:end]]
        return page, (end if end < total else None)

    def _model_info(self, repo_id: str, query: dict[str, list[str]]) -> dict[str, Any] | None:
        for payload in self._model_payloads():
            if payload["id"] == repo_id:
                expand = query.get("expand", []) + query.get("expand[]", [])
                if expand:
                    return _project(payload, expand)
                return {k: v for k, v in payload.items()}
        return None

    def _archive_body(self, day: date) -> _ArchiveBody:
        """What the archive serves for one date: its file on disk with an archive folder, else the bytes built from
        the tables."""
        if self.archive_dir is None:
            data, digest = self._archive_file(day)
            return _ArchiveBody(size=len(data), sha256=digest, data=data)
        path = self.archive_dir / "models" / day.isoformat() / ARCHIVE_FILENAME
        return _ArchiveBody(size=path.stat().st_size, sha256=self._file_digest(path), path=path)

    def _file_digest(self, path: Path) -> str:
        """The sha256 of a file on disk, computed once per version of the file (hashing 1.5 GB takes seconds)."""
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._file_digests.get(key)
        if known is None:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                while piece := handle.read(CHUNK_BYTES):
                    digest.update(piece)
            known = digest.hexdigest()
            with self._lock:
                self._file_digests[key] = known
        return known

    def _archive_file(self, day: date) -> tuple[bytes, str]:
        """Parquet bytes and sha256 of the archive snapshot for one date, built once and cached (read whole from
        disk with an archive folder: for tests on small files only)."""
        if self.archive_dir is not None:
            body = self._archive_body(day)
            assert body.path is not None
            return body.path.read_bytes(), body.sha256
        with self._lock:
            cached = self._archive_cache.get(day)
            state = self._state
        if cached is not None:
            return cached
        data = _archive_parquet(state, self.history, day, self.as_of)
        built = (data, hashlib.sha256(data).hexdigest())
        with self._lock:
            if self._state is state:
                self._archive_cache[day] = built
        return built


@dataclass(frozen=True)
class _ArchiveBody:
    """An archive file's size, sha256 and content: bytes in memory, or a file on disk read piece by piece."""

    size: int
    sha256: str
    data: bytes | None = None
    path: Path | None = None


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _archive_parquet(state: pa.Table, history: pa.Table | None, day: date, as_of: date) -> bytes:
    """The state rows that existed on `day`, with that day's counters and a provenance column."""
    created_day = pc.cast(state.column("createdAt"), pa.date32())
    rows = state.filter(pc.less_equal(created_day, pa.scalar(day, pa.date32())))
    if history is not None:
        on_day = history.filter(pc.equal(history.column("snapshot_date"), pa.scalar(day, pa.date32())))
        position = pc.index_in(rows.column("id"), value_set=on_day.column("model_id"))
        counters = {
            "downloads": pc.take(on_day.column("downloads_30d"), position),
            "downloadsAllTime": pc.take(on_day.column("downloads_all_time"), position),
        }
        for name, values in counters.items():
            index = rows.schema.get_field_index(name)
            field = rows.schema.field(index)
            rows = rows.set_column(index, field, pc.cast(values, field.type))
    provenance = "observed" if day == as_of else "reconstructed"
    rows = rows.append_column("provenance", pa.array([provenance] * rows.num_rows, pa.string()))
    sink = io.BytesIO()
    pq.write_table(rows, sink, compression="zstd")
    return sink.getvalue()


class _Handler(TrackedHandler):
    """Routes Hub API and resolve requests to the owning ReplayHub."""

    hub: ReplayHub
    server_version = "ReplayHub/1.0"

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(head=True)

    def _dispatch(self, *, head: bool) -> None:
        split = urlsplit(self.path)
        path = unquote(split.path)
        query = parse_qs(split.query, keep_blank_values=True)
        self.hub._record(
            {"method": self.command, "path": path, "query": query, "host": self.headers.get("Host")}
        )
        fault = self.hub._take_fault(path, split.query)
        if fault is not None:
            self._send(fault.status, fault.body, fault.headers, head=head)
            return
        try:
            self._route(split.path, path, query, head=head)
        except Exception as error:  # a bug here must surface as a 500, not a hung client
            self._send_json(500, {"error": f"replay server error: {error!r}"}, head=head)

    def _route(self, raw_path: str, path: str, query: dict[str, list[str]], *, head: bool) -> None:
        if path.rstrip("/") == "/api/models":
            page, next_offset = self.hub._list_models(query)
            headers = {}
            if next_offset is not None:
                headers["Link"] = f'<{self._next_url(query, next_offset)}>; rel="next"'
            self._send_json(200, page, head=head, headers=headers)
            return
        if path.startswith("/api/models/"):
            repo_id = path[len("/api/models/") :]
            # model_info(revision=...) calls /api/models/{id}/revision/{rev}; the replay has one revision.
            if "/revision/" in repo_id:
                repo_id = repo_id.split("/revision/", 1)[0]
            payload = self.hub._model_info(repo_id.strip("/"), query)
            if payload is None:
                self._send_json(
                    404, {"error": "Repository not found"}, head=head, headers={"X-Error-Code": "RepoNotFound"}
                )
            else:
                self._send_json(200, payload, head=head)
            return
        archive_api = f"/api/datasets/{self.hub.archive_repo}/tree/"
        if path.startswith(archive_api):
            self._tree(raw_path, head=head)
            return
        resolve_prefix = f"/datasets/{self.hub.archive_repo}/resolve/"
        if raw_path.startswith(resolve_prefix):
            self._resolve(raw_path[len(resolve_prefix) :], head=head)
            return
        if path.startswith("/datasets/") and "/resolve/" in path:
            repo_id, _, rest = path[len("/datasets/") :].partition("/resolve/")
            data = self.hub._dataset_file(repo_id, rest.partition("/")[2])
            if data is not None:
                headers = {
                    "ETag": f'"{hashlib.sha256(data).hexdigest()}"',
                    "X-Repo-Commit": self.hub.commit,
                    "Content-Type": "application/octet-stream",
                }
                self._send(200, data, headers, head=head)
                return
            self._send_json(
                404, {"error": "Repository not found"}, head=head, headers={"X-Error-Code": "RepoNotFound"}
            )
            return
        self._not_found(head=head)

    def _resolve(self, rest: str, *, head: bool) -> None:
        # The revision is one URL-quoted segment (hf_hub_url quotes "/" in branch names as %2F).
        _, _, filename = rest.partition("/")
        filename = unquote(filename)
        parts = filename.split("/")
        day = None
        if len(parts) == 3 and parts[0] == "models" and parts[2] == ARCHIVE_FILENAME:
            try:
                day = date.fromisoformat(parts[1])
            except ValueError:
                day = None
        if day is None or day not in self.hub.archive_dates:
            self._not_found(head=head)
            return
        body = self.hub._archive_body(day)
        headers = {
            "ETag": f'"{body.sha256}"',
            "X-Repo-Commit": self.hub.commit,
            "Content-Type": "application/octet-stream",
            "Accept-Ranges": "none",
        }
        if body.data is not None:
            self._send(200, body.data, headers, head=head)
        else:
            assert body.path is not None
            self._send_file(body.path, body.size, headers, head=head)

    def _tree(self, raw_path: str, *, head: bool) -> None:
        # Non-recursive listing so callers can discover snapshot dates with list_repo_tree("models").
        rest = raw_path[len(f"/api/datasets/{self.hub.archive_repo}/tree/") :]
        _, _, folder = rest.partition("/")
        folder = unquote(folder).strip("/")
        if folder == "":
            entries = [{"type": "directory", "oid": self.hub.commit, "size": 0, "path": "models"}]
        elif folder == "models":
            entries = [
                {
                    "type": "directory",
                    "oid": hashlib.sha1(f"{self.hub.commit}/{d}".encode()).hexdigest(),
                    "size": 0,
                    "path": f"models/{d.isoformat()}",
                }
                for d in self.hub.archive_dates
            ]
        else:
            try:
                day = date.fromisoformat(folder.removeprefix("models/"))
            except ValueError:
                day = None
            if day is None or not folder.startswith("models/") or day not in self.hub.archive_dates:
                self._not_found(head=head)
                return
            body = self.hub._archive_body(day)
            # The Hub's oid of an LFS file is its pointer's; the bytes' sha1 stands in for it when they are in memory.
            oid = hashlib.sha1(body.data if body.data is not None else body.sha256.encode()).hexdigest()
            entries = [
                {
                    "type": "file",
                    "oid": oid,
                    "size": body.size,
                    "path": f"{folder}/{ARCHIVE_FILENAME}",
                    "lfs": {"oid": body.sha256, "size": body.size, "pointerSize": 134},
                }
            ]
        self._send_json(200, entries, head=head)

    def _next_url(self, query: dict[str, list[str]], offset: int) -> str:
        # The Host the client used, so the next page comes back to this loopback server.
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        params = [(k, v) for k, values in query.items() if k != "cursor" for v in values]
        params.append(("cursor", _encode_cursor(offset)))
        return f"http://{host}/api/models?{urlencode(params, quote_via=quote)}"

    def _not_found(self, *, head: bool) -> None:
        self._send_json(
            404,
            {"error": "Entry not found"},
            head=head,
            headers={"X-Error-Code": "EntryNotFound", "X-Repo-Commit": self.hub.commit},
        )

    def _send_json(self, status: int, payload: Any, *, head: bool, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        merged = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        self._send(status, body, merged, head=head)

    def _send_file(self, path: Path, size: int, headers: dict[str, str], *, head: bool) -> None:
        """A 200 whose body is streamed from a file, never held whole in memory."""
        self._send_head(200, headers, size)
        if head:
            return
        self.wfile.flush()
        with path.open("rb") as handle:
            # Straight from the page cache to the socket: a 1.5 GB file costs the server no Python copies.
            self.connection.sendfile(handle, 0, size)

    def _send(self, status: int, body: bytes, headers: dict[str, str], *, head: bool) -> None:
        self._send_head(status, headers, len(body))
        if not head:
            self.wfile.write(body)

    def _send_head(self, status: int, headers: dict[str, str], length: int) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() != "content-length":
                self.send_header(name, str(value))
        self.send_header("Content-Length", str(length))
        self.end_headers()

"""Past days' state of the tracked models, read from a snapshot archive laid out models/<date>/models.parquet."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RemoteEntryNotFoundError, RepositoryNotFoundError

from ingestion.errors import SourceAbsentError, SourceDataError, SourceUnavailableError
from ingestion.huggingface.duckdb_scratch import DEFAULT_MEMORY_LIMIT, scratch_duckdb
from ingestion.huggingface.settings import HubSettings, without_credentials
from ingestion.huggingface.snapshot_schema import HUB_FIELDS, snapshot_row, to_table

ARCHIVE_COLUMNS = [*HUB_FIELDS.values(), "provenance"]
T = TypeVar("T")


def archive_path(snapshot_date: dt.date) -> str:
    """The file of one day inside the archive dataset."""
    return f"models/{snapshot_date.isoformat()}/models.parquet"


class ArchiveAbsentError(SourceAbsentError):
    """The endpoint holds no snapshot archive (a mirror or proxy that serves only the listing API)."""


@dataclass(frozen=True)
class Transfer:
    """Archive files downloaded, the seconds the downloads took and the bytes they brought."""

    files: int = 0
    seconds: float = 0.0
    size: int = 0

    def since(self, earlier: Transfer) -> Transfer:
        """What was transferred after `earlier`."""
        return Transfer(self.files - earlier.files, self.seconds - earlier.seconds, self.size - earlier.size)


class ArchiveFiles:
    """The archive's day files for one run, each downloaded once into a scratch folder and shared by its readers.

    A day's file is removed as soon as every reader expected to read it (`expect`) has said it is done, so a long
    backfill holds about one file at a time rather than every week of its range.
    """

    def __init__(self, settings: HubSettings, scratch: str | Path) -> None:
        self.settings = settings
        self.scratch = Path(scratch)
        self.downloads = 0
        # What the downloads cost, so that a run can say how much of its time was the transfer.
        self.download_seconds = 0.0
        self.downloaded_bytes = 0
        self._dates: set[dt.date] | None = None
        self._absent: str | None = None
        self._local: dict[dt.date, str] = {}
        self._waiting: dict[dt.date, set[str]] = {}
        self._read: dict[dt.date, set[str]] = {}

    def url(self, snapshot_date: dt.date) -> str:
        """The day's file as an address safe to log."""
        return (
            f"{without_credentials(self.settings.endpoint)}/datasets/{self.settings.archive_repo}"
            f"/resolve/main/{archive_path(snapshot_date)}"
        )

    def transfer(self) -> Transfer:
        """What this run's downloads have cost so far."""
        return Transfer(self.downloads, self.download_seconds, self.downloaded_bytes)

    def available_dates(self) -> set[dt.date]:
        """The days the archive holds, from one listing of its models/ folder, read once per run.

        Raises ArchiveAbsentError when the endpoint has no such dataset, SourceUnavailableError when it cannot say.
        """
        if self._absent is not None:
            raise ArchiveAbsentError(self._absent)
        if self._dates is None:
            api = HfApi(endpoint=self.settings.endpoint, token=self.settings.token)
            try:
                entries = list(
                    api.list_repo_tree(self.settings.archive_repo, path_in_repo="models", repo_type="dataset")
                )
            except HfHubHTTPError as error:
                status = error.response.status_code if getattr(error, "response", None) is not None else None
                if isinstance(error, RepositoryNotFoundError) or status == 404:
                    self._absent = (
                        f"{without_credentials(self.settings.endpoint)} holds no snapshot archive "
                        f"{self.settings.archive_repo} (HTTP 404)"
                    )
                    raise ArchiveAbsentError(self._absent) from None
                raise SourceUnavailableError(f"could not list the archive {self.settings.archive_repo}: {error}") from error
            except OSError as error:
                raise SourceUnavailableError(f"could not list the archive {self.settings.archive_repo}: {error}") from error
            self._dates = set()
            for entry in entries:
                try:
                    self._dates.add(dt.date.fromisoformat(entry.path.rsplit("/", 1)[-1]))
                except ValueError:
                    continue  # other files beside the day folders are not snapshots
        return set(self._dates)

    def expect(self, snapshot_date: dt.date, readers: Iterable[str]) -> None:
        """Keep the day's file until each of these readers is done with it (a reader already done is not waited for)."""
        pending = set(readers) - self._read.get(snapshot_date, set())
        if pending:
            self._waiting.setdefault(snapshot_date, set()).update(pending)

    def local(self, snapshot_date: dt.date) -> str | None:
        """The path of the day's file on this machine, downloaded on first use; None when the archive lacks the day."""
        if snapshot_date in self._local:
            return self._local[snapshot_date]
        folder = self.scratch / snapshot_date.isoformat()
        started = time.perf_counter()
        try:
            local = hf_hub_download(
                repo_id=self.settings.archive_repo,
                filename=archive_path(snapshot_date),
                repo_type="dataset",
                endpoint=self.settings.endpoint,
                token=self.settings.token,
                cache_dir=folder,
            )
        except RemoteEntryNotFoundError:
            # Only the server's own "no such file" means the day is missing; a failed download is an error.
            return None
        except (HfHubHTTPError, EntryNotFoundError, OSError) as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise SourceUnavailableError(f"could not download {self.url(snapshot_date)}: {error}") from error
        self.downloads += 1
        self.download_seconds += time.perf_counter() - started
        self.downloaded_bytes += Path(local).stat().st_size
        self._local[snapshot_date] = local
        return local

    def done(self, snapshot_date: dt.date, reader: str) -> None:
        """The reader has read the day; the file goes once no expected reader is left."""
        self._read.setdefault(snapshot_date, set()).add(reader)
        waiting = self._waiting.get(snapshot_date, set())
        waiting.discard(reader)
        if not waiting:
            self._waiting.pop(snapshot_date, None)
            if self._local.pop(snapshot_date, None) is not None:
                shutil.rmtree(self.scratch / snapshot_date.isoformat(), ignore_errors=True)


@contextmanager
def scratch_archive(settings: HubSettings) -> Iterator[ArchiveFiles]:
    """Archive files in a scratch folder removed when the block ends (for one read outside a run)."""
    with tempfile.TemporaryDirectory(prefix="atom-archive-") as scratch:
        yield ArchiveFiles(settings, scratch)


class SnapshotArchiveReader:
    """Reads one day's snapshot of the tracked models, or any parse of a day's file, from the archive dataset."""

    def __init__(self, files: ArchiveFiles) -> None:
        self.files = files
        self.settings = files.settings

    def available_dates(self) -> set[dt.date]:
        """The days the archive holds (ArchiveAbsentError when the endpoint has no archive)."""
        return self.files.available_dates()

    def read(self, tracked_ids: Iterable[str], snapshot_date: dt.date, *, reader: str = "snapshots") -> pa.Table | None:
        """The tracked models' rows of that day, or None when the archive has no snapshot for it."""
        tracked = set(tracked_ids)
        source_name = f"archive:{self.settings.archive_repo}"

        def rows(local: str) -> pa.Table:
            return to_table(
                [
                    snapshot_row(
                        record,
                        snapshot_date=snapshot_date,
                        provenance=record.get("provenance") or "observed",
                        source_name=source_name,
                    )
                    for record in read_archive_records(local, tracked, self.settings.scratch_memory_limit)
                ]
            )

        return self.with_file(snapshot_date, rows, reader=reader)

    def with_file(self, snapshot_date: dt.date, parse: Callable[[str], T], *, reader: str) -> T | None:
        """`parse` applied to the local copy of that day's file, or None when the archive has no such day; the
        reader is done with the file afterwards, whether the parse succeeded or not."""
        try:
            local = self.files.local(snapshot_date)
            if local is None:
                return None
            try:
                return parse(local)
            except (pa.ArrowException, ValueError, TypeError, KeyError) as error:
                raise SourceDataError(f"malformed archive file {self.files.url(snapshot_date)}: {error}") from error
        finally:
            self.files.done(snapshot_date, reader)


def read_archive_records(path: str, tracked: set[str], memory_limit: str = DEFAULT_MEMORY_LIMIT) -> list[dict]:
    """The archive file's records for tracked models, reading only the columns the warehouse keeps.

    DuckDB streams the file and keeps only the tracked rows: a full-Hub file's 2.5M rows are never held at once.
    """
    schema = pq.read_schema(path)
    available = set(schema.names)
    if "id" not in available:
        raise ValueError("the file has no 'id' column")
    if not (pa.types.is_string(schema.field("id").type) or pa.types.is_large_string(schema.field("id").type)):
        raise ValueError(f"the 'id' column holds {schema.field('id').type}, not the models' org/name text")
    columns = ", ".join(f'"{name}"' for name in ARCHIVE_COLUMNS if name in available)
    with scratch_duckdb(memory_limit) as con:
        con.execute("create temp table tracked as select unnest($ids::varchar[]) as id", {"ids": sorted(tracked)})
        try:
            table = con.sql(
                f"select {columns} from read_parquet($path) where id in (select id from tracked)", params={"path": path}
            ).to_arrow_table()
        except duckdb.Error as error:
            raise ValueError(str(error)) from error
    return table.to_pylist()

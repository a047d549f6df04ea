"""Past days' state of the tracked models, read from a snapshot archive laid out models/<date>/models.parquet."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from typing import TypeVar

import pyarrow as pa
import pyarrow.parquet as pq
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RemoteEntryNotFoundError

from ingestion.errors import SourceDataError, SourceUnavailableError
from ingestion.huggingface.retry import with_retries
from ingestion.huggingface.settings import HubSettings, without_credentials
from ingestion.huggingface.snapshot_schema import HUB_FIELDS, snapshot_row, to_table

ARCHIVE_COLUMNS = [*HUB_FIELDS.values(), "provenance"]
T = TypeVar("T")


def archive_path(snapshot_date: dt.date) -> str:
    """The file of one day inside the archive dataset."""
    return f"models/{snapshot_date.isoformat()}/models.parquet"


class SnapshotArchiveReader:
    """Reads one day's snapshot of the tracked models from the archive dataset through the Hub endpoint."""

    def __init__(self, settings: HubSettings) -> None:
        self.settings = settings

    def available_dates(self) -> set[dt.date]:
        """The days the archive holds, from one listing of its models/ folder (not one request per day)."""
        api = HfApi(endpoint=self.settings.endpoint, token=self.settings.token)
        entries = with_retries(
            lambda: list(
                api.list_repo_tree(self.settings.archive_repo, path_in_repo="models", repo_type="dataset")
            )
        )
        days = set()
        for entry in entries:
            name = entry.path.rsplit("/", 1)[-1]
            try:
                days.add(dt.date.fromisoformat(name))
            except ValueError:
                continue  # other files beside the day folders are not snapshots
        return days

    def read(self, tracked_ids: Iterable[str], snapshot_date: dt.date) -> pa.Table | None:
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
                    for record in read_archive_records(local, tracked)
                ]
            )

        return self.with_file(snapshot_date, rows)

    def with_file(self, snapshot_date: dt.date, parse: Callable[[str], T]) -> T | None:
        """`parse` applied to the local copy of that day's file, or None when the archive has no such day.

        Archive files are large and read once: they are downloaded into a scratch cache removed afterwards.
        """
        filename = archive_path(snapshot_date)
        url = f"{without_credentials(self.settings.endpoint)}/datasets/{self.settings.archive_repo}/resolve/main/{filename}"
        with tempfile.TemporaryDirectory(prefix="atom-archive-") as scratch:
            try:
                local = with_retries(
                    lambda: hf_hub_download(
                        repo_id=self.settings.archive_repo,
                        filename=filename,
                        repo_type="dataset",
                        endpoint=self.settings.endpoint,
                        token=self.settings.token,
                        cache_dir=scratch,
                    )
                )
            except RemoteEntryNotFoundError:
                # Only the server's own "no such file" means the day is missing; a failed download is an error.
                return None
            except (HfHubHTTPError, EntryNotFoundError, OSError) as error:
                raise SourceUnavailableError(f"could not download {url}: {error}") from error
            try:
                return parse(local)
            except (pa.ArrowException, ValueError, TypeError, KeyError) as error:
                raise SourceDataError(f"malformed archive file {url}: {error}") from error


def read_archive_records(path: str, tracked: set[str]) -> list[dict]:
    """The archive file's records for tracked models, reading only the columns the warehouse keeps."""
    available = set(pq.read_schema(path).names)
    if "id" not in available:
        raise ValueError("the file has no 'id' column")
    columns = [name for name in ARCHIVE_COLUMNS if name in available]
    table = pq.read_table(path, columns=columns, filters=[("id", "in", sorted(tracked))])
    return table.to_pylist()

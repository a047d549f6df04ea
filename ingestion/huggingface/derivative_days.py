"""How one day of derivative repos is read: a past day from the archive's full-Hub snapshot, today from the Hub's
newest models down to the stored watermark, with the archive's newest counts for the derivatives already known."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from ingestion.huggingface.archive import SnapshotArchiveReader
from ingestion.huggingface.archive_days import DERIVATIVES_READER, counts_day
from ingestion.huggingface.archive_derivatives import read_archive_derivatives
from ingestion.huggingface.derivatives import (
    LISTING,
    WATERMARK_SCHEMA,
    declared_bases,
    derivative_rows,
    derivatives_of,
    list_models_since,
)
from ingestion.huggingface.settings import HubSettings


@dataclass(frozen=True)
class DayOfDerivatives:
    """What one day read: the derivative rows to store and the watermark row that goes with them."""

    rows: pa.Table
    watermark: pa.Table
    listed: bool
    requests: int


class NoWatermarkError(Exception):
    """A live listing was asked for with nothing stored to list down to."""


@dataclass(frozen=True)
class StoredBefore:
    """What the days stored before a day say about it: where its listing stops, which repos are already known
    derivatives, and the date of the newest archive counts."""

    watermark: dt.datetime | None
    derivatives: pa.Array  # of model ids, one column rather than a Python string per derivative ever stored
    archive_counts_as_of: dt.date | None


def read_day(
    day: dt.date,
    *,
    live: bool,
    settings: HubSettings,
    archive: SnapshotArchiveReader | None,
    tracked: set[str],
    before: StoredBefore,
    archived: set[dt.date],
) -> DayOfDerivatives | None:
    """One day's derivatives of the tracked models (and of those stored before it), or None when a past day is
    not in the archive.

    A past day reads the archive's full-Hub snapshot of that day. Today lists the Hub's newest models down to the
    watermark, and, when the archive holds a snapshot newer than the counts already stored, takes every older
    derivative's counts from it, so that no count the download threshold uses grows older than the archive's
    cadence. Without an archive at the endpoint, today's listing alone is stored and the older counts stay as
    they were (the lineage issues mart lists them stale).
    """
    archive_source = f"archive:{settings.archive_repo}"
    if not live:
        snapshot = archive.with_file(
            day,
            lambda path: read_archive_derivatives(
                path, tracked, before.derivatives, observed_date=day, source=archive_source,
                memory_limit=settings.scratch_memory_limit,
            ),
            reader=DERIVATIVES_READER,
        )
        if snapshot is None:
            return None
        return _day(day, archive_source, before.watermark, [snapshot.newest_created_at], snapshot.rows,
                    snapshot.models_read, 0)
    if before.watermark is None:
        raise NoWatermarkError(
            f"no derivative listing watermark is stored before {day.isoformat()}: load a day of the full-Hub "
            "archive first (atom backfill --start D --end D, with D a day the archive holds), so that the "
            "listing has a point to stop at instead of reading the whole Hub"
        )
    listed = list_models_since(settings, before.watermark)
    new = derivatives_of(listed.records, tracked, stored_bases(listed.records, before.derivatives))
    batches, newest = [derivative_rows(new, day, LISTING)], [listed.next_watermark]
    newest_archived = counts_day(day, archived)
    if newest_archived is not None and (
        before.archive_counts_as_of is None or newest_archived > before.archive_counts_as_of
    ):
        new_ids = {record["id"] for record in new}
        snapshot = archive.with_file(
            newest_archived,
            lambda path: read_archive_derivatives(
                path,
                tracked,
                before.derivatives,
                observed_date=day,
                source=archive_source,
                counts_as_of=newest_archived,
                exclude=new_ids,
                memory_limit=settings.scratch_memory_limit,
            ),
            reader=DERIVATIVES_READER,
        )
        if snapshot is not None:
            batches.append(snapshot.rows)
            newest.append(snapshot.newest_created_at)
    rows = pa.concat_tables(batches).sort_by("model_id")
    return _day(day, LISTING, before.watermark, newest, rows, len(listed.records), listed.requests)


def stored_bases(records: list[dict], stored: pa.Array) -> set[str]:
    """The bases the records declare that are stored derivatives: all the listing's search needs of `stored`."""
    named = pa.array(sorted({base for record in records for base in declared_bases(record)[1]}), pa.string())
    return set(pc.filter(named, pc.is_in(named, value_set=stored)).to_pylist())


def _day(day, source, previous, newest, rows, models_read, requests) -> DayOfDerivatives:
    """The day's rows with the watermark row that goes with them."""
    candidates = [value for value in (previous, *newest) if value is not None]
    watermark = pa.Table.from_pylist(
        [
            {
                "observed_date": day,
                "source": source,
                "previous_watermark": previous,
                # Never behind the previous one, even when a snapshot's newest model was deleted since.
                "watermark": max(candidates) if candidates else None,
                "models_read": models_read,
                "derivatives_kept": rows.num_rows,
                "requests": requests,
            }
        ],
        schema=WATERMARK_SCHEMA,
    )
    return DayOfDerivatives(rows, watermark, source == LISTING, requests)

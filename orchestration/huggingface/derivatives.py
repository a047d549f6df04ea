"""The daily raw table of derivative repos of the tracked models, and the listing watermark each day leaves."""


import datetime as dt
from dataclasses import dataclass

import dagster as dg
import pyarrow as pa

from expectations.hf_derivatives import derivative_frame, derivative_suite, watermark_suite
from expectations.validation import run_suite
from ingestion.huggingface import SnapshotArchiveReader
from ingestion.huggingface.derivatives import (
    LISTING,
    derivative_rows,
    derivatives_of,
    list_models_since,
    read_hub_snapshot,
)
from ingestion.huggingface.settings import HubSettings
from orchestration.calendar import utc_today
from orchestration.outcome import rejected, window_results
from orchestration.progress import RunProgress
from orchestration.partitions import daily_partitions, days_of
from orchestration.resources import HubSource, WarehouseResource
from orchestration.tracked_models import tracked_model_ids
from orchestration.warehouse import read_before_day, replace_day_in_tables

DERIVATIVES_KEY = dg.AssetKey(["raw", "hf_derivatives"])
QUALITY_CHECK = "derivative_quality"
WATERMARKS = "hf_derivative_watermarks"
PROGRESS_TAG = "atom/derivative_days_done"

WATERMARK_SCHEMA = pa.schema(
    [
        ("observed_date", pa.date32()),
        ("source", pa.string()),
        ("previous_watermark", pa.timestamp("us", tz="UTC")),
        ("watermark", pa.timestamp("us", tz="UTC")),
        ("models_read", pa.int64()),
        ("derivatives_kept", pa.int64()),
        ("requests", pa.int64()),
    ]
)


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
    derivatives: set[str]
    archive_counts_as_of: dt.date | None


def stored_before(path, day: dt.date) -> StoredBefore:
    """The state left by the days stored before `day` (never by `day` itself, so re-running a day reads the same)."""
    watermark = read_before_day(path, "raw", WATERMARKS, "select max(watermark) from {table} where observed_date < ?", day)
    derivatives = read_before_day(
        path, "raw", "hf_derivatives", "select distinct model_id from {table} where observed_date < ?", day
    )
    counts = read_before_day(
        path,
        "raw",
        "hf_derivatives",
        f"select max(counts_as_of) from {{table}} where observed_date < ? and source <> '{LISTING}'",
        day,
    )
    return StoredBefore(
        watermark=watermark[0][0] if watermark else None,
        derivatives={model_id for (model_id,) in derivatives},
        archive_counts_as_of=counts[0][0] if counts else None,
    )


def read_day(
    day: dt.date,
    *,
    live: bool,
    settings: HubSettings,
    tracked: set[str],
    before: StoredBefore,
    archived: set[dt.date],
) -> DayOfDerivatives | None:
    """One day's derivatives of the tracked models (and of those stored before it), or None when a past day is
    not in the archive.

    A past day reads the archive's full-Hub snapshot of that day. Today lists the Hub's newest models down to the
    watermark, and, when the archive holds a snapshot newer than the counts already stored, takes every older
    derivative's counts from it, so that no count the download threshold uses grows older than the archive's
    cadence.
    """
    archive = SnapshotArchiveReader(settings)
    archive_source = f"archive:{settings.archive_repo}"
    if not live:
        snapshot = archive.with_file(day, read_hub_snapshot)
        if snapshot is None:
            return None
        kept = derivatives_of(snapshot.records, tracked, before.derivatives)
        rows = derivative_rows(kept, day, archive_source)
        return _day(day, archive_source, before.watermark, [snapshot.newest_created_at], rows, len(snapshot.records), 0)
    if before.watermark is None:
        raise NoWatermarkError(
            f"no derivative listing watermark is stored before {day.isoformat()}: load a day of the full-Hub "
            "archive first (atom backfill --start D --end D, with D a day the archive holds), so that the "
            "listing has a point to stop at instead of reading the whole Hub"
        )
    listed = list_models_since(settings, before.watermark)
    new = derivatives_of(listed.records, tracked, before.derivatives)
    batches, newest = [derivative_rows(new, day, LISTING)], [listed.next_watermark]
    counts_day = max((archived_day for archived_day in archived if archived_day <= day), default=None)
    if counts_day is not None and (before.archive_counts_as_of is None or counts_day > before.archive_counts_as_of):
        snapshot = archive.with_file(counts_day, read_hub_snapshot)
        if snapshot is not None:
            new_ids = {record["id"] for record in new}
            older = [
                record
                for record in derivatives_of(snapshot.records, tracked, before.derivatives | new_ids)
                if record["id"] not in new_ids
            ]
            batches.append(derivative_rows(older, day, archive_source, counts_as_of=counts_day))
            newest.append(snapshot.newest_created_at)
    rows = pa.concat_tables(batches).sort_by("model_id")
    return _day(day, LISTING, before.watermark, newest, rows, len(listed.records), listed.requests)


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


def weekly_reads(archived_days: list[dt.date]) -> set[dt.date]:
    """The archive days a window reads: its last one, then back in steps of at least 7 days.

    A full-Hub snapshot holds every derivative created before it, so reading a daily archive every day would
    store the same rows again and again; one snapshot a week keeps every count within 7 days of the next and
    loses only a derivative created and deleted within one week. A window of one day always reads that day.
    """
    kept: list[dt.date] = []
    for day in sorted(archived_days, reverse=True):
        if not kept or (kept[-1] - day).days >= 7:
            kept.append(day)
    return set(kept)


@dg.asset(
    key=DERIVATIVES_KEY,
    group_name="raw",
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds={"duckdb", "huggingface"},
    description=(
        "Derivative repos (fine-tunes, adapters, quantizations, merges) whose base chain reaches a tracked model, "
        "one row per repo per day read: today from the Hub's newest models down to the last watermark, past "
        "days from the archive's full-Hub snapshot."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            QUALITY_CHECK,
            asset=DERIVATIVES_KEY,
            blocking=True,
            description=(
                "Great Expectations suites on each day's batch before it is stored: schema, one row per derivative, "
                "relation in the known set, well-formed base ids, counters non-negative, and a listing watermark "
                "that never moves backwards."
            ),
        )
    ],
)
def hf_derivatives(context: dg.AssetExecutionContext, warehouse: WarehouseResource, hub: HubSource):
    """Read each day of the partition window, validate it, and replace that day in raw.hf_derivatives."""
    paths = warehouse.paths()
    settings = hub.settings()
    tracked = set(tracked_model_ids())
    days = days_of(context.partition_time_window)
    today = utc_today()
    # Today needs the archive's days too: its newest snapshot refreshes the stored derivatives' counts.
    archived = SnapshotArchiveReader(settings).available_dates()
    stored: dict[str, int] = {}
    missing: list[str] = []
    requests = 0
    to_read = weekly_reads([day for day in days if day < today and day in archived])
    covered: list[str] = []
    progress = RunProgress(context, asked=len(days), tag=PROGRESS_TAG)
    for day in days:
        # As for the snapshots: yesterday, not yet archived, is read live rather than lost.
        live = day >= today or (day == today - dt.timedelta(days=1) and day not in archived)
        if not live and day not in archived:
            missing.append(day.isoformat())
            progress.advance(f"{day.isoformat()}: no full-Hub snapshot in the archive")
            continue
        if not live and day not in to_read:
            covered.append(day.isoformat())
            progress.advance(f"{day.isoformat()}: covered by the window's snapshot of a few days later")
            continue
        with warehouse.writing():
            before = stored_before(paths.warehouse, day)
        try:
            read = read_day(day, live=live, settings=settings, tracked=tracked, before=before, archived=archived)
        except NoWatermarkError as error:
            raise dg.Failure(description=str(error)) from None
        if read is None:
            missing.append(day.isoformat())
            progress.advance(f"{day.isoformat()}: no full-Hub snapshot in the archive")
            continue
        results = [
            run_suite(derivative_suite(before.watermark, listed=read.listed), derivative_frame(read.rows)),
            run_suite(watermark_suite(), read.watermark.to_pandas()),
        ]
        failed = [result for result in results if not result.success]
        if failed:
            rejection = rejected(QUALITY_CHECK, f"derivatives of {day.isoformat()}", failed)
            yield rejection
            raise dg.Failure(description=rejection.description)
        with warehouse.writing():
            replace_day_in_tables(
                paths.warehouse,
                "raw",
                day,
                {"hf_derivatives": read.rows, WATERMARKS: read.watermark},
                "observed_date",
            )
        stored[day.isoformat()] = read.rows.num_rows
        requests += read.requests
        how = f"listed in {read.requests} request(s)" if read.listed else "read from the archive"
        progress.advance(f"{day.isoformat()}: {read.rows.num_rows} derivatives of tracked models stored, {how}")
    yield from window_results(
        QUALITY_CHECK,
        days_requested=len(days),
        stored=stored,
        missing=missing,
        requests=requests,
        settings=settings,
        days_covered_by_a_later_snapshot=len(covered),
    )

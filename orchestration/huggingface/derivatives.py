"""The daily raw table of derivative repos of the tracked models, and the listing watermark each day leaves."""


import datetime as dt

import dagster as dg
import pyarrow as pa

from expectations.hf_derivatives import derivative_frame, derivative_suite, watermark_suite
from expectations.validation import run_suite
from ingestion.huggingface import ArchiveAbsentError, SnapshotArchiveReader
from ingestion.huggingface.archive_days import derivative_archive_days, reads_live
from ingestion.huggingface.derivative_days import NoWatermarkError, StoredBefore, read_day
from ingestion.huggingface.derivatives import LISTING
from orchestration.calendar import utc_today
from orchestration.huggingface.archive_plan import DERIVATIVES_KEY, expect_archive_reads
from orchestration.outcome import rejected, stored_day, window_check
from orchestration.progress import RunProgress
from orchestration.partitions import daily_partitions, days_of
from orchestration.raw_asset import raw_asset
from orchestration.resources import HubSource, WarehouseResource
from orchestration.source_reads import source_read
from orchestration.sources import HUB_DERIVATIVES
from orchestration.tracked_models import tracked_model_ids
from orchestration.warehouse import reads_before_day, replace_day_in_tables

QUALITY_CHECK = "derivative_quality"
WATERMARKS = "hf_derivative_watermarks"
PROGRESS_TAG = "atom/derivative_days_done"


def stored_before(path, day: dt.date) -> StoredBefore:
    """The state left by the days stored before `day` (never by `day` itself, so re-running a day reads the same)."""
    found = reads_before_day(
        path,
        "raw",
        day,
        {
            "watermark": (WATERMARKS, "select max(watermark) from {table} where observed_date < ?"),
            "derivatives": ("hf_derivatives", "select distinct model_id from {table} where observed_date < ?"),
            "counts": (
                "hf_derivatives",
                f"select max(counts_as_of) from {{table}} where observed_date < ? and source <> '{LISTING}'",
            ),
        },
        # Every derivative ever stored: a whole-Hub backfill holds a million of them, kept as one Arrow column.
        columnar=frozenset({"derivatives"}),
    )
    watermark, derivatives, counts = found["watermark"], found["derivatives"], found["counts"]
    return StoredBefore(
        watermark=watermark[0][0] if watermark else None,
        derivatives=pa.array([], pa.string()) if derivatives is None else derivatives.column(0).combine_chunks(),
        archive_counts_as_of=counts[0][0] if counts else None,
    )


@raw_asset(
    key=DERIVATIVES_KEY,
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
    with source_read(context, warehouse, HUB_DERIVATIVES) as read:
        read.skip_if_switched_off()
        paths = warehouse.paths()
        settings = hub.settings()
        tracked = set(tracked_model_ids())
        days = days_of(context.partition_time_window)
        today = utc_today()
        archive = SnapshotArchiveReader(hub.archive())
        transferred_before = archive.files.transfer()
        # Today needs the archive's days too: its newest snapshot refreshes the stored derivatives' counts.
        try:
            archived, absent = archive.available_dates(), None
        except ArchiveAbsentError as error:
            archived, absent = set(), str(error)
            context.log.warning(f"{absent}: past days cannot be read, and stored counts are not refreshed")
        expect_archive_reads(context, archive.files, days, today, archived)
        stored: dict[str, int] = {}
        missing: list[str] = []
        requests = 0
        to_read = derivative_archive_days(days, today, archived)
        covered: list[str] = []
        with RunProgress(context, asked=len(days), tag=PROGRESS_TAG) as progress:
            for day in days:
                live = reads_live(day, today, archived)
                if not live and day not in archived:
                    missing.append(day.isoformat())
                    progress.pass_over(day, "no full-Hub snapshot in the archive")
                    continue
                if not live and day not in to_read:
                    covered.append(day.isoformat())
                    progress.pass_over(day, "covered by the window's snapshot of a few days later")
                    continue
                with warehouse.writing():
                    before = stored_before(paths.warehouse, day)
                try:
                    day_read = read_day(
                        day, live=live, settings=settings, archive=archive, tracked=tracked, before=before,
                        archived=archived,
                    )
                except NoWatermarkError as error:
                    if absent:
                        read.skip(f"{absent}, and no listing watermark is stored to list today's new models down to")
                    raise dg.Failure(description=str(error)) from None
                if day_read is None:
                    missing.append(day.isoformat())
                    progress.pass_over(day, "no full-Hub snapshot in the archive")
                    continue
                results = [
                    run_suite(derivative_suite(before.watermark, listed=day_read.listed), derivative_frame(day_read.rows)),
                    run_suite(watermark_suite(), day_read.watermark.to_pandas()),
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
                        {"hf_derivatives": day_read.rows, WATERMARKS: day_read.watermark},
                        "observed_date",
                    )
                stored[day.isoformat()] = day_read.rows.num_rows
                requests += day_read.requests
                if day_read.listed:
                    how, read_from = f"listed in {day_read.requests} request(s)", {"listing_requests": day_read.requests}
                else:
                    how, read_from = "read from the archive", {}
                stored_day(context, DERIVATIVES_KEY, day, day_read.rows.num_rows,
                           read_from="listing" if day_read.listed else "archive", **read_from)
                progress.advance(f"{day.isoformat()}: {day_read.rows.num_rows} derivatives of tracked models stored, {how}")
                # A whole-Hub day's rows and what it knew before: not to be held through the next day's read.
                del day_read, before, results
        yield window_check(
            QUALITY_CHECK,
            read,
            days_requested=len(days),
            stored=stored,
            missing=missing,
            requests=requests,
            settings=settings,
            days_covered_by_a_later_snapshot=len(covered),
            archive_absent=absent,
            transfer=archive.files.transfer().since(transferred_before),
        )

"""The daily raw table of Hub snapshots, gated by its quality suite before anything is stored."""

import dagster as dg

from expectations.hf_model_snapshots import snapshot_suite
from expectations.validation import run_suite
from ingestion.huggingface import ArchiveAbsentError, HubListingReader, SnapshotArchiveReader
from ingestion.huggingface.archive_days import SNAPSHOTS_READER, reads_live
from orchestration.calendar import utc_today
from orchestration.huggingface.archive_plan import SNAPSHOTS_KEY, expect_archive_reads
from orchestration.outcome import rejected, stored_day, window_check
from orchestration.progress import RunProgress
from orchestration.partitions import daily_partitions, days_of
from orchestration.raw_asset import raw_asset
from orchestration.resources import HubSource, WarehouseResource
from orchestration.source_reads import source_read
from orchestration.sources import HUB_SNAPSHOTS
from orchestration.tracked_models import tracked_model_ids
from orchestration.warehouse import previous_day_row_count, replace_day

QUALITY_CHECK = "snapshot_quality"


@raw_asset(
    key=SNAPSHOTS_KEY,
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds={"duckdb", "huggingface"},
    description=(
        "Download counters and metadata of every tracked model, one row per model per UTC day: today from "
        "the Hub's listing API, past days from the snapshot archive."
    ),
    check_specs=[
        dg.AssetCheckSpec(
            QUALITY_CHECK,
            asset=SNAPSHOTS_KEY,
            blocking=True,
            description=(
                "Great Expectations suite on each day's batch before it is stored: schema, ids present and "
                "unique, counters non-negative, row count not collapsing against the previous stored day."
            ),
        )
    ],
)
def hf_model_snapshots(context: dg.AssetExecutionContext, warehouse: WarehouseResource, hub: HubSource):
    """Read each day of the partition window, validate it, and replace that day in raw.hf_model_snapshots."""
    with source_read(context, warehouse, HUB_SNAPSHOTS) as read:
        read.skip_if_switched_off()
        paths = warehouse.paths()
        settings = hub.settings()
        tracked = tracked_model_ids()
        days = days_of(context.partition_time_window)
        today = utc_today()
        stored: dict[str, int] = {}
        missing: list[str] = []
        requests = 0
        archive = SnapshotArchiveReader(hub.archive())
        transferred_before = archive.files.transfer()
        archived, absent = set(), None
        if any(day < today for day in days):
            try:
                archived = archive.available_dates()
            except ArchiveAbsentError as error:
                absent = str(error)
                context.log.warning(f"{absent}: past days cannot be read and are listed missing")
        expect_archive_reads(context, archive.files, days, today, archived)
        tracked_missing: list[str] = []
        with RunProgress(context, asked=len(days)) as progress:
            for day in days:
                if reads_live(day, today, archived):
                    if day < today:
                        context.log.warning(f"{day.isoformat()} is not in the archive: reading the live listing for it")
                    listing = HubListingReader(settings).read(tracked, day)
                    batch, requests = listing.table, requests + listing.requests
                    tracked_missing = listing.tracked_missing
                    how = {"read_from": "listing", "listing_requests": listing.requests}
                else:
                    batch = archive.read(tracked, day, reader=SNAPSHOTS_READER) if day in archived else None
                    how = {"read_from": "archive"}
                if batch is None:
                    # A day the archive never captured stays absent; nothing is invented for it.
                    missing.append(day.isoformat())
                    progress.pass_over(day, "not in the archive")
                    continue
                with warehouse.writing():
                    previous = previous_day_row_count(paths.warehouse, "raw", "hf_model_snapshots", day, "snapshot_date")
                result = run_suite(snapshot_suite(previous), batch.to_pandas())
                if not result.success:
                    rejection = rejected(QUALITY_CHECK, f"batch of {day.isoformat()}", [result])
                    yield rejection
                    raise dg.Failure(description=rejection.description)
                with warehouse.writing():
                    replace_day(paths.warehouse, "raw", "hf_model_snapshots", day, batch, "snapshot_date")
                stored[day.isoformat()] = batch.num_rows
                stored_day(context, SNAPSHOTS_KEY, day, batch.num_rows, **how)
                progress.advance(f"{day.isoformat()}: {batch.num_rows} rows stored")
        yield window_check(
            QUALITY_CHECK,
            read,
            days_requested=len(days),
            stored=stored,
            missing=missing,
            requests=requests,
            settings=settings,
            archive_absent=absent,
            transfer=archive.files.transfer().since(transferred_before),
            tracked_models_not_listed=len(tracked_missing),
            tracked_models_not_listed_sample=dg.MetadataValue.json(tracked_missing[:100]),
        )

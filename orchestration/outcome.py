"""What a raw asset reports for its partition window: a rejected batch, each day it stored, and the window's account."""

import datetime as dt

import dagster as dg

from expectations.validation import SuiteResult
from ingestion.huggingface.archive import Transfer
from ingestion.huggingface.settings import HubSettings, without_credentials
from orchestration.source_reads import SourceRead


def rejected(check_name: str, batch: str, failed: list[SuiteResult]) -> dg.AssetCheckResult:
    """The failed check for a batch that is not stored (e.g. "derivatives of 2026-05-20"); the caller raises
    `dg.Failure` with its description."""
    message = f"{batch} rejected, nothing of it stored: " + " | ".join(result.message() for result in failed)
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=False,
        description=message,
        metadata={"batch": batch, "failures": [str(f) for result in failed for f in result.failures]},
    )


def stored_day(context: dg.AssetExecutionContext, key: dg.AssetKey, day: dt.date, rows: int, **metadata) -> None:
    """Record a day just stored as that day's partition materialized, with its row count: a backfill's partition
    status is then the days the warehouse holds, not every day of the range it was asked."""
    context.log_event(
        dg.AssetMaterialization(asset_key=key, partition=day.isoformat(), metadata={"rows_stored": rows, **metadata})
    )


def window_check(
    check_name: str,
    read: SourceRead,
    *,
    days_requested: int,
    stored: dict[str, int],
    missing: list[str],
    requests: int,
    settings: HubSettings,
    archive_absent: str | None,
    transfer: Transfer,
    **extra: object,
) -> dg.AssetCheckResult:
    """The passed check of a window whose every read day was stored, with the window's account (days asked,
    stored, missing) in its metadata; the read is logged as stored with the newest day stored."""
    read.stored(sum(stored.values()), max(map(dt.date.fromisoformat, stored), default=None))
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=True,
        description=f"{len(stored)} day(s) passed, {len(missing)} day(s) had no snapshot",
        metadata={
            "days_requested": days_requested,
            "days_stored": len(stored),
            "rows_stored": sum(stored.values()),
            "days_missing_count": len(missing),
            "days_missing": dg.MetadataValue.json(missing[:500]),
            "listing_requests": requests,
            **extra,
            "endpoint": without_credentials(settings.endpoint),
            "archive": settings.archive_repo,
            "archive_absent": archive_absent or "",
            # The archive files this step downloaded (a file another step of the run fetched first is not counted).
            "archive_files_downloaded": transfer.files,
            "archive_download_seconds": round(transfer.seconds, 2),
            "archive_downloaded_mb": round(transfer.size / 2**20, 1),
        },
    )

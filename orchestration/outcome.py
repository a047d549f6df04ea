"""What a raw asset reports for its partition window: a rejected batch, or the days it stored and missed."""

import datetime as dt

import dagster as dg

from expectations.validation import SuiteResult
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


def window_results(
    check_name: str,
    read: SourceRead,
    *,
    days_requested: int,
    stored: dict[str, int],
    missing: list[str],
    requests: int,
    settings: HubSettings,
    archive_absent: str | None,
    **extra: object,
) -> tuple[dg.AssetCheckResult, dg.MaterializeResult]:
    """The passed check and the materialization metadata of a window whose every read day was stored, the read
    logged as stored with the newest day stored."""
    read.stored(sum(stored.values()), max(map(dt.date.fromisoformat, stored), default=None))
    check = dg.AssetCheckResult(
        check_name=check_name,
        passed=True,
        description=f"{len(stored)} day(s) passed, {len(missing)} day(s) had no snapshot",
        metadata={"days_checked": len(stored), "days_missing": len(missing)},
    )
    materialization = dg.MaterializeResult(
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
        }
    )
    return check, materialization

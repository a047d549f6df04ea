"""Launching the refresh job for a day or a range of days, in this process, recorded in the Dagster instance."""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from orchestration.build import build_definitions
from orchestration.errors import RefreshError
from orchestration.partitions import FIRST_DAY
from orchestration.settings import dagster_home


def refresh_days(
    first: dt.date,
    last: dt.date,
    *,
    warehouse_home: str = "",
    hub_endpoint: str = "",
    openrouter_url: str = "",
    epoch_url: str = "",
    artificial_analysis_url: str = "",
    full_refresh: bool = False,
    instance: dg.DagsterInstance | None = None,
) -> dg.ExecuteInProcessResult:
    """Run the refresh job once over the days first..last (inclusive); raise RefreshError if it fails."""
    if last < first:
        raise ValueError(f"the end day {last} is before the start day {first}")
    if first < dt.date.fromisoformat(FIRST_DAY):
        raise ValueError(f"the warehouse's days start on {FIRST_DAY}; {first} is before that")
    defs = build_definitions(
        warehouse_home=warehouse_home,
        hub_endpoint=hub_endpoint,
        openrouter_url=openrouter_url,
        epoch_url=epoch_url,
        artificial_analysis_url=artificial_analysis_url,
    )
    job = defs.resolve_job_def("refresh")
    if instance is None:
        os.environ.setdefault("DAGSTER_HOME", str(dagster_home()))
        instance = dg.DagsterInstance.get()
    run_config = {
        "ops": {"atom_dbt": {"config": {"full_refresh": full_refresh}}},
        "loggers": {"console": {"config": {"log_level": "INFO"}}},
    }
    if first == last:
        result = job.execute_in_process(
            instance=instance, partition_key=first.isoformat(), run_config=run_config, raise_on_error=False
        )
    else:
        tags = {
            ASSET_PARTITION_RANGE_START_TAG: first.isoformat(),
            ASSET_PARTITION_RANGE_END_TAG: last.isoformat(),
        }
        result = job.execute_in_process(instance=instance, tags=tags, run_config=run_config, raise_on_error=False)
    if not result.success:
        raise RefreshError(failure_summary(result))
    return result


def failure_summary(result: dg.ExecuteInProcessResult) -> str:
    """The failed steps and failed checks of a run, each with its message."""
    lines = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                lines.append(f"check {evaluation.check_name} failed: {evaluation.description}")
        elif event.is_step_failure:
            error = event.step_failure_data.error
            message = error.message.strip() if error else "failed"
            if event.step_failure_data.user_failure_data and event.step_failure_data.user_failure_data.description:
                message = event.step_failure_data.user_failure_data.description
            lines.append(f"step {event.step_key} failed: {message}")
    return "refresh failed, published marts unchanged:\n  " + "\n  ".join(lines or ["see the run's logs"])


def listing_requests(result: dg.ExecuteInProcessResult) -> dict[str, int]:
    """The requests each raw asset made to the Hub's listing API during the run, by asset name."""
    counts = {}
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if "listing_requests" in materialization.metadata:
            counts[materialization.asset_key.to_user_string()] = int(materialization.metadata["listing_requests"].value)
    return counts

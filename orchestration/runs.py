"""Launching a refresh for a day or a range of days, in this process, recorded in the Dagster instance: the ingest
run, then the build run on what every source stored, whatever became of the ingest."""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from orchestration.build import build_definitions
from orchestration.errors import RefreshError, SourcesFailedError
from orchestration.jobs import AFTER_INGEST_TAG, BUILD_JOB, INGEST_JOB, INLINE_BUILD_TAG
from orchestration.partitions import FIRST_DAY
from orchestration.settings import dagster_home, warehouse_paths
from orchestration.source_reads import FAILED, reads_of_run
from orchestration.transform.window import WINDOW_FIRST_TAG, WINDOW_LAST_TAG

# The host and process that run a refresh's runs in process, so that a later refresh can tell a run whose process
# died (killed, out of memory, the machine restarted) from one still going.
PROCESS_TAG = "atom/process"


def this_process() -> str:
    """This process as PROCESS_TAG names it: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    try:
        os.kill(pid, 0)  # signal 0 only asks; PermissionError means the process exists under another user
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def fail_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark as failed the in-process runs of this host whose process is gone, so that the UI does not show them in
    progress for ever; the ids of the runs marked."""
    host = socket.gethostname()
    marked = []
    unfinished = dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
    for run in instance.get_runs(filters=unfinished):
        owner = run.tags.get(PROCESS_TAG, "")
        run_host, _, pid = owner.rpartition(":")
        if run_host == host and pid.isdigit() and not process_alive(int(pid)):
            instance.report_run_failed(
                run, f"the process that ran it ({owner}) ended before the run did: killed, or out of memory"
            )
            marked.append(run.run_id)
    return marked


@dataclass(frozen=True)
class Refresh:
    """What a refresh did: its two runs and how each source's read ended (from raw.source_reads)."""

    ingest: dg.ExecuteInProcessResult
    build: dg.ExecuteInProcessResult
    reads: list[dict]

    @property
    def failed(self) -> list[dict]:
        """The reads that failed, each with its source and reason."""
        return [read for read in self.reads if read["status"] == FAILED]


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
) -> Refresh:
    """Ingest the days first..last (inclusive) as one run, then build and publish the marts as a second.

    Raises RefreshError when the build fails (the published marts are then unchanged), and SourcesFailedError,
    after the marts were published, when some source failed.
    """
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
    if instance is None:
        home = dagster_home()
        home.mkdir(parents=True, exist_ok=True)  # a DAGSTER_HOME named but not made yet is made, not refused
        instance = dg.DagsterInstance.from_config(str(home))
    fail_abandoned_runs(instance)
    logging = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    process = {PROCESS_TAG: this_process()}
    tags = {INLINE_BUILD_TAG: "true", **process}
    if first == last:
        ingest = defs.resolve_job_def(INGEST_JOB).execute_in_process(
            instance=instance, partition_key=first.isoformat(), run_config=logging, tags=tags, raise_on_error=False
        )
    else:
        tags |= {ASSET_PARTITION_RANGE_START_TAG: first.isoformat(), ASSET_PARTITION_RANGE_END_TAG: last.isoformat()}
        ingest = defs.resolve_job_def(INGEST_JOB).execute_in_process(
            instance=instance, tags=tags, run_config=logging, raise_on_error=False
        )
    build = defs.resolve_job_def(BUILD_JOB).execute_in_process(
        instance=instance,
        tags={
            **process, AFTER_INGEST_TAG: ingest.run_id,
            WINDOW_FIRST_TAG: first.isoformat(), WINDOW_LAST_TAG: last.isoformat(),
        },
        run_config={"ops": {"atom_dbt": {"config": {"full_refresh": full_refresh}}}, **logging},
        raise_on_error=False,
    )
    refresh = Refresh(ingest, build, reads_of_run(warehouse_paths(warehouse_home or None).warehouse, ingest.run_id))
    if not build.success:
        lines = failure_lines(build) + [f"source {read['source']} failed: {read['reason']}" for read in refresh.failed]
        raise RefreshError("refresh failed, published marts unchanged:\n  " + "\n  ".join(lines or ["see the run's logs"]))
    if refresh.failed or not ingest.success:
        failures = [f"{read['source']}: {read['reason']}" for read in refresh.failed] or failure_lines(ingest)
        raise SourcesFailedError(refresh, failures)
    return refresh


def failure_lines(result: dg.ExecuteInProcessResult) -> list[str]:
    """The failed steps and failed blocking checks of a run, each with its message."""
    lines = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                lines.append(f"check {evaluation.check_name} failed: {evaluation.description}")
        elif event.is_step_failure:
            error = event.step_failure_data.error
            message = root_cause(error).message.strip() if error else "failed"
            if event.step_failure_data.user_failure_data and event.step_failure_data.user_failure_data.description:
                message = event.step_failure_data.user_failure_data.description
            lines.append(f"step {event.step_key} failed: {message}")
    return lines


def root_cause(error):
    """The innermost error of a chain: Dagster wraps a step's exception in one that only names the step."""
    while error.cause is not None:
        error = error.cause
    return error


def listing_requests(result: dg.ExecuteInProcessResult) -> dict[str, int]:
    """The requests each raw asset made to the Hub's listing API during the run, by asset name, summed over the
    days it listed."""
    counts: dict[str, int] = {}
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        if "listing_requests" in materialization.metadata:
            name = materialization.asset_key.to_user_string()
            counts[name] = counts.get(name, 0) + int(materialization.metadata["listing_requests"].value)
    return counts

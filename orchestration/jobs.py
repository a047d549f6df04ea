"""The two halves of a refresh, their daily schedule, and the sensors that chain them.

`ingest` reads every source for the selected days, each in its own step, so one source failing never stops the
others; `build_marts` then runs the dbt build, publication and report on whatever every source last stored,
whether the ingest run succeeded or failed. A failed dbt test still stops publication.
"""

from collections.abc import Sequence

import dagster as dg

from orchestration.partitions import daily_partitions
from orchestration.publication.assets import PUBLISHED_KEY
from orchestration.report.assets import REPORT_KEY
from orchestration.transform.window import WINDOW_FIRST_TAG, WINDOW_LAST_TAG, run_days

INGEST_JOB, BUILD_JOB = "ingest", "build_marts"
# Set on ingest runs whose process builds the marts itself (the CLI), so that the sensors leave them alone.
INLINE_BUILD_TAG = "atom/builds_inline"
AFTER_INGEST_TAG = "atom/after_ingest_run"
RAW = dg.AssetSelection.groups("raw")


def refresh_jobs(freshness_checks: Sequence[dg.AssetChecksDefinition]) -> list:
    """The ingest job (raw tables, partitioned by day) and the build job (dbt, publication, report, freshness)."""
    freshness = dg.AssetSelection.checks(*freshness_checks)
    ingest = dg.define_asset_job(
        name=INGEST_JOB,
        selection=RAW - freshness,
        partitions_def=daily_partitions,
        executor_def=dg.in_process_executor,
        description="Read every source for the selected days into the raw tables, each source on its own; "
        "build_marts follows.",
    )
    build = dg.define_asset_job(
        name=BUILD_JOB,
        selection=(dg.AssetSelection.all() - RAW) | freshness,
        executor_def=dg.in_process_executor,
        description="Build the dbt layers on what every source last stored, publish the marts, redraw the report "
        "and check each source's freshness.",
    )
    return [ingest, build]


def build_request(run: dg.DagsterRun) -> dg.RunRequest | dg.SkipReason:
    """The build run that follows an ingest run, over the same days."""
    if run.tags.get(INLINE_BUILD_TAG):
        return dg.SkipReason(f"run {run.run_id} builds its marts in its own process")
    days = run_days(run.tags)
    tags = {AFTER_INGEST_TAG: run.run_id}
    if days:
        tags |= {WINDOW_FIRST_TAG: days[0].isoformat(), WINDOW_LAST_TAG: days[1].isoformat()}
    return dg.RunRequest(run_key=run.run_id, tags=tags)


def refresh_sensors(ingest, build) -> list:
    """Launch build_marts after each ingest run ends, whether it succeeded or some source failed."""

    @dg.run_status_sensor(
        name="build_after_ingest",
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[ingest],
        request_job=build,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Builds, publishes and reports the marts after an ingest run in which every source was read.",
    )
    def build_after_ingest(context: dg.RunStatusSensorContext):
        return build_request(context.dagster_run)

    @dg.run_failure_sensor(
        name="build_after_failed_ingest",
        monitored_jobs=[ingest],
        request_job=build,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Builds, publishes and reports the marts after an ingest run in which some source failed: the "
        "failed sources keep their last good rows, the others are published.",
    )
    def build_after_failed_ingest(context: dg.RunFailureSensorContext):
        return build_request(context.dagster_run)

    return [build_after_ingest, build_after_failed_ingest]


def daily_refresh_schedule(ingest) -> dg.ScheduleDefinition:
    """Today's ingest late in the UTC day, so that its partition reads counters the Hub has already updated."""
    return dg.build_schedule_from_partitioned_job(
        ingest,
        hour_of_day=23,
        minute_of_hour=0,
        name="daily_refresh",
        description="Ingests the day's partition from every source at 23:00 UTC; build_marts then follows. Off until "
        "switched on: toggle it on the Automation page, or run `dagster schedule start daily_refresh -w workspace.yaml` "
        "with the daemon running (`make ui` starts one).",
    )


def republish_sensor() -> dg.AutomationConditionSensorDefinition:
    """The sensor that evaluates the publication's and the report's automation conditions."""
    return dg.AutomationConditionSensorDefinition(
        "republish_after_mart_changes",
        target=dg.AssetSelection.keys(PUBLISHED_KEY, REPORT_KEY),
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Publishes the marts and redraws the report after a mart was materialized outside a refresh "
        "(e.g. one mart from the UI), once the marts' blocking dbt tests passed.",
    )

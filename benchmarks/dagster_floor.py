"""What Dagster costs per event it stores, on an instance configured as the warehouse's, and how many events a run
stored: the floor under every step that reports a materialization or an asset check."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

import dagster as dg

from orchestration.settings import REPO_ROOT

CHECKS = 150


def _job() -> dg.JobDefinition:
    """One asset with CHECKS asset checks, each reported passed: as a dbt model with its tests is."""
    specs = [dg.AssetCheckSpec(f"check_{number}", asset="floor") for number in range(CHECKS)]

    @dg.asset(check_specs=specs)
    def floor():
        yield dg.Output(None)
        for number in range(CHECKS):
            yield dg.AssetCheckResult(check_name=f"check_{number}", passed=True)

    return dg.Definitions(assets=[floor]).resolve_implicit_global_asset_job_def()


def seconds_per_event(work: Path) -> tuple[float, int]:
    """The wall time per stored event of the job's second run (the first also creates the instance's tables), and
    the events that run stored."""
    home = work / "dagster_home"
    home.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", home / "dagster.yaml")
    job = _job()
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        for _ in range(2):
            started = time.perf_counter()
            result = job.execute_in_process(instance=instance, run_config=quiet)
            seconds = time.perf_counter() - started
        events = len(instance.all_logs(result.run_id))
    return seconds / events, events


def events_stored(dagster_home: Path, *, since: float) -> int:
    """The events of the instance's runs started since `since`."""
    instance = dg.DagsterInstance.from_config(str(dagster_home))
    created = dt.datetime.fromtimestamp(since, dt.timezone.utc)
    return sum(
        len(instance.all_logs(record.dagster_run.run_id))
        for record in instance.get_run_records(dg.RunsFilter(created_after=created))
    )

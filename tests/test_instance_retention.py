"""The Dagster instance the warehouse ships (dagster_home/dagster.yaml) purges old schedule and sensor ticks, so that
a daily schedule does not grow it without bound."""

import shutil

import dagster as dg
from dagster._core.scheduler.instigation import InstigatorType, TickStatus

from orchestration.settings import REPO_ROOT


def test_the_shipped_instance_keeps_a_month_of_ticks_and_a_week_of_skipped_sensor_ticks(tmp_path):
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        schedule = instance.get_tick_retention_settings(InstigatorType.SCHEDULE)
        sensor = instance.get_tick_retention_settings(InstigatorType.SENSOR)
        assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 1
    assert {schedule[status] for status in (TickStatus.SUCCESS, TickStatus.FAILURE, TickStatus.SKIPPED)} == {30}
    assert sensor[TickStatus.SKIPPED] == 7
    assert sensor[TickStatus.SUCCESS] == sensor[TickStatus.FAILURE] == 30

"""How a run's days become the dbt build's window."""

import datetime as dt

import pytest

from orchestration.partitions import days_of
from orchestration.transform.window import window_env, window_env_for_run_tags
import dagster as dg


def test_window_end_is_exclusive_in_dbt_vars():
    start = dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(2026, 5, 4, tzinfo=dt.timezone.utc)
    assert window_env(start, end) == {"ATOM_WINDOW_START": "2026-05-01", "ATOM_WINDOW_END": "2026-05-04"}


def test_empty_window_is_refused():
    day = dt.date(2026, 5, 1)
    with pytest.raises(ValueError, match="empty partition window"):
        window_env(day, day)


def test_days_of_a_window_exclude_its_end():
    window = dg.TimeWindow(dt.datetime(2026, 2, 27), dt.datetime(2026, 3, 2))
    assert days_of(window) == [dt.date(2026, 2, 27), dt.date(2026, 2, 28), dt.date(2026, 3, 1)]


def test_an_unpartitioned_step_takes_its_window_from_the_run_tags():
    single = {"dagster/partition": "2026-05-20"}
    assert window_env_for_run_tags(single) == {"ATOM_WINDOW_START": "2026-05-20", "ATOM_WINDOW_END": "2026-05-21"}
    ranged = {"dagster/asset_partition_range_start": "2026-05-01", "dagster/asset_partition_range_end": "2026-05-31"}
    assert window_env_for_run_tags(ranged) == {"ATOM_WINDOW_START": "2026-05-01", "ATOM_WINDOW_END": "2026-06-01"}
    assert window_env_for_run_tags({}) == {}

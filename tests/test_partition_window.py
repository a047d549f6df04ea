import datetime as dt

import pytest

from orchestration.huggingface.snapshots import days_of
from orchestration.transform.window import dbt_vars_for_run_tags, dbt_vars_for_window
import dagster as dg


def test_window_end_is_exclusive_in_dbt_vars():
    start = dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(2026, 5, 4, tzinfo=dt.timezone.utc)
    assert dbt_vars_for_window(start, end) == {"min_date": "2026-05-01", "max_date": "2026-05-04"}


def test_empty_window_is_refused():
    day = dt.date(2026, 5, 1)
    with pytest.raises(ValueError, match="empty partition window"):
        dbt_vars_for_window(day, day)


def test_days_of_a_window_exclude_its_end():
    window = dg.TimeWindow(dt.datetime(2026, 2, 27), dt.datetime(2026, 3, 2))
    assert days_of(window) == [dt.date(2026, 2, 27), dt.date(2026, 2, 28), dt.date(2026, 3, 1)]



def test_an_unpartitioned_step_takes_its_window_from_the_run_tags():
    single = {"dagster/partition": "2026-05-20"}
    assert dbt_vars_for_run_tags(single) == {"min_date": "2026-05-20", "max_date": "2026-05-21"}
    ranged = {"dagster/asset_partition_range_start": "2026-05-01", "dagster/asset_partition_range_end": "2026-05-31"}
    assert dbt_vars_for_run_tags(ranged) == {"min_date": "2026-05-01", "max_date": "2026-06-01"}
    assert dbt_vars_for_run_tags({}) == {}

import datetime as dt

import pytest

from orchestration.huggingface.snapshots import days_of
from orchestration.transform.window import dbt_vars_for_window
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


"""Which archive days each Hub reader takes, the run's archive files shared and removed once read, and which
sources a configuration switches off."""

import datetime as dt

import pytest

from ingestion.huggingface import ArchiveFiles, HubSettings
from ingestion.huggingface.archive_days import derivative_archive_days, reads_live, snapshot_archive_days
from orchestration.sources import sources_off

TODAY = dt.date(2026, 6, 10)


def days(first: str, last: str) -> list[dt.date]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def test_today_and_an_unarchived_yesterday_read_live_an_archived_yesterday_the_archive():
    assert reads_live(TODAY, TODAY, set())
    assert reads_live(TODAY - dt.timedelta(days=1), TODAY, set())
    assert not reads_live(TODAY - dt.timedelta(days=1), TODAY, {TODAY - dt.timedelta(days=1)})
    assert not reads_live(TODAY - dt.timedelta(days=2), TODAY, set())


def test_snapshots_read_every_archived_past_day_and_derivatives_one_a_week_back_from_the_last():
    archived = set(days("2026-05-01", "2026-05-20"))
    window = days("2026-05-03", "2026-05-19")
    assert snapshot_archive_days(window, TODAY, archived) == set(window)
    # The last day, then back in steps of 7 days: 19, 12, 5.
    assert derivative_archive_days(window, TODAY, archived) == {
        dt.date(2026, 5, 19), dt.date(2026, 5, 12), dt.date(2026, 5, 5)
    }


def test_a_live_day_takes_the_newest_archived_day_for_the_stored_derivatives_counts():
    archived = {dt.date(2026, 6, 1), dt.date(2026, 6, 8)}
    assert snapshot_archive_days([TODAY], TODAY, archived) == set()
    assert derivative_archive_days([TODAY], TODAY, archived) == {dt.date(2026, 6, 8)}
    assert derivative_archive_days([TODAY], TODAY, set()) == set()


def test_an_archive_file_is_kept_until_every_expected_reader_has_read_it(tmp_path):
    files = ArchiveFiles(HubSettings(endpoint="http://127.0.0.1:9"), tmp_path)
    day = dt.date(2026, 5, 20)
    folder = tmp_path / day.isoformat()
    folder.mkdir()
    files._local[day] = str(folder / "models.parquet")  # as if downloaded
    files.expect(day, ["snapshots", "derivatives"])
    files.done(day, "snapshots")
    assert folder.exists() and day in files._local
    # A reader that has read the day is not waited for again when a later asset plans the same run.
    files.expect(day, ["snapshots", "derivatives"])
    files.done(day, "derivatives")
    assert not folder.exists() and day not in files._local


def test_sources_are_switched_off_by_name_or_by_group_and_an_unknown_name_is_refused():
    assert sources_off({}) == set()
    assert sources_off({"ATOM_SOURCES_OFF": " epoch , lmarena"}) == {"epoch", "lmarena"}
    assert sources_off({"ATOM_SOURCES_OFF": "openrouter"}) == {"openrouter_catalogue", "openrouter_rankings"}
    with pytest.raises(ValueError, match="ATOM_SOURCES_OFF names unknown source.s. arxiv"):
        sources_off({"ATOM_SOURCES_OFF": "arxiv,epoch"})

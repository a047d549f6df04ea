"""The atom command's answers to mistakes: clear errors that say what was wrong."""

import duckdb
import pytest

from orchestration.cli import main as atom


def test_a_malformed_date_is_named(capsys):
    with pytest.raises(SystemExit):
        atom(["refresh", "--date", "2026-13-01"])
    assert "not a date of the form YYYY-MM-DD: '2026-13-01'" in capsys.readouterr().err


def test_a_backfill_ending_before_it_starts_is_refused(capsys, tmp_path):
    code = atom(["--home", str(tmp_path), "backfill", "--start", "2026-05-02", "--end", "2026-05-01"])
    assert code == 1
    assert "the end day 2026-05-01 is before the start day 2026-05-02" in capsys.readouterr().err


def test_query_before_anything_is_published_says_what_to_run(capsys, tmp_path):
    assert atom(["--home", str(tmp_path), "query", "select 1"]) == 1
    assert "run `atom demo` or `atom refresh` first" in capsys.readouterr().err


def test_queries_are_read_only(capsys, tmp_path):
    published = tmp_path / "published" / "atom.duckdb"
    published.parent.mkdir()
    conn = duckdb.connect(str(published))
    conn.execute("create schema marts; create table marts.figures as select 42 as answer")
    conn.close()
    assert atom(["--home", str(tmp_path), "query", "select answer from marts.figures"]) == 0
    assert "42" in capsys.readouterr().out
    assert atom(["--home", str(tmp_path), "query", "drop table marts.figures"]) == 1
    assert "read-only" in capsys.readouterr().err
    assert duckdb.connect(str(published), read_only=True).execute("select answer from marts.figures").fetchone() == (42,)

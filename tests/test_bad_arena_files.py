"""A corpus of LMArena leaderboard files (tests/bad_input/lmarena/), read as the LMArena asset reads them: an
extra column is ignored; a renamed or missing required column, or a name that is not UTF-8, is refused naming
the file, the column and the row (tests/test_performance_sources.py checks that a refused file stores nothing)."""

import datetime as dt

import pyarrow.parquet as pq
import pytest

from ingestion.errors import SourceDataError
from ingestion.lmarena.leaderboard import leaderboard_table
from tests.bad_input.make_corpus import LMARENA_CORPUS

DAY = dt.date(2026, 12, 1)
REFUSED = {
    "renamed_column.parquet": r"^renamed_column\.parquet has no column\(s\) rating$",
    "missing_column.parquet": r"^missing_column\.parquet has no column\(s\) category$",
    "not_utf8.parquet": r"^not_utf8\.parquet: column model_name row 4 holds bytes that are not UTF-8: b'mod\\xe8le-",
}


def read(file: str):
    return leaderboard_table(pq.read_table(LMARENA_CORPUS / file), DAY, file)


def test_the_corpus_covers_every_bad_file():
    files = {path.name for path in LMARENA_CORPUS.glob("*.parquet")}
    assert files == {"good.parquet", "extra_column.parquet", *REFUSED}


def test_the_good_file_reads_every_rating():
    raw = pq.read_table(LMARENA_CORPUS / "good.parquet")
    table = read("good.parquet")
    assert table.column("model_name").to_pylist() == raw.column("model_name").to_pylist() and table.num_rows == 30
    assert table.column("rating").to_pylist() == [float(value) for value in raw.column("rating").to_pylist()]


def test_an_extra_column_is_ignored():
    extra, good = read("extra_column.parquet"), read("good.parquet")
    assert extra.drop_columns(["source_file"]).equals(good.drop_columns(["source_file"]))


@pytest.mark.parametrize("file", sorted(REFUSED))
def test_a_bad_file_is_refused_naming_the_column_and_the_row(file):
    with pytest.raises(SourceDataError, match=REFUSED[file]):
        read(file)

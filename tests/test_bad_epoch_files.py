"""A corpus of Epoch AI CSVs (tests/bad_input/epoch/) served on loopback and read as the Epoch asset reads them:
an extra column is ignored; a renamed or missing column, or bytes that are not UTF-8, are refused naming the URL
and what was wrong, and nothing of the file is stored (tests/test_performance_sources.py checks the storing)."""

import csv
import datetime as dt

import pytest

from ingestion.epoch.models import EpochSettings, epoch_table, fetch_epoch_csv
from ingestion.errors import SourceDataError
from replay.files import ReplayFiles, ServedFile
from tests.bad_input.make_corpus import EPOCH_CORPUS

DAY = dt.date(2026, 12, 1)
REFUSED = {
    "renamed_column.csv": r"/epoch\.csv has no column\(s\) Model$",
    "missing_column.csv": r"/epoch\.csv has no column\(s\) Parameters$",
    "not_utf8.csv": r"/epoch\.csv line 3: bytes b'\\xe9' are not UTF-8$",
}


def read(file: str, content_type: str = "text/csv"):
    """The file served at /epoch.csv, fetched and parsed as the asset does."""
    served = {"/epoch.csv": ServedFile((EPOCH_CORPUS / file).read_bytes(), content_type, keyed=False)}
    with ReplayFiles(served) as server:
        url = server.url + "/epoch.csv"
        return epoch_table(fetch_epoch_csv(EpochSettings(url=url)), DAY, url).rows


def test_the_corpus_covers_every_bad_file():
    assert {path.name for path in EPOCH_CORPUS.glob("*.csv")} == {"good.csv", "extra_column.csv", *REFUSED}


def test_the_good_file_reads_every_model():
    with open(EPOCH_CORPUS / "good.csv", newline="", encoding="utf-8") as text:
        models = [record["Model"].strip() for record in csv.DictReader(text)]
    assert read("good.csv").column("model").to_pylist() == models and len(models) == 6


def test_an_extra_column_is_ignored():
    assert read("extra_column.csv").equals(read("good.csv"))


def test_a_declared_charset_is_honoured():
    latin = read("not_utf8.csv", "text/csv; charset=iso-8859-1")
    assert latin.column("model").to_pylist()[1].startswith("Société EXAONE")


@pytest.mark.parametrize("file", sorted(REFUSED))
def test_a_bad_file_is_refused_naming_the_url_and_the_problem(file):
    with pytest.raises(SourceDataError, match=REFUSED[file]):
        read(file)

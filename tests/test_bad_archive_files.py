"""A corpus of bad archive files (tests/bad_input/archive/), each served as an archive day by the replay Hub and
read as the snapshot asset reads it: refused by the reader, naming the file and what was wrong, or by the
snapshot quality suite, naming the expectation and the column. Either way the asset stores nothing of the batch
(tests/test_refresh_pipeline.py checks that a refused batch leaves every table as it was)."""

import datetime as dt
import re
import shutil

import pyarrow.parquet as pq
import pytest

from expectations.hf_model_snapshots import snapshot_suite
from expectations.validation import run_suite
from ingestion.errors import SourceDataError
from ingestion.huggingface import HubSettings, SnapshotArchiveReader, scratch_archive
from replay.server import DEFAULT_SAMPLE_DIR, ReplayHub
from orchestration.tracked_models import tracked_model_ids
from tests.bad_input.make_corpus import CORPUS

DAY = dt.date(2026, 5, 20)
GOOD_ROWS = 40
# What each file is refused for: by the reader (the error names the file's URL) or by the gate.
BY_READER = {
    "truncated.parquet": r"malformed archive file .*/models/2026-05-20/models\.parquet: .*",
    "no_id_column.parquet": r"malformed archive file .*/models\.parquet: the file has no 'id' column",
    "id_not_text.parquet": r"malformed archive file .*models\.parquet: the 'id' column holds int64, not .*text",
    "counters_as_text.parquet": r"malformed archive file .*models\.parquet: downloadsAllTime is not an integer: '[\d,]+'",
}
BY_GATE = {
    "negative_counter.parquet": "expect_column_values_to_be_between on column downloads_all_time",
    "duplicate_id.parquet": "expect_column_values_to_be_unique on column model_id",
    "ids_not_org_name.parquet": "expect_table_row_count_to_be_between",
}


def read_as_archive_day(file, tmp_path):
    """The file served as the archive's DAY and read by the snapshot reader; the batch and the gate's verdict
    (with a previous day of GOOD_ROWS rows stored)."""
    folder = tmp_path / "archive" / "models" / DAY.isoformat()
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / file, folder / "models.parquet")
    state = pq.read_table(DEFAULT_SAMPLE_DIR / "hub_state.parquet")
    with ReplayHub(state, archive_dir=tmp_path / "archive") as hub:
        with scratch_archive(HubSettings(endpoint=hub.url, archive_repo=hub.archive_repo)) as files:
            batch = SnapshotArchiveReader(files).read(tracked_model_ids(), DAY)
    return batch, run_suite(snapshot_suite(GOOD_ROWS), batch.to_pandas())


def test_the_corpus_covers_every_bad_file():
    assert {path.name for path in CORPUS.glob("*.parquet")} == {"good.parquet", *BY_READER, *BY_GATE}


def test_the_good_file_passes(tmp_path):
    batch, verdict = read_as_archive_day("good.parquet", tmp_path)
    assert verdict.success, verdict.message()
    assert batch.num_rows == GOOD_ROWS


@pytest.mark.parametrize("file", sorted(BY_READER))
def test_a_file_the_reader_cannot_read_is_refused_naming_it(file, tmp_path):
    with pytest.raises(SourceDataError, match=BY_READER[file]):
        read_as_archive_day(file, tmp_path)


@pytest.mark.parametrize("file", sorted(BY_GATE))
def test_a_file_with_bad_rows_is_refused_by_the_gate_naming_the_expectation(file, tmp_path):
    _, verdict = read_as_archive_day(file, tmp_path)
    assert not verdict.success
    assert re.search(BY_GATE[file], verdict.message()), verdict.message()

"""Telling the run's archive files which raw assets of the run will read each day, so each file is fetched once."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from ingestion.huggingface import ArchiveFiles
from ingestion.huggingface.archive_days import (
    DERIVATIVES_READER,
    SNAPSHOTS_READER,
    derivative_archive_days,
    snapshot_archive_days,
)

SNAPSHOTS_KEY = dg.AssetKey(["raw", "hf_model_snapshots"])
DERIVATIVES_KEY = dg.AssetKey(["raw", "hf_derivatives"])


def expect_archive_reads(
    context: dg.AssetExecutionContext, files: ArchiveFiles, days: list[dt.date], today: dt.date, archived: set[dt.date]
) -> None:
    """Keep each archive day of the window until both Hub assets of this run that read it have read it."""
    # An empty selection is a run of the whole job, which holds both readers.
    selected = context.run.asset_selection or None
    plans = {
        SNAPSHOTS_READER: (SNAPSHOTS_KEY, snapshot_archive_days),
        DERIVATIVES_READER: (DERIVATIVES_KEY, derivative_archive_days),
    }
    for reader, (key, archive_days) in plans.items():
        if selected is None or key in selected:
            for day in archive_days(days, today, archived):
                files.expect(day, [reader])

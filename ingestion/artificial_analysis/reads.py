"""Which Artificial Analysis reads a refresh makes: every day the collector published since the last one stored,
then today from the API when a key is set and no daily read holds today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa

from ingestion.artificial_analysis.client import ArtificialAnalysisSettings, fetch_models
from ingestion.artificial_analysis.daily_reads import days_to_read, fetch_daily_read, latest_day
from ingestion.artificial_analysis.models import API, DAILY_READ, aa_models_table


@dataclass
class NewReads:
    """The days read (one table each), the published days the collector missed, and what was not read, and why."""

    tables: list[pa.Table] = field(default_factory=list)
    missing_days: list[dt.date] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)

    @property
    def days(self) -> list[dt.date]:
        """The days read, in order."""
        return sorted(table.column("fetched_on")[0].as_py() for table in self.tables if table.num_rows)


def read_new_days(
    settings: ArtificialAnalysisSettings, last_daily_read: dt.date | None, stored_days: set[dt.date], today: dt.date
) -> NewReads:
    """Read the days not stored yet; each day's table is whole, and a day with no models is left out."""
    reads = NewReads()
    if settings.daily_reads_url:
        newest = min(latest_day(settings), today)
        for day in days_to_read(last_daily_read, newest):
            if day in stored_days:
                continue
            models = fetch_daily_read(settings, day)
            if models is None:
                reads.missing_days.append(day)
            elif models:
                reads.tables.append(aa_models_table(models, day, DAILY_READ))
    else:
        reads.not_read.append("daily reads switched off (AA_DAILY_READS_URL is empty)")
    if today in stored_days or today in reads.days:
        return reads
    if settings.api_key:
        reads.tables.append(aa_models_table(fetch_models(settings), today, API))
    else:
        reads.not_read.append("today's API read needs AA_API_KEY")
    return reads

"""Fetching the daily rankings for a run of days: in windows of consecutive days not yet stored, each day stored
as soon as its window arrives, stopping cleanly when the day's request budget is spent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pyarrow as pa

from ingestion.openrouter.client import DATASET_START, OpenRouterClient, RankingsPull
from ingestion.openrouter.pacing import DailyBudgetSpent


@dataclass
class RankingsFetch:
    """What a run fetched: the days stored, the days the dataset does not cover, and where it stopped."""

    stored: list[dt.date] = field(default_factory=list)
    before_dataset: list[dt.date] = field(default_factory=list)
    not_reached: list[dt.date] = field(default_factory=list)
    stopped: str | None = None


def windows(days: Iterable[dt.date], size: int) -> list[list[dt.date]]:
    """Consecutive days grouped into windows of at most `size` days (a gap starts a new window)."""
    grouped: list[list[dt.date]] = []
    for day in sorted(days):
        if grouped and len(grouped[-1]) < size and day - grouped[-1][-1] == dt.timedelta(days=1):
            grouped[-1].append(day)
        else:
            grouped.append([day])
    return grouped


def fetch_rankings(
    client: OpenRouterClient,
    days: Iterable[dt.date],
    store: Callable[[dict[dt.date, list[dict]], dict[str, str]], None],
) -> RankingsFetch:
    """Fetch the given days window by window and `store(rows_by_day, meta)` each window as it arrives; a spent
    daily budget ends the run with the rest listed in `not_reached`, so that a later run can resume from there."""
    outcome = RankingsFetch()
    wanted = []
    for day in sorted(set(days)):
        (outcome.before_dataset if day < DATASET_START else wanted).append(day)
    pending = windows(wanted, client.settings.days_per_request)
    for position, window in enumerate(pending):
        try:
            pull: RankingsPull = client.rankings(window[0], window[-1])
        except DailyBudgetSpent as spent:
            outcome.stopped = str(spent)
            outcome.not_reached = [day for rest in pending[position:] for day in rest]
            return outcome
        by_day: dict[dt.date, list[dict]] = {day: [] for day in window}
        for row in pull.rows:
            if row["date"] in by_day:
                by_day[row["date"]].append(row)
        store(by_day, pull.meta)
        outcome.stored.extend(window)
    return outcome


RANKINGS_SCHEMA = pa.schema(
    [
        ("date", pa.date32()),
        ("model_permaslug", pa.string()),
        # Exact: counts pass 2^53, where a double starts dropping units.
        ("total_tokens", pa.decimal128(38, 0)),
        ("rank", pa.int32()),
        ("meta_as_of", pa.string()),
        ("meta_start_date", pa.string()),
        ("meta_end_date", pa.string()),
        ("meta_version", pa.string()),
        # Any other field of the meta block (a replayed sample says here that its numbers are made up).
        ("meta_notice", pa.string()),
    ]
)


def rankings_table(rows: list[dict], meta: dict[str, str]) -> pa.Table:
    """One day's ranking rows in the order the API sent them (rank 1 first; the 'other' row, unranked, last), with the pull's meta
    block on every row, as its citation requires."""
    return pa.Table.from_pylist(
        [
            {
                "date": row["date"],
                "model_permaslug": row["model_permaslug"],
                "total_tokens": Decimal(row["total_tokens"]),
                "rank": None if row["model_permaslug"] == "other" else position,
                "meta_as_of": meta.get("as_of"),
                "meta_start_date": meta.get("start_date"),
                "meta_end_date": meta.get("end_date"),
                "meta_version": meta.get("version"),
                "meta_notice": meta.get("notice"),
            }
            for position, row in enumerate(rows, start=1)
        ],
        schema=RANKINGS_SCHEMA,
    )


# A run that reaches today fetches the complete days of this many days back that are not stored yet.
CATCH_UP_DAYS = 7


@dataclass(frozen=True)
class RankingsDays:
    """The days a rankings run fetches, and whether those already stored are left out."""

    days: list[dt.date]
    skip_stored: bool

    def not_stored(self, stored: set[dt.date]) -> list[dt.date]:
        """The days still to fetch given those stored (all of them when a single past day is asked again)."""
        return [day for day in self.days if day not in stored] if self.skip_stored else list(self.days)


def rankings_days(asked: list[dt.date], today: dt.date) -> RankingsDays:
    """The complete days a run over `asked` fetches: a day's ranking is complete once the day is over, so a run
    that reaches today catches up the last week's complete days instead, each stored under its own date. A run of
    several days skips those stored (a run stopped by the daily budget resumes where it stopped); a single past
    day is fetched again."""
    catching_up = any(day >= today for day in asked)
    days = [day for day in asked if day < today]
    if catching_up:
        days = sorted(set(days) | {today - dt.timedelta(days=back) for back in range(1, CATCH_UP_DAYS + 1)})
    return RankingsDays(days=days, skip_stored=len(days) > 1 or catching_up)

"""A backfill's progress, days done of days asked, shown on the run in the UI and in its log."""

from __future__ import annotations

import datetime as dt

import dagster as dg

PROGRESS_TAG = "atom/days_done"


def progress_label(done: int, asked: int) -> str:
    """e.g. '412 of 1267 days (32%)'; a run asked no day is 100% done."""
    return f"{done} of {asked} days ({done * 100 // asked if asked else 100}%)"


class RunProgress:
    """Counts the days a run has finished; logs each one and keeps a run tag with the count.

    The tag (shown beside the run in the UI's run list and on the run's page) is rewritten only when the whole
    percentage moves, so a backfill of years writes about a hundred tag updates, not one per day. Consecutive
    days passed over for the same reason (years the archive never captured) share one log line: each line is
    an event the instance stores, and a line per empty day buried the days that were read.
    """

    def __init__(self, context: dg.AssetExecutionContext, asked: int, tag: str = PROGRESS_TAG, done: int = 0):
        self.context, self.asked, self.done, self._shown, self.tag = context, asked, done, -1, tag
        self._passed: tuple[dt.date, dt.date, str] | None = None
        self._tag(force=True)

    def __enter__(self) -> RunProgress:
        return self

    def __exit__(self, *exc_info) -> None:
        self._log_passed()

    def advance(self, message: str) -> None:
        """One more day is finished."""
        self._log_passed()
        self.done += 1
        self.context.log.info(f"{message} [{progress_label(self.done, self.asked)}]")
        self._tag(force=self.done == self.asked)

    def pass_over(self, day: dt.date, reason: str) -> None:
        """One more day is finished with nothing read for it, for `reason` (e.g. 'not in the archive')."""
        if self._passed and self._passed[2] == reason and self._passed[1] + dt.timedelta(days=1) == day:
            self._passed = (self._passed[0], day, reason)
        else:
            self._log_passed()
            self._passed = (day, day, reason)
        self.done += 1
        self._tag(force=self.done == self.asked)

    def _log_passed(self) -> None:
        if self._passed is None:
            return
        first, last, reason = self._passed
        days = (last - first).days + 1
        span = first.isoformat() if days == 1 else f"{first.isoformat()} to {last.isoformat()} ({days} days)"
        self.context.log.info(f"{span}: {reason} [{progress_label(self.done, self.asked)}]")
        self._passed = None

    def _tag(self, *, force: bool) -> None:
        percent = self.done * 100 // self.asked if self.asked else 100
        if force or percent != self._shown:
            self._shown = percent
            self.context.instance.add_run_tags(self.context.run_id, {self.tag: progress_label(self.done, self.asked)})

"""A backfill's progress, days done of days asked, shown on the run in the UI and in its log."""

from __future__ import annotations

import dagster as dg

PROGRESS_TAG = "atom/days_done"


def progress_label(done: int, asked: int) -> str:
    """e.g. '412 of 1267 days (32%)'."""
    return f"{done} of {asked} days ({done * 100 // asked}%)"


class RunProgress:
    """Counts the days a run has finished; logs each one and keeps a run tag with the count.

    The tag (shown beside the run in the UI's run list and on the run's page) is rewritten only when the whole
    percentage moves, so a backfill of years writes about a hundred tag updates, not one per day.
    """

    def __init__(self, context: dg.AssetExecutionContext, asked: int, tag: str = PROGRESS_TAG):
        self.context, self.asked, self.done, self._shown, self.tag = context, asked, 0, -1, tag
        self._tag(force=True)

    def advance(self, message: str) -> None:
        """One more day is finished."""
        self.done += 1
        self.context.log.info(f"{message} [{progress_label(self.done, self.asked)}]")
        self._tag(force=self.done == self.asked)

    def _tag(self, *, force: bool) -> None:
        percent = self.done * 100 // self.asked if self.asked else 100
        if force or percent != self._shown:
            self._shown = percent
            self.context.instance.add_run_tags(self.context.run_id, {self.tag: progress_label(self.done, self.asked)})

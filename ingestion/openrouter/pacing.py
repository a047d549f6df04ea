"""Keeping to OpenRouter's request limits: so many a minute (waited out) and so many a UTC day (a hard stop)."""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable


class DailyBudgetSpent(RuntimeError):
    """The day's request budget is used up; the work resumes after the next UTC midnight."""


class RequestPacer:
    """Spaces requests so that no 60 seconds hold more than `per_minute`, and refuses the one past `per_day`.

    The clock and sleep are injectable so that tests run a minute in milliseconds; `spent_today` carries the
    requests earlier runs already made this UTC day (the daily limit is per account, not per run).
    """

    def __init__(
        self,
        per_minute: int,
        per_day: int,
        *,
        spent_today: int = 0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        minute: float = 60.0,
    ) -> None:
        self.per_minute, self.per_day, self.minute = per_minute, per_day, minute
        self.clock, self.sleep = clock, sleep
        self.spent_today = spent_today
        self.waited = 0.0
        self._recent: deque[float] = deque()
        self._day = self._utc_day()

    def _utc_day(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc).date()

    def wait_turn(self) -> None:
        """Block until one more request fits the per-minute limit; raise DailyBudgetSpent past the daily one."""
        if self._utc_day() != self._day:
            self._day, self.spent_today = self._utc_day(), 0
        if self.spent_today >= self.per_day:
            raise DailyBudgetSpent(
                f"the daily budget of {self.per_day} OpenRouter requests is spent; what was fetched is stored, and "
                "re-running after 00:00 UTC resumes from the first day not stored"
            )
        now = self.clock()
        while self._recent and now - self._recent[0] >= self.minute:
            self._recent.popleft()
        if len(self._recent) >= self.per_minute:
            pause = self.minute - (now - self._recent[0])
            self.pause(pause)
            now = self.clock()
            self._recent.popleft()
        self._recent.append(now)
        self.spent_today += 1

    def pause(self, seconds: float) -> None:
        """Wait, and count the wait (a run reports how long it paced itself)."""
        if seconds > 0:
            self.waited += seconds
            self.sleep(seconds)

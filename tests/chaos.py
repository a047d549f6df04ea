"""Killing a backfill at a seeded moment and running it again, for tests/test_killed_and_concurrent_runs.py.

A backfill runs as `atom backfill` in a session of its own, pointed at the bundled sample on loopback. Its output
says when each phase begins (the first line of the ingest run, dbt's command line, the publication's first line),
so a kill is aimed at a phase: the harness waits for the phase's first line, then for a seeded fraction of the
phase's length in an uninterrupted run, and kills the whole session with SIGKILL, dbt included, as a machine that
loses power or an out-of-memory kill of the run's process group would.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.cli import ATOM
from orchestration.settings import REPO_ROOT

PHASES = ("ingestion", "dbt build", "publication")
# The first line each phase prints, and the line that ends it.
STARTS = {"ingestion": " - ingest - ", "dbt build": "Running dbt command", "publication": "publishing the marts to"}
ENDS = {"ingestion": " - build_marts - ", "dbt build": "Finished dbt command", "publication": "published the marts:"}


@dataclass
class Backfill:
    """One `atom backfill` process and when (seconds after its start) each phase's first and last lines came."""

    process: subprocess.Popen
    started: float
    seen: dict[str, float] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def read(self) -> None:
        """Follow the output to its end, noting each marker the first time it appears."""
        for line in self.process.stdout:
            now = time.monotonic() - self.started
            with self.changed:
                self.lines.append(line)
                for phase in PHASES:
                    for kind, markers in (("start", STARTS), ("end", ENDS)):
                        if markers[phase] in line and f"{phase} {kind}" not in self.seen:
                            self.seen[f"{phase} {kind}"] = now
                self.changed.notify_all()
        with self.changed:
            self.seen["exit"] = time.monotonic() - self.started
            self.changed.notify_all()

    def wait_for(self, mark: str) -> bool:
        """Wait until the mark is seen (True) or the process has ended without it (False)."""
        with self.changed:
            self.changed.wait_for(lambda: mark in self.seen or "exit" in self.seen)
            return mark in self.seen

    def phase_at(self, moment: float) -> str:
        """The phase the backfill was in at `moment` seconds after its start."""
        current = "start-up"
        for phase in PHASES:
            if self.seen.get(f"{phase} start", float("inf")) <= moment:
                current = phase
        return current


@dataclass(frozen=True)
class Home:
    """A warehouse folder and the Dagster instance beside it."""

    root: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse"

    @property
    def dagster(self) -> Path:
        return self.root / "dagster"

    def copy_to(self, root: Path) -> Home:
        """A copy of both folders, for a trial to start from the same state."""
        shutil.copytree(self.root, root, ignore=shutil.ignore_patterns("*.lock"))
        return Home(root)


def start_backfill(home: Home, first: str, last: str, environment: dict[str, str]) -> Backfill:
    """Start `atom backfill` over first..last in a session of its own, following its output."""
    home.dagster.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [*ATOM, "--home", str(home.warehouse), "backfill", "--start", first, "--end", last],
        cwd=REPO_ROOT, env={**os.environ, **environment, "DAGSTER_HOME": str(home.dagster)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    backfill = Backfill(process, time.monotonic())
    threading.Thread(target=backfill.read, daemon=True).start()
    return backfill


def run_backfill(home: Home, first: str, last: str, environment: dict[str, str]) -> Backfill:
    """A backfill run to its end; its output is in the error when it fails."""
    backfill = start_backfill(home, first, last, environment)
    code = backfill.process.wait()
    backfill.wait_for("exit")
    if code != 0:
        raise AssertionError(f"atom backfill {first}..{last} exited {code}:\n" + "".join(backfill.lines[-40:]))
    return backfill


@dataclass(frozen=True)
class Kill:
    """Where a trial aimed its kill, and where it landed."""

    seed: int
    phase: str
    delay: float
    at: float | None
    landed_in: str

    def __str__(self) -> str:
        if self.at is None:
            return f"seed {self.seed}: aimed at {self.phase}, but the backfill ended before the kill"
        return (
            f"seed {self.seed}: aimed at {self.phase} + {self.delay:.1f} s, killed {self.at:.1f} s after the start, "
            f"during {self.landed_in}"
        )


def aim(seed: int, length: float) -> float:
    """A seeded moment within a phase of this length (in an uninterrupted run), as seconds after its first line."""
    return random.Random(seed).uniform(0, max(length, 0.05))


def kill_during(backfill: Backfill, seed: int, phase: str, delay: float) -> Kill:
    """Kill the backfill's whole session `delay` seconds after the phase's first line."""
    if backfill.wait_for(f"{phase} start"):
        time.sleep(delay)
    at = None
    if backfill.process.poll() is None:
        at = time.monotonic() - backfill.started
        os.killpg(backfill.process.pid, signal.SIGKILL)
    backfill.process.wait()
    backfill.wait_for("exit")
    return Kill(seed, phase, delay, at, backfill.phase_at(at) if at is not None else "")

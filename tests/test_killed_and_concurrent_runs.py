"""A backfill killed with SIGKILL at a seeded moment, then run again, leaves the raw tables and the marts as an
uninterrupted backfill does; a kill during publication leaves the previous published copy whole and readable.

Every trial starts from the same warehouse (a backfill of a few days, published) and backfills the next days. The
suite runs one trial per phase; `make chaos` runs 20 and prints the tally. The kills' moments come from
--chaos-seed and are printed with each trial. Two backfills started together take turns on the warehouse and end
as one run after the other would.
"""

import json

import dagster as dg
import filelock
import pytest

from orchestration.settings import warehouse_paths
from tests.chaos import PHASES, Home, aim, kill_during, run_backfill, start_backfill
from tests.warehouse_snapshot import table_contents

BASE = ("2026-05-10", "2026-05-14")
TRIAL = ("2026-05-15", "2026-05-20")
COMPARED = ("raw", "marts")


@pytest.fixture(scope="session")
def sample_environment():
    """The bundled sample on loopback, and the environment that points a backfill at it."""
    from orchestration.cli import sample_services

    with sample_services() as sample:
        yield sample.environment


class Reference:
    """The warehouse every trial starts from, and what an uninterrupted backfill of the trial's days made of it."""

    def __init__(self, root):
        self.base = Home(root / "base")
        self.after = Home(root / "reference")
        self.timings = json.loads((root / "timings.json").read_text())
        self.base_published = published_marts(self.base)
        self.published = published_marts(self.after)
        self.stored = table_contents(warehouse_paths(str(self.after.warehouse)).warehouse, COMPARED)


def published_marts(home: Home) -> dict:
    return table_contents(warehouse_paths(str(home.warehouse)).published, ("marts",))


@pytest.fixture(scope="session")
def reference(tmp_path_factory, sample_environment) -> Reference:
    """Built once for every worker of the run: the first to arrive builds it, the others wait for it."""
    shared = tmp_path_factory.getbasetemp().parent
    root = shared / "killed-runs"
    with filelock.FileLock(str(shared / "killed-runs.lock")):
        if not (root / "timings.json").exists():
            base = Home(root / "base")
            run_backfill(base, *BASE, sample_environment)
            uninterrupted = run_backfill(base.copy_to(root / "reference"), *TRIAL, sample_environment)
            (root / "timings.json").write_text(json.dumps(uninterrupted.seen))
    return Reference(root)


@pytest.mark.chaos
def test_a_backfill_killed_at_a_seeded_moment_recovers_identical(
    chaos_trial, chaos_seed, reference, sample_environment, tmp_path, record_property
):
    seed, phase = chaos_seed + chaos_trial, PHASES[chaos_trial % len(PHASES)]
    home = reference.base.copy_to(tmp_path / "trial")
    paths = warehouse_paths(str(home.warehouse))
    length = reference.timings[f"{phase} end"] - reference.timings[f"{phase} start"]
    kill = kill_during(start_backfill(home, *TRIAL, sample_environment), seed, phase, aim(seed, length))
    record_property("kill", str(kill))
    print(kill)

    # Whatever the moment, the published copy is one publication or the other, whole.
    assert published_marts(home) in (reference.base_published, reference.published), str(kill)

    run_backfill(home, *TRIAL, sample_environment)
    assert table_contents(paths.warehouse, COMPARED) == reference.stored, str(kill)
    assert published_marts(home) == reference.published, str(kill)
    assert not list(paths.published.parent.glob(".*.tmp")), "a killed publication's staging file was left behind"
    # The killed runs are shown failed, not in progress for ever.
    instance = dg.DagsterInstance.from_config(str(home.dagster))
    try:
        unfinished = instance.get_runs(
            filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])
        )
        assert unfinished == [], str(kill)
    finally:
        instance.dispose()


def test_two_backfills_started_together_take_turns_and_end_as_one_after_the_other(
    reference, sample_environment, tmp_path
):
    home = reference.base.copy_to(tmp_path / "two")
    paths = warehouse_paths(str(home.warehouse))
    first, second = (start_backfill(home, *TRIAL, sample_environment) for _ in range(2))
    outputs = []
    for backfill in (first, second):
        assert backfill.process.wait() == 0, "".join(backfill.lines[-40:])
        backfill.wait_for("exit")
        outputs.append("".join(backfill.lines))
    # One run waited for the other, on a source it was reading or on the warehouse it was writing.
    assert any("another run is reading" in output or "another run is writing the warehouse" in output
               for output in outputs)
    assert table_contents(paths.warehouse, COMPARED) == reference.stored
    assert published_marts(home) == reference.published

"""Shared fixtures: a replay Hub on loopback serving the bundled sample, and throwaway warehouses."""

import os
import tempfile

import dagster as dg
import pytest

from ingestion.huggingface import HubSettings
from replay.server import ReplayHub

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# Tests reach only loopback servers: a key in the developer's shell must not switch the real OpenRouter on.
os.environ.pop("OPENROUTER_API_KEY", None)
os.environ.pop("AA_API_KEY", None)
# The suite stops sources with hundreds of 5xx answers: retried without waiting, they cost no time. The tests of
# the waits themselves set their own policy.
os.environ.setdefault("ATOM_HTTP_BACKOFF_SECONDS", "0")

# Throwaway warehouses and Dagster instances live in a RAM-backed folder where the machine has one (unless TMPDIR
# says otherwise): each Dagster event is a SQLite commit, a backfill over years writes thousands of them, and on a
# disk each waits for its fsync (the demo's backfill: about 380 s on this machine's disk, 230 s in RAM). Set here,
# before the workers start, so that they inherit it.
if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None


def pytest_addoption(parser):
    """--update-snapshots rewrites the reviewed snapshots (tests/snapshots/) from the code as it is; --chaos-trials
    and --chaos-seed say how many killed backfills tests/test_killed_and_concurrent_runs.py tries, and from which
    seed their moments are drawn."""
    parser.addoption("--update-snapshots", action="store_true", help="rewrite tests/snapshots/ from the code")
    parser.addoption("--chaos-trials", type=int, default=3, help="killed backfills to try (make chaos: 20)")
    parser.addoption("--chaos-seed", type=int, default=1600, help="the first trial's seed; trial i uses seed + i")


def pytest_generate_tests(metafunc):
    """One test per killed-backfill trial, so that parallel workers share them out."""
    if "chaos_trial" in metafunc.fixturenames:
        trials = range(metafunc.config.getoption("chaos_trials"))
        metafunc.parametrize("chaos_trial", trials, ids=[f"trial{trial}" for trial in trials])


@pytest.fixture
def chaos_seed(request) -> int:
    return request.config.getoption("chaos_seed")


def pytest_terminal_summary(terminalreporter):
    """The killed-backfill trials' tally, and where each kill landed."""
    trials = [
        report for outcome in ("passed", "failed") for report in terminalreporter.stats.get(outcome, [])
        if report.when == "call" and "chaos" in report.keywords
    ]
    if not trials:
        return
    terminalreporter.section("killed backfills")
    for report in sorted(trials, key=lambda report: report.nodeid):
        kill = dict(report.user_properties).get("kill", "no kill recorded")
        terminalreporter.write_line(f"{report.outcome:>6}  {kill}")
    recovered = sum(report.passed for report in trials)
    terminalreporter.write_line(f"{recovered} of {len(trials)} recovered identical")


def pytest_configure(config):
    """Prepare the dbt manifest once, before any worker starts, so that parallel workers never parse it at once."""
    if not hasattr(config, "workerinput"):
        from orchestration.transform.project import dbt_project

        dbt_project()


@pytest.fixture(scope="session", autouse=True)
def epoch_csv():
    """Epoch AI's bundled CSV on loopback, where every refresh in the tests reads it (EPOCH_MODELS_URL)."""
    from replay.files import EPOCH_PATH, epoch_sample

    with epoch_sample() as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("EPOCH_MODELS_URL", server.url + EPOCH_PATH)
        yield server


@pytest.fixture(scope="session", autouse=True)
def artificial_analysis_daily_reads():
    """Artificial Analysis's bundled daily reads on loopback, where every refresh in the tests reads them
    (AA_DAILY_READS_URL)."""
    from replay.artificial_analysis import DAILY_READS_PATH, artificial_analysis_sample

    with artificial_analysis_sample() as server, pytest.MonkeyPatch.context() as patch:
        patch.setenv("AA_DAILY_READS_URL", server.url + DAILY_READS_PATH)
        yield server


@pytest.fixture(scope="module")
def hub():
    """The replay server with the bundled sample, restored to the sample's state after each test."""
    with ReplayHub.from_sample() as server:
        yield server


@pytest.fixture
def fresh_hub(hub):
    """The module's replay server; any state a test swaps in is put back afterwards."""
    original = hub.state
    yield hub
    hub.state = original


@pytest.fixture
def hub_settings(hub) -> HubSettings:
    """Source settings pointing at the replay server."""
    return HubSettings(endpoint=hub.url, archive_repo=hub.archive_repo)


@pytest.fixture
def instance():
    """A throwaway Dagster instance."""
    with dg.instance_for_test() as test_instance:
        yield test_instance

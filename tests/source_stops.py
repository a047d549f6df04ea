"""Every source on loopback, a warehouse that has read them all, and each source stopped in its own way: the
fixtures and checks of the tests that stop one source at a time."""

import datetime as dt
import json
from contextlib import contextmanager

import pytest

from replay.files import EPOCH_PATH, ReplayFiles, ServedFile
from replay.openrouter import ReplayOpenRouter
from replay.server import ReplayHub
from orchestration.calendar import utc_today
from orchestration.cli import main as atom
from orchestration.settings import warehouse_paths
from tests.test_performance_sources import AA_ANSWER, AA_KEY
from tests.warehouse_snapshot import rows

TODAY = utc_today()
AA_PATH = "/api/v2/data/llms/models"
MAINTENANCE_PAGE = "/maintenance/latest.json"
CLOSED_PORT_URL = "http://127.0.0.1:9"
# Each source's marts, as the rows a stopped read must leave exactly as they were.
SOURCE_MARTS = {
    "hub_snapshots": ["select * from marts.model_downloads_daily", "select * from marts.downloads_by_region_monthly"],
    "hub_derivatives": ["select * from marts.new_derivatives_by_region_monthly", "select * from marts.most_derived_bases"],
    "openrouter_rankings": ["select * from marts.inference_share_by_region_monthly"],
    "lmarena": ["select * from marts.performance_best_open_by_region where benchmark like 'arena%'"],
    "artificial_analysis": ["select * from marts.performance_best_open_by_region where benchmark not like 'arena%'"],
    "epoch": ["select * from marts.epoch_crosscheck_disagreements"],
}
ALL_SOURCES = {
    "hub_snapshots", "hub_derivatives", "openrouter_catalogue", "openrouter_rankings", "lmarena",
    "artificial_analysis", "epoch",
}


@contextmanager
def loopback_services(openrouter_key: str = "sample-key", aa_key: str = AA_KEY):
    """The replay Hub, OpenRouter and Artificial Analysis, each keyed source answering only to its key."""
    files = {
        AA_PATH: ServedFile(json.dumps(AA_ANSWER).encode(), "application/json"),
        MAINTENANCE_PAGE: ServedFile(b"<html>maintenance</html>", "application/json", keyed=False),
    }
    with (
        ReplayHub.from_sample() as hub,
        ReplayOpenRouter.from_sample(api_key=openrouter_key) as openrouter,
        ReplayFiles(files, required_headers={"x-api-key": aa_key}) as aa,
    ):
        yield hub, openrouter, aa


@pytest.fixture(scope="module")
def services():
    """Every source on loopback: the replay Hub, OpenRouter, Artificial Analysis (keyed) and Epoch's CSV."""
    with loopback_services() as running:
        yield running


@pytest.fixture(scope="module")
def environment(services, epoch_csv, tmp_path_factory):
    """The environment a user sets to point every source at the loopback services."""
    hub, openrouter, aa = services
    return {
        "HF_ENDPOINT": hub.url,
        "OPENROUTER_BASE_URL": openrouter.url,
        "OPENROUTER_API_KEY": openrouter.api_key,
        "AA_BASE_URL": aa.url,
        "AA_API_KEY": AA_KEY,
        "EPOCH_MODELS_URL": epoch_csv.url + EPOCH_PATH,
        "DAGSTER_HOME": str(tmp_path_factory.mktemp("dagster_home")),
    }


def refresh(home, environment, day: dt.date, capsys, **changed) -> tuple[int, str]:
    """`atom refresh --date day` with the environment (some of it changed), its exit code and its output."""
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {**environment, **changed}.items():
            patch.setenv(name, value)
        code = atom(["--home", str(home), "refresh", "--date", day.isoformat()])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture(scope="module")
def warehouse(services, environment, tmp_path_factory):
    """A warehouse with every source read once, on the archive's last day, which also stores the listing
    watermark today's derivative listing reads down to."""
    hub, _, _ = services
    home = tmp_path_factory.mktemp("warehouse")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        assert atom(["--home", str(home), "refresh", "--date", hub.archive_dates[-1].isoformat()]) == 0
    return home


def freshness(home) -> dict[str, tuple]:
    """marts.source_freshness by source: last status, last success time, last failure reason."""
    found = rows(
        warehouse_paths(home).published,
        "select source, last_status, last_success_at, last_failure_reason from marts.source_freshness",
    )
    return {source: rest for source, *rest in found}


def published_at(home):
    """When the published marts were last replaced."""
    return rows(warehouse_paths(home).published, "select published_at from main.publication")[0][0]


def stop(source: str, services, environment) -> dict[str, str]:
    """Stop one source, each in its own way; returns the environment changes that stop it."""
    hub, _, aa = services
    if source == "hub_snapshots":  # HTTP 500 on the tracked orgs' listing pages only
        hub.inject_fault("/api/models", 500, times=10_000, headers={"Retry-After": "0"}, query="author=")
    elif source == "hub_derivatives":  # a malformed page of the newest-models listing
        hub.inject_fault("/api/models", 200, times=10_000, body=b"{not json", query="sort=")
    elif source == "openrouter_rankings":  # a server that refuses every request (HTTP 401), never retried
        return {"OPENROUTER_BASE_URL": aa.url}
    elif source == "lmarena":  # HTTP 500 on the dataset file
        hub.inject_fault("/datasets/lmarena-ai/", 500, times=10_000, headers={"Retry-After": "0"})
    elif source == "artificial_analysis":  # a malformed body where the daily reads are published
        return {"AA_DAILY_READS_URL": aa.url + MAINTENANCE_PAGE.rsplit("/", 1)[0]}
    elif source == "epoch":  # unreachable
        return {"EPOCH_MODELS_URL": CLOSED_PORT_URL + "/epoch.csv"}
    return {}


def restart(services) -> None:
    """Every source answers again."""
    hub, _, _ = services
    hub._faults.clear()


def check_a_stopped_source(warehouse, services, environment, capsys, stopped: str) -> None:
    """Refresh today with `stopped` stopped: it keeps its rows and is named; the others are read and published."""
    published = warehouse_paths(warehouse).published
    marts_before = {sql: sorted(rows(published, sql), key=repr) for sql in SOURCE_MARTS[stopped]}
    assert any(marts_before.values()), f"the {stopped} marts hold rows to keep"
    before, published_before = freshness(warehouse), published_at(warehouse)
    try:
        code, output = refresh(warehouse, environment, TODAY, capsys, **stop(stopped, services, environment))
    finally:
        restart(services)
    assert code != 0
    assert f"failed {stopped}:" in output
    assert "the published marts now hold the other sources' new data" in output
    # The marts were published again, the stopped source's rows as they were.
    assert published_at(warehouse) > published_before
    assert {sql: sorted(rows(published, sql), key=repr) for sql in SOURCE_MARTS[stopped]} == marts_before
    after = freshness(warehouse)
    assert after[stopped][0] == "failed" and after[stopped][2]
    assert after[stopped][1] == before[stopped][1]
    # OpenRouter's catalogue is read from the same address as its rankings and stops with them.
    stopped_together = {stopped, "openrouter_catalogue"} if stopped == "openrouter_rankings" else {stopped}
    for source in ALL_SOURCES - stopped_together:
        assert after[source][0] == "stored", (source, after[source])
        assert after[source][1] > before[source][1], source
        assert f"refreshed {source}:" in output



"""The Dagster UI driven in headless Chromium, offline on the sample, as a user would: a 3-day backfill launched
from the ingest job's partitions dialog runs, the build follows it, the published marts are replaced, and the raw
snapshots' partitions page shows the days stored as materialized, with their row counts, and the days the archive
lacks as missing."""

import datetime as dt
import os
import re
import shutil
import time

import dagster as dg
import duckdb
import pytest

from replay.server import ReplayHub
from orchestration.calendar import utc_today
from orchestration.partitions import FIRST_DAY
from orchestration.settings import REPO_ROOT, warehouse_paths
from tests.browser import chromium, needs_chromium
from tests.ui_process import free_port, printed_environment, start_ui, stop_ui, wait_for_webserver

pytestmark = needs_chromium
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    """`atom ui --sample` with the repository's Dagster instance settings, on a warehouse of its own."""
    home = tmp_path_factory.mktemp("ui")
    dagster_home = home / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", dagster_home)
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home), "ATOM_HOME": str(home / "warehouse")}
    log = home / "ui.log"
    process = start_ui(env, port, log)
    try:
        printed_environment(process, log)
        wait_for_webserver(port)
        yield f"http://127.0.0.1:{port}", dagster_home, home / "warehouse"
    finally:
        stop_ui(process)


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def button(browser, text: str, within: str = "body", timeout: float = 60):
    """The button labelled `text`, once the page shows it."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def found(driver):
        return next((b for b in driver.find_elements(By.CSS_SELECTOR, f"{within} button") if b.text.strip() == text),
                    None)

    # The UI re-renders as its queries answer: a button found a moment ago may be replaced by the time it is read.
    return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(found)


def dismiss_welcome(browser) -> None:
    """The UI's one-time community dialog, if it shows."""
    from selenium.common.exceptions import TimeoutException

    try:
        button(browser, "Skip", timeout=5).click()
    except TimeoutException:
        pass


def body_text(browser) -> str:
    from selenium.webdriver.common.by import By

    return browser.find_element(By.CSS_SELECTOR, "body").text


def wait_for_runs(dagster_home, jobs: set[str], timeout: float = 900) -> dict[str, dg.DagsterRun]:
    """The first run of each job, once every one of them has ended."""
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        deadline = time.monotonic() + timeout
        while True:
            runs = {record.dagster_run.job_name: record.dagster_run for record in instance.get_run_records()}
            if jobs <= set(runs) and all(runs[job].is_finished for job in jobs):
                return runs
            assert time.monotonic() < deadline, f"runs not finished: {[(r.job_name, r.status) for r in runs.values()]}"
            time.sleep(2)


def test_a_backfill_launched_from_the_partitions_dialog_shows_the_days_stored_and_the_days_missing(ui, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    url, dagster_home, warehouse = ui
    archive = set(ReplayHub.from_sample().archive_dates)
    # A weekly archive day and the two days after it, which the archive does not hold.
    first = max(day for day in archive if day + dt.timedelta(days=1) not in archive
                and day + dt.timedelta(days=2) not in archive)
    days = [first + dt.timedelta(days=offset) for offset in range(3)]

    browser.get(f"{url}/locations/atom/jobs/ingest/partitions")
    dismiss_welcome(browser)
    button(browser, "Materialize…").click()
    button(browser, "Show all partitions", "[role=dialog]").click()
    selection = browser.find_element(By.CSS_SELECTOR, "[role=dialog] input[type=text]")
    selection.click()
    selection.send_keys(f"[{days[0]}...{days[-1]}]", Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda driver: "3 partitions" in body_text(driver))
    launched_at = dt.datetime.now(dt.timezone.utc)
    button(browser, "Launch backfill", "[role=dialog]").click()

    runs = wait_for_runs(dagster_home, {"ingest", "build_marts"})
    assert runs["ingest"].status == dg.DagsterRunStatus.SUCCESS
    assert runs["ingest"].tags["dagster/asset_partition_range_start"] == days[0].isoformat()
    assert runs["ingest"].tags["dagster/asset_partition_range_end"] == days[-1].isoformat()
    assert runs["build_marts"].status == dg.DagsterRunStatus.SUCCESS
    paths = warehouse_paths(warehouse)
    with duckdb.connect(str(paths.published), read_only=True) as conn:
        (published_at,) = conn.execute("select published_at from main.publication").fetchone()
        published_days = conn.execute("select distinct date from marts.model_downloads_daily").fetchall()
    assert published_at.replace(tzinfo=dt.timezone.utc) > launched_at
    assert published_days == [(first,)]
    with duckdb.connect(str(paths.warehouse), read_only=True) as conn:
        (rows_stored,) = conn.execute(
            "select count(*) from raw.hf_model_snapshots where snapshot_date = ?", [first]
        ).fetchone()

    # The partitions page counts one day materialized and every other day of the calendar missing.
    partitions = (utc_today() - dt.date.fromisoformat(FIRST_DAY)).days + 1
    browser.get(f"{url}/assets/raw/hf_model_snapshots?view=partitions")
    WebDriverWait(browser, 60).until(lambda driver: "Materialized (1)" in body_text(driver))
    text = body_text(browser)
    assert f"Missing ({partitions - 1})" in text
    assert "Failed (0)" in text
    # Left with the materialized days only, the list names the day stored, and nothing else.
    browser.find_element(By.XPATH, "//label[starts-with(normalize-space(.), 'Missing (')]").click()
    WebDriverWait(browser, 30).until(lambda driver: "1 Partitions Selected" in body_text(driver)
                                     or "1 Partition Selected" in body_text(driver))
    listed = body_text(browser).split("Missing (", 1)[1].split("No partition selected", 1)[0]
    assert [line for line in listed.splitlines() if DAY.match(line)] == [first.isoformat()]
    # The day's own page shows its row count.
    browser.find_element(By.XPATH, f"//span[normalize-space(text())='{first}']").click()
    WebDriverWait(browser, 30).until(lambda driver: "rows_stored" in body_text(driver))
    detail = body_text(browser).split("rows_stored", 1)[1].split()
    assert detail[0] == str(rows_stored) and detail[1:3] == ["read_from", "archive"]

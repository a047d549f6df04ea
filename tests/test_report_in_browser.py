"""The written report opened in headless Chromium: every figure is drawn by Plotly, the console stays clean, and the
page asks for nothing but its own files."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from report.figures import build_report
from tests.report_marts import write_marts

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER), reason="needs chromium and chromium-driver (apt-get install chromium chromium-driver)"
)


@pytest.fixture
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     # Any host name fails to resolve, so a request for anything but a file could not succeed unseen.
                     "--host-resolver-rules=MAP * ~NOTFOUND"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_every_figure_is_drawn_offline_with_a_clean_console(tmp_path, browser):
    from selenium.webdriver.support.ui import WebDriverWait

    report = build_report(str(write_marts(tmp_path / "published.duckdb")), generated_at=dt.datetime(2025, 5, 1))
    report.write(tmp_path / "report")
    drawn = [figure.slug for figure in report.figures if not figure.is_empty]
    assert len(drawn) >= 10

    browser.get((tmp_path / "report" / "index.html").as_uri())
    WebDriverWait(browser, 30).until(
        lambda driver: driver.execute_script(
            "return Array.from(document.querySelectorAll('div.chart'))"
            ".every(div => div.querySelector('svg.main-svg') !== null)"
        )
    )
    charts = browser.execute_script("return Array.from(document.querySelectorAll('div.chart')).map(div => div.id)")
    assert charts == [f"chart-{slug}" for slug in drawn]
    for slug in drawn:
        assert browser.execute_script(f"return document.querySelectorAll('#chart-{slug} svg.main-svg').length") >= 1
    # Both downloads are on each chart's modebar: Plotly's PNG and the SVG button beside it.
    titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('#chart-cumulative-downloads-by-region .modebar-btn'))"
        ".map(button => button.getAttribute('data-title'))"
    )
    assert "Download plot as a PNG" in titles and "Download plot as SVG" in titles
    assert not any(title.startswith("Share chart") for title in titles), "nothing offers an upload"

    console = browser.get_log("browser")
    assert [entry for entry in console if entry["level"] in ("SEVERE", "WARNING")] == []
    requested = [
        message["params"]["request"]["url"]
        for message in (json.loads(entry["message"])["message"] for entry in browser.get_log("performance"))
        if message["method"] == "Network.requestWillBeSent"
    ]
    assert requested, "the performance log recorded the page's requests"
    assert [url for url in requested if not url.startswith("file://")] == []
    assert any(url.endswith("/report/plotly.min.js") for url in requested)

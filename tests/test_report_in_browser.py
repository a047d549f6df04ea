"""The written report opened in headless Chromium: every figure is drawn by Plotly, the console stays clean, and the
page asks for nothing but its own files."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from report.figures import build_report
from tests.browser import chromium, needs_chromium
from tests.report_marts import write_marts

pytestmark = needs_chromium


@pytest.fixture
def browser():
    # Any host name fails to resolve, so a request for anything but a file could not succeed unseen.
    with chromium("--host-resolver-rules=MAP * ~NOTFOUND") as driver:
        yield driver


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

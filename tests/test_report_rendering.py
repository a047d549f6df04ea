"""Tests for the standard-library report renderer: SVG charts, number helpers and the HTML page."""

from __future__ import annotations

import base64
import datetime
import math
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from report.charts import human_number, line_chart_svg, nice_ticks
from report.page import Section, render_report, svg_data_uri

NS = {"svg": "http://www.w3.org/2000/svg"}


def _monthly(start: datetime.date, values: list[float]) -> list[tuple[datetime.date, float]]:
    points = []
    year, month = start.year, start.month
    for value in values:
        points.append((datetime.date(year, month, 1), value))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return points


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _polylines(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:polyline", NS)


def _all_text(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


def _points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polyline.get("points").split()]


# --- helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, "0"),
        (7, "7"),
        (12.5, "12.5"),
        (999, "999"),
        (1_200, "1.2K"),
        (1_000, "1K"),
        (3_400_000, "3.4M"),
        (1_150_000_000, "1.15B"),
        (999_999, "1M"),
        (-2_500, "-2.5K"),
        (0.25, "0.25"),
        (0.025, "0.025"),
    ],
)
def test_human_number(value, expected):
    assert human_number(value) == expected


@pytest.mark.parametrize("max_value", [1, 7, 10, 0.3, 0.042, 13, 99, 101, 1234, 987_654, 1.15e9, 5e-7])
def test_nice_ticks_round_increasing_and_covering(max_value):
    ticks = nice_ticks(max_value)
    assert ticks[0] == 0
    assert ticks[-1] >= max_value
    assert all(b > a for a, b in zip(ticks, ticks[1:]))
    assert 3 <= len(ticks) <= 8
    steps = {round(b - a, 12) for a, b in zip(ticks, ticks[1:])}
    step = ticks[1] - ticks[0]
    assert max(steps) - min(steps) <= step * 1e-6, "ticks are evenly spaced"
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5)), f"step {step} is not round"
    # The top tick should not overshoot wildly, otherwise the data is squashed.
    assert ticks[-2] < max_value


def test_nice_ticks_exact_values_and_degenerate_input():
    assert nice_ticks(100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(0.3) == pytest.approx([0, 0.1, 0.2, 0.3])
    assert nice_ticks(0.3)[-1] >= 0.3
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(-5) == [0, 1]
    assert nice_ticks(float("nan")) == [0, 1]


# --- chart -------------------------------------------------------------------


def test_chart_one_polyline_per_non_empty_series_with_point_counts():
    series = {
        "china": _monthly(datetime.date(2023, 1, 1), [10, 20, 40, 80, 160, 320]),
        "us": _monthly(datetime.date(2023, 3, 1), [100, 90, 80]),
        "eu": [],
        "other": [(datetime.date(2023, 2, 1), 5.0), (datetime.date(2023, 6, 1), float("nan"))],
    }
    root = _parse(line_chart_svg(series, title="Downloads", y_label="downloads"))
    lines = _polylines(root)
    assert [pl.get("data-series") for pl in lines] == ["china", "us", "other"]
    assert [len(_points(pl)) for pl in lines] == [6, 3, 1]
    colors = {pl.get("data-series"): pl.get("stroke") for pl in lines}
    assert colors["china"] == "#d62728"
    assert colors["us"] == "#1f77b4"
    assert colors["other"] == "#9467bd"


def test_chart_points_are_ordered_in_x_and_scaled_in_y():
    # Deliberately unordered input: the line must still go left to right.
    data = [(datetime.date(2024, 3, 1), 30.0), (datetime.date(2024, 1, 1), 10.0), (datetime.date(2024, 2, 1), 20.0)]
    root = _parse(line_chart_svg({"x": data}, title="t", y_label="y"))
    (pl,) = _polylines(root)
    pts = _points(pl)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    assert xs == sorted(xs) and len(set(xs)) == 3
    # SVG y grows downward, so increasing values mean decreasing y.
    assert ys[0] > ys[1] > ys[2]
    # Evenly spaced values stay evenly spaced (linear scale).
    assert ys[0] - ys[1] == pytest.approx(ys[1] - ys[2], abs=0.2)


def test_legend_names_present_in_dict_order():
    series = {
        "unknown": _monthly(datetime.date(2024, 1, 1), [1, 2]),
        "eu": _monthly(datetime.date(2024, 1, 1), [3, 4]),
        "Zeta org": _monthly(datetime.date(2024, 1, 1), [5, 6]),
        "china": _monthly(datetime.date(2024, 1, 1), [7, 8]),
    }
    root = _parse(line_chart_svg(series, title="t", y_label="y"))
    items = root.findall(".//svg:g[@class='legend-item']", NS)
    assert [item.get("data-series") for item in items] == list(series)
    legend_texts = ["".join(item.find("svg:text", NS).itertext()) for item in items]
    assert legend_texts == list(series)
    # A non-region series gets a palette colour, not one of the reserved region colours.
    zeta = next(pl for pl in _polylines(root) if pl.get("data-series") == "Zeta org")
    assert zeta.get("stroke") not in {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#7f7f7f"}


def test_custom_colors_override_defaults():
    root = _parse(
        line_chart_svg({"china": _monthly(datetime.date(2024, 1, 1), [1, 2])}, title="t", y_label="y",
                       colors={"china": "#000000"})
    )
    assert _polylines(root)[0].get("stroke") == "#000000"


def test_text_is_escaped():
    evil = "<script>alert('x')</script>"
    svg = line_chart_svg(
        {"<script>": _monthly(datetime.date(2024, 1, 1), [1, 2, 3]), 'a & "b"': []},
        title="Tom & Jerry <b>",
        y_label="<y>",
    )
    root = _parse(svg)
    assert not list(root.iter("script")) and not list(root.iter("{http://www.w3.org/2000/svg}script"))
    assert not list(root.iter("{http://www.w3.org/2000/svg}b"))
    texts = _all_text(root)
    assert "<script>" in texts
    assert "Tom & Jerry <b>" in texts
    assert "<y>" in texts
    assert 'a & "b" (no data)' in texts
    assert "<script>" not in svg.replace("&lt;script&gt;", "")
    assert evil not in svg


def test_y_axis_labels_are_human_readable_and_start_at_zero():
    series = {"china": _monthly(datetime.date(2024, 1, 1), [2e8, 6e8, 1.15e9])}
    root = _parse(line_chart_svg(series, title="t", y_label="y"))
    y_labels = ["".join(t.itertext()) for t in root.findall(".//svg:g[@class='y-axis']/svg:text", NS)]
    assert y_labels[0] == "0"
    assert all(label[-1] in "0123456789KMB" for label in y_labels)
    assert any(label.endswith("B") for label in y_labels)
    assert not any("e+" in label or len(label) > 6 for label in y_labels)


def test_x_axis_has_at_most_twelve_month_labels_for_long_series():
    # Eight years of monthly points, with a few months missing.
    points = [p for i, p in enumerate(_monthly(datetime.date(2018, 1, 1), list(range(96)))) if i % 7 != 3]
    root = _parse(line_chart_svg({"us": points}, title="t", y_label="y"))
    ticks = root.findall(".//svg:text[@class='x-tick']", NS)
    assert 2 <= len(ticks) <= 12
    assert len(_points(_polylines(root)[0])) == len(points)
    labels = ["".join(t.itertext()) for t in ticks]
    assert all(label.isdigit() and len(label) == 4 for label in labels), labels


def test_x_axis_shows_months_and_years_for_short_series():
    series = {"eu": _monthly(datetime.date(2023, 11, 1), [1, 2, 3, 4, 5])}
    root = _parse(line_chart_svg(series, title="t", y_label="y"))
    months = ["".join(t.itertext()) for t in root.findall(".//svg:text[@class='x-tick']", NS)]
    years = ["".join(t.itertext()) for t in root.findall(".//svg:text[@class='x-tick-year']", NS)]
    assert months == ["Nov", "Dec", "Jan", "Feb", "Mar"]
    assert years == ["2023", "2024"]


def test_irregular_dates_are_placed_proportionally_in_time():
    data = [(datetime.date(2024, 1, 1), 1.0), (datetime.date(2024, 2, 1), 1.0), (datetime.date(2024, 12, 1), 1.0)]
    (pl,) = _polylines(_parse(line_chart_svg({"x": data}, title="t", y_label="y")))
    xs = [p[0] for p in _points(pl)]
    # Jan->Feb is 31 days, Feb->Dec is 304 days.
    assert (xs[2] - xs[1]) / (xs[1] - xs[0]) == pytest.approx(304 / 31, rel=0.02)


def test_empty_series_draws_no_data():
    for series in ({}, {"china": [], "us": []}):
        svg = line_chart_svg(series, title="Empty", y_label="y")
        root = _parse(svg)
        assert _polylines(root) == []
        assert "no data" in _all_text(root)


def test_single_point_is_drawn_inside_plot():
    root = _parse(
        line_chart_svg({"china": [(datetime.date(2024, 5, 17), 42.0)]}, title="One", y_label="y", width=600, height=300)
    )
    (pl,) = _polylines(root)
    ((x, y),) = _points(pl)
    assert 0 < x < 600 and 0 < y < 300
    assert len(root.findall(".//svg:circle", NS)) == 1
    assert "May" in ["".join(t.itertext()) for t in root.findall(".//svg:text[@class='x-tick']", NS)]


def test_points_within_one_month_still_get_a_tick():
    data = [(datetime.date(2024, 5, 10), 1.0), (datetime.date(2024, 5, 20), 2.0)]
    root = _parse(line_chart_svg({"x": data}, title="t", y_label="y"))
    assert len(root.findall(".//svg:text[@class='x-tick']", NS)) >= 1


def test_negative_values_extend_the_axis_below_zero():
    root = _parse(line_chart_svg({"net": _monthly(datetime.date(2024, 1, 1), [-30, 10, 50])}, title="t", y_label="y"))
    y_labels = ["".join(t.itertext()) for t in root.findall(".//svg:g[@class='y-axis']/svg:text", NS)]
    assert y_labels[0].startswith("-") and "0" in y_labels


# --- page --------------------------------------------------------------------


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._in_td = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_td = tag == "td"
        if tag == "td":
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_td = False

    def handle_data(self, data):
        if self._in_td:
            self.cells[-1] += data


def _page(**overrides) -> str:
    svg = line_chart_svg({"china": _monthly(datetime.date(2024, 1, 1), [1, 2, 3])}, title="Chart A", y_label="y")
    kwargs = dict(
        title="ATOM <Report>",
        generated_at="2026-04-01T00:00:00Z",
        sections=[
            Section(
                heading="Downloads & share",
                description="First paragraph.\n\nSecond <i>paragraph</i>.",
                svg=svg,
                table_rows=[
                    {"region": "<script>alert(1)</script>", "downloads": 1234567, "share": 0.4213},
                    {"region": "us & eu", "downloads": 10.0, "note": 'say "hi"'},
                ],
                source_line="Source: Hugging Face Hub API <https://huggingface.co>",
            ),
            Section(heading="Second", description="", svg=svg),
        ],
        notices=["This is a reconstructed sample, not observed history."],
    )
    kwargs.update(overrides)
    return render_report(**kwargs)


def test_page_is_self_contained_html5_with_notice_first():
    page = _page()
    assert page.lstrip().lower().startswith("<!doctype html>")
    notice = "This is a reconstructed sample, not observed history."
    assert notice in page
    # The notice sits above the first section so no reader misses it.
    assert page.index(notice) < page.index("Downloads &amp; share")
    assert 'class="notices"' in page
    collector = _TagCollector()
    collector.feed(page)
    assert "script" not in collector.tags
    assert "link" not in collector.tags
    assert "<img" not in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page.replace("&lt;https://huggingface.co&gt;", "")
    assert collector.tags.count("svg") == 2
    assert collector.tags.count("section") == 2


def test_page_escapes_table_values_and_text():
    page = _page()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "us &amp; eu" in page
    assert "say &quot;hi&quot;" in page
    assert "<i>" not in page
    assert "ATOM &lt;Report&gt;" in page
    collector = _TagCollector()
    collector.feed(page)
    # Columns are the union of keys in first-seen order; missing values are blank.
    assert collector.cells == ["<script>alert(1)</script>", "1,234,567", "0.4213", "", "us & eu", "10", "", 'say "hi"']
    assert "Source: Hugging Face Hub API" in page


def test_page_without_notices_or_tables():
    page = _page(notices=[], sections=[Section(heading="Only", description="d", svg="<svg xmlns='http://www.w3.org/2000/svg'/>")])
    assert 'class="notices"' not in page
    assert "<table" not in page
    assert "<svg" in page


def test_svg_data_uri_round_trips():
    svg = line_chart_svg({"china ü": _monthly(datetime.date(2024, 1, 1), [1, 2])}, title="Ünïcode & co", y_label="y")
    uri = svg_data_uri(svg)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix):], validate=True).decode("utf-8") == svg

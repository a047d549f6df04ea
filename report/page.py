"""The report page: its figures' sections rendered from the Jinja2 template, and the folder it is written to."""

from __future__ import annotations

import csv
from pathlib import Path

import jinja2
import plotly.io
import plotly.offline
from markupsafe import Markup

from orchestration.publication.folders import built_beside
from report.figure import LABEL_MEANINGS, NO_DATA_NOTE, Figure

PLOTLY_JS = "plotly.min.js"


def _environment() -> jinja2.Environment:
    """The template environment, autoescaping every value the marts put on the page."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )


def chart_json(figure: Figure) -> Markup:
    """The figure's Plotly JSON, safe inside a script element (no "</script>" can close it early)."""
    text = plotly.io.to_json(figure.chart, validate=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_page(
    *, title: str, generated_at: str, figures: list[Figure], notices: list[str], settings: list[str]
) -> str:
    """The whole report page: the settings it was built with, notices, contents, and one section per figure with
    its chart, mart, CSV and source."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        generated_at=generated_at,
        notices=notices,
        settings=settings,
        figures=figures,
        charts={figure.slug: chart_json(figure) for figure in figures if not figure.is_empty},
        label_meanings=LABEL_MEANINGS,
        no_data_note=NO_DATA_NOTE,
    )


def write_csv(figure: Figure, path: Path) -> None:
    """The rows the figure draws, under its column names."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(figure.columns)
        writer.writerows(figure.rows)


def write_report_folder(html: str, figures: list[Figure], folder: Path) -> None:
    """Replace `folder` with index.html, plotly.min.js and data/<slug>.csv, built beside it and swapped in whole."""
    with built_beside(folder) as staging:
        (staging / "data").mkdir()
        for figure in figures:
            write_csv(figure, staging / figure.csv_path)
        (staging / PLOTLY_JS).write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
        (staging / "index.html").write_text(html, encoding="utf-8")

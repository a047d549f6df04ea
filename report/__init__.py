"""Dependency-free renderer for the warehouse's static HTML report (SVG line charts and one self-contained page)."""

from report.charts import human_number, line_chart_svg, nice_ticks
from report.page import Section, render_report, svg_data_uri

__all__ = [
    "Section",
    "human_number",
    "line_chart_svg",
    "nice_ticks",
    "render_report",
    "svg_data_uri",
]

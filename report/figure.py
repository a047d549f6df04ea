"""One figure of the report: what it shows, where its data comes from, the rows it draws and its Plotly chart."""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

MADE_UP = "MADE-UP"
RECONSTRUCTED = "RECONSTRUCTED"
# What a label means, printed beside it in the figure's section.
LABEL_MEANINGS = {
    MADE_UP: "made-up sample data in the source's real shapes, not the source's numbers",
    RECONSTRUCTED: "the sample's Hub history is reconstructed backwards from one snapshot's counters, not observed",
}
NO_DATA_NOTE = "No data yet: the mart holds no rows for this figure; it is drawn once a refresh fills it."


@dataclass(frozen=True)
class Figure:
    """A report figure: a stable slug (its anchor and CSV name), heading, description, source line, label, the mart it reads, its CSV rows and its chart."""

    slug: str
    heading: str
    description: str
    mart: str
    source_line: str
    columns: list[str]
    rows: list[tuple]
    chart: go.Figure | None
    label: str | None = None
    # Rows shown as a table under the chart, when a figure is best read as a list (the top models).
    table_columns: list[str] = field(default_factory=list)
    table_rows: list[tuple] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Whether the mart gave the figure nothing to draw."""
        return not self.rows

    @property
    def csv_path(self) -> str:
        """Where the figure's rows are written, relative to the report's index.html."""
        return f"data/{self.slug}.csv"


def line_chart(
    series: dict[str, list[tuple]],
    *,
    y_title: str,
    x_title: str = "Month",
    log_y: bool = False,
    colors: dict[str, str] | None = None,
) -> go.Figure:
    """One line per named series of (x, y) points, with the report's layout."""
    chart = go.Figure()
    for name, points in series.items():
        color = (colors or {}).get(name)
        chart.add_trace(
            go.Scatter(
                x=[x for x, _ in points],
                y=[y for _, y in points],
                mode="lines+markers",
                name=name,
                line={"color": color} if color else None,
            )
        )
    return styled(chart, y_title=y_title, x_title=x_title, log_y=log_y)


def styled(chart: go.Figure, *, y_title: str, x_title: str, log_y: bool = False) -> go.Figure:
    """The report's common layout: titled axes, a legend beneath the plot, hover across the series."""
    chart.update_layout(
        template="plotly_white",
        height=440,
        margin={"l": 60, "r": 20, "t": 20, "b": 40},
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.15},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    if log_y:
        chart.update_yaxes(type="log")
    return chart


def ordered(series: dict[str, list], order: list[str]) -> dict[str, list]:
    """The series in the given order of names, any others after them in their own order."""
    first = {name: series[name] for name in order if name in series}
    return first | {name: points for name, points in series.items() if name not in first}

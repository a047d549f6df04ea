"""The report's performance figures: each region's best open model against the best closed one, on the Arena and on
Artificial Analysis's intelligence index."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import plotly.graph_objects as go

from report.figure import Figure, styled
from report.hub import REGION_COLORS, REGION_ORDER

BEST_CLOSED = "best closed model"
COLUMNS = [
    "period", "region", "best_open_model", "best_open_source_name", "best_open_score", "best_closed_model",
    "best_closed_score",
]


def _best_scores(conn: duckdb.DuckDBPyConnection, benchmark: str) -> list[tuple]:
    """Each period's and region's best open model and the best closed model then, for one benchmark."""
    return conn.execute(
        f"""
        select {", ".join(COLUMNS)}
        from marts.performance_best_open_by_region
        where benchmark = ?
        order by period, region
        """,
        [benchmark],
    ).fetchall()


def _open_against_closed(rows: list[tuple], y_title: str, x_title: str) -> go.Figure:
    """One line of best open scores per region and one of the best closed score, the model's name in the hover."""
    by_region: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_region[row[1]].append(row)
    regions = [r for r in REGION_ORDER if r in by_region] + [r for r in by_region if r not in REGION_ORDER]
    chart = go.Figure()
    for region in regions:
        points = by_region[region]
        chart.add_trace(
            go.Scatter(
                name=f"best open ({region})",
                x=[row[0] for row in points],
                y=[row[4] for row in points],
                # An Artificial Analysis model whose weights are not on the Hub has no repo: its own name stands.
                text=[row[2] or row[3] for row in points],
                mode="lines+markers",
                line={"color": REGION_COLORS.get(region)},
                hovertemplate="%{text}: %{y:.1f}",
            )
        )
    # Every region's row of a period names the same closed model: one point per period.
    closed = {row[0]: (row[5], row[6]) for row in rows if row[6] is not None}
    chart.add_trace(
        go.Scatter(
            name=BEST_CLOSED,
            x=list(closed),
            y=[score for _, score in closed.values()],
            text=[name for name, _ in closed.values()],
            mode="lines+markers",
            line={"color": "#000000", "dash": "dash"},
            hovertemplate="%{text}: %{y:.1f}",
        )
    )
    return styled(chart, y_title=y_title, x_title=x_title)


def arena_best_open_against_closed(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Each region's best open model's Arena rating against the best closed model's, on every publish date."""
    rows = _best_scores(conn, "arena_text_overall")
    span = f"publish dates {rows[0][0]} to {rows[-1][0]}" if rows else "no publish dates yet"
    return Figure(
        slug="arena-best-open-against-closed",
        heading="Best open model against the best closed model, by region (Arena)",
        description=(
            "On each Arena publish date, the overall text rating of each region's best open-weight model against "
            "the best closed model's (ratings compare only within one publish date). A model is open-weight when it "
            "maps to a Hugging Face repo, by name or by the benchmark_model_aliases seed; "
            "marts.performance_unmatched_models lists the names counted as closed, and the mart holds the other "
            "Arena categories too."
        ),
        mart="marts.performance_best_open_by_region",
        source_line=f"Source: LMArena text leaderboard (lmarena.ai, data CC BY 4.0), {span}.",
        columns=COLUMNS,
        rows=rows,
        chart=_open_against_closed(rows, "Arena rating", "Publish date"),
    )


def intelligence_index_best_open_against_closed(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Each region's best open model's Artificial Analysis intelligence index against the best closed model's, on
    each day the leaderboard was read."""
    rows = _best_scores(conn, "aa_intelligence_index")
    span = f"read daily from {rows[0][0]} to {rows[-1][0]}" if rows else "not read yet"
    return Figure(
        slug="intelligence-index-best-open-against-closed",
        heading="Best open model against the best closed model, by region (Artificial Analysis)",
        description=(
            "On each day Artificial Analysis's leaderboard was read, the intelligence index of each region's best "
            "open-weight model (open as Artificial Analysis lists it) against the best closed model's. The index is "
            "re-based from time to time, so each day stands alone (benchmark aa_intelligence_index)."
        ),
        mart="marts.performance_best_open_by_region",
        source_line=f"Source: Artificial Analysis (artificialanalysis.ai), {span}.",
        columns=COLUMNS,
        rows=rows,
        chart=_open_against_closed(rows, "Intelligence index", "Day read"),
    )

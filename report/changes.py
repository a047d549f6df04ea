"""What changed in the latest complete week: the report's first section, the text `atom changes` prints, and the
line that says how the monthly marts treat download spikes."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go

from orchestration.warehouse import table_exists
from report.figure import Figure, styled
from report.hub import HUB_CREDIT, REGION_COLORS

CHANGES_MART = "marts.changes_weekly"
# Each section's heading, in the mart's section order.
SECTION_TITLES = {
    "top10_entered": "Entered the top 10 of the month so far",
    "top10_left": "Left the top 10 of the month so far",
    "gainer": "Biggest gainers: 7-day downloads against the mean of the three weeks before (bases of 100 a day or more)",
    "region_share": "Share of tracked downloads by region",
    "org_share": "Share of tracked downloads of the leading orgs",
    "new_release": "New tracked releases and their latest Relative Adoption Metric",
    "derived_base_entered": "New among the 10 most derived base models",
}
COLUMNS = [
    "week_start", "week_end", "previous_week_start", "previous_week_end", "section", "position", "subject",
    "rank_now", "rank_before", "value_now", "value_before", "change", "detail", "source_mart",
]


def change_rows(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every line of changes_weekly in section order, under COLUMNS."""
    if not table_exists(conn, "marts", "changes_weekly"):
        return []
    return conn.execute(
        f"select {', '.join(COLUMNS)} from {CHANGES_MART} order by section_order, position, subject"
    ).fetchall()


def weeks_compared(row: tuple) -> str:
    """The two weeks a line compares, as the section's subtitle."""
    return f"{row[0]} to {row[1]}, against {row[2]} to {row[3]}"


def weekly_changes(conn: duckdb.DuckDBPyConnection) -> Figure:
    """The report's first section: every line of what changed, with the region share moves drawn as bars."""
    rows = change_rows(conn)
    regions = [row for row in rows if row[4] == "region_share"]
    chart = go.Figure(
        go.Bar(
            x=[row[6] for row in regions],
            y=[row[11] for row in regions],
            marker_color=[REGION_COLORS.get(row[6], "#8c959f") for row in regions],
            name="share change",
        )
    )
    styled(chart, y_title="Share change (percentage points)", x_title="Region")
    week = f" ({weeks_compared(rows[0])})" if rows else ""
    return Figure(
        slug="what-changed-this-week",
        heading=f"What changed this week{week}",
        description=(
            "The latest complete week (Monday to Sunday) against the week before: models that entered or left the "
            "month's top 10 so far, the biggest gainers, each region's and the leading orgs' share moves, new tracked "
            "releases and new bases among the most derived. The bars are the regions' moves; every line names the "
            "mart its numbers come from."
        ),
        mart=CHANGES_MART,
        source_line=HUB_CREDIT,
        columns=COLUMNS,
        rows=rows,
        chart=chart,
        table_columns=["section", "subject", "what changed", "mart"],
        table_rows=[(SECTION_TITLES.get(row[4], row[4]), row[6], row[12], f"marts.{row[13]}") for row in rows],
    )


def changes_text(conn: duckdb.DuckDBPyConnection) -> str:
    """What changed, as `atom changes` prints it: the weeks, then each section with its mart and its lines."""
    rows = change_rows(conn)
    if not rows:
        return "no complete week in the published marts yet: run a refresh that covers at least two weeks\n"
    lines = [f"What changed: {weeks_compared(rows[0])}"]
    for section, title in SECTION_TITLES.items():
        found = [row for row in rows if row[4] == section]
        lines += ["", f"{title} (from marts.{found[0][13]})" if found else title]
        lines += [f"  {row[6]}: {row[12]}" for row in found] or ["  (none)"]
    return "\n".join(lines) + "\n"


def spike_setting(conn: duckdb.DuckDBPyConnection) -> str | None:
    """How the monthly marts treat download spikes, as the report states it under its title."""
    if not table_exists(conn, "marts", "model_downloads_monthly"):
        return None
    capped, kept = conn.execute(
        "select count(*) filter (where spikes_capped), count(*) filter (where not spikes_capped) "
        "from marts.model_downloads_monthly"
    ).fetchone()
    (spikes,) = conn.execute("select count(*) from marts.download_quality_flags where flag = 'spike'").fetchone()
    flagged = f"{spikes} model-day(s) flagged spike in marts.download_quality_flags"
    if capped and kept:
        return (
            f"Download spikes: {flagged}; the monthly marts were built partly with cap_download_spikes and partly "
            "without (rebuild them with atom backfill --full-refresh)."
        )
    if capped:
        return f"Download spikes: {flagged}; built with cap_download_spikes=true, so monthly downloads count each spike day only up to its bound."
    return f"Download spikes: {flagged}; built with cap_download_spikes=false, so monthly downloads include them."

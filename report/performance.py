"""The report's performance figures: how far each region's best open model trails the best closed one, on the
Arena and on Artificial Analysis's intelligence index."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import duckdb

from report.charts import line_chart_svg
from report.page import Section


def _gaps(conn: duckdb.DuckDBPyConnection, benchmark: str) -> list[tuple]:
    """(period, region, gap_to_closed, source) of one benchmark, where a closed model was scored too."""
    return conn.execute(
        """
        select period, region, gap_to_closed, source
        from marts.performance_best_open_by_region
        where benchmark = ? and gap_to_closed is not null
        order by period, region
        """,
        [benchmark],
    ).fetchall()


def _by_region(rows: list[tuple], region_order: list[str]) -> dict[str, list[tuple[dt.date, float]]]:
    """The gaps as one line per region, in the report's region order."""
    series: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for period, region, gap, *_ in rows:
        series[region].append((period, float(gap)))
    return {region: series[region] for region in region_order if region in series}


def arena_gap_by_region(conn: duckdb.DuckDBPyConnection, region_order: list[str]) -> Section:
    """Each region's best open model's Arena rating minus the best closed model's, on every publish date."""
    rows = _gaps(conn, "arena_text_overall")
    first, last = conn.execute(
        "select min(period), max(period) from marts.performance_best_open_by_region "
        "where benchmark = 'arena_text_overall'"
    ).fetchone()
    span = f"publish dates {first} to {last}" if first else "no publish dates yet"
    return Section(
        heading="Best open model against the best closed model, by region (Arena)",
        description=(
            "On each Arena publish date, the rating of each region's best open-weight model minus the rating of "
            "the best closed model (0 = level with it; ratings compare only within one publish date). A model is "
            "open-weight when it maps to a Hugging Face repo, by name or by the benchmark_model_aliases seed; "
            "marts.performance_unmatched_models lists the names counted as closed, and "
            "marts.performance_best_open_by_region holds the models, the Artificial Analysis indexes and the "
            "other Arena categories."
        ),
        svg=line_chart_svg(
            _by_region(rows, region_order), title="Best open model's Arena rating minus the best closed model's",
            y_label="Rating points", x_label="Publish date",
        ),
        source_line=f"Source: LMArena text leaderboard (lmarena.ai, data CC BY 4.0), {span}.",
    )


def intelligence_index_gap_by_region(conn: duckdb.DuckDBPyConnection, region_order: list[str]) -> Section:
    """Each region's best open model's Artificial Analysis intelligence index minus the best closed model's, on each
    day the leaderboard was read."""
    rows = _gaps(conn, "aa_intelligence_index")
    span = f"read daily from {rows[0][0]} to {rows[-1][0]}" if rows else "not read yet"
    return Section(
        heading="Best open model against the best closed model, by region (Artificial Analysis)",
        description=(
            "On each day Artificial Analysis's leaderboard was read, the intelligence index of each region's best "
            "open-weight model (as Artificial Analysis lists it) minus the best closed model's; the index is "
            "re-based from time to time, so each day stands alone (marts.performance_best_open_by_region, "
            "benchmark aa_intelligence_index)."
        ),
        svg=line_chart_svg(
            _by_region(rows, region_order), title="Best open model's intelligence index minus the best closed model's",
            y_label="Index points", x_label="Day read",
        ),
        source_line=f"Source: Artificial Analysis (artificialanalysis.ai), {span}.",
    )

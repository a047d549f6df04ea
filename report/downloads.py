"""The report's Hub-download figures by region and by family, and the top models of the last complete month."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import plotly.graph_objects as go

from report.figure import Figure, line_chart, ordered, styled
from report.hub import HUB_CREDIT, REGION_COLORS, REGION_ORDER, reconstructed_label

# Families beyond these many (by cumulative downloads in the last month) are drawn together as one line.
FAMILIES_DRAWN = 6
OTHER_FAMILIES = "other families"
# The paper's crossover: the month Qwen's cumulative downloads passed Llama's.
CROSSOVER = ("qwen", "llama")


def cumulative_downloads_by_region(conn: duckdb.DuckDBPyConnection) -> Figure:
    """The paper's first figure: cumulative downloads by region at each month's end."""
    rows = conn.execute(
        """
        select month, region, cumulative_downloads, share_of_cumulative, provenance
        from marts.downloads_by_region_monthly
        order by month, region
        """
    ).fetchall()
    series: dict[str, list] = defaultdict(list)
    for month, region, cumulative, *_ in rows:
        series[region].append((month, cumulative or 0))
    return Figure(
        slug="cumulative-downloads-by-region",
        heading="Cumulative downloads by region",
        description=(
            "Sum of the tracked models' all-time Hugging Face downloads at each month's end, by the region of "
            "the publishing organisation."
        ),
        mart="marts.downloads_by_region_monthly",
        source_line=HUB_CREDIT,
        columns=["month", "region", "cumulative_downloads", "share_of_cumulative", "provenance"],
        rows=rows,
        chart=line_chart(ordered(series, REGION_ORDER), y_title="Downloads", colors=REGION_COLORS),
        label=reconstructed_label(row[4] for row in rows),
    )


def monthly_share_by_region(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Each region's share of the tracked models' downloads within each complete month."""
    rows = conn.execute(
        """
        select month, region, share_of_downloads, provenance
        from marts.downloads_by_region_monthly
        where not is_partial_month and share_of_downloads is not null
        order by month, region
        """
    ).fetchall()
    series: dict[str, list] = defaultdict(list)
    for month, region, share, _ in rows:
        series[region].append((month, share * 100))
    return Figure(
        slug="share-of-monthly-downloads-by-region",
        heading="Share of monthly downloads by region",
        description=(
            "Each region's share (in percent) of the downloads the tracked models gained within a calendar month; "
            "the running month is left out until it is complete."
        ),
        mart="marts.downloads_by_region_monthly",
        source_line=HUB_CREDIT,
        columns=["month", "region", "share_of_downloads", "provenance"],
        rows=rows,
        chart=line_chart(ordered(series, REGION_ORDER), y_title="Percent", colors=REGION_COLORS),
        label=reconstructed_label(row[3] for row in rows),
    )


def cumulative_downloads_by_family(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Cumulative downloads of the largest families, Qwen and Llama among them, with the month Qwen passed Llama."""
    rows = conn.execute(
        f"""
        with latest as (
            select family, cumulative_downloads
            from marts.downloads_by_family_monthly
            where month = (select max(month) from marts.downloads_by_family_monthly)
        ),
        drawn as (
            (select family from latest order by cumulative_downloads desc, family limit {FAMILIES_DRAWN})
            union
            select family from latest where lower(family) in {CROSSOVER}
        ),
        grouped as (
            select
                month,
                case when family in (select family from drawn) then family else '{OTHER_FAMILIES}' end as family,
                sum(cumulative_downloads) as cumulative_downloads,
                -- 'reconstructed' sorts after 'observed': a line with any reconstructed row is labelled so.
                max(provenance) as provenance
            from marts.downloads_by_family_monthly
            group by all
        )
        select grouped.month, grouped.family, grouped.cumulative_downloads, crossovers.passed_family, grouped.provenance
        from grouped
        left join marts.family_crossovers as crossovers
            on crossovers.month = grouped.month
            and crossovers.family = grouped.family
            and lower(crossovers.family) = '{CROSSOVER[0]}'
            and lower(crossovers.passed_family) = '{CROSSOVER[1]}'
        order by grouped.month, grouped.family
        """
    ).fetchall()
    series: dict[str, list] = defaultdict(list)
    for month, family, cumulative, *_ in rows:
        series[family].append((month, cumulative or 0))
    latest = {family: points[-1][1] for family, points in series.items()}
    families = sorted(series, key=lambda name: (name == OTHER_FAMILIES, -latest[name], name))
    chart = line_chart({name: series[name] for name in families}, y_title="Downloads")
    crossings = [(month, family, passed) for month, family, _, passed, _ in rows if passed]
    for month, family, passed in crossings:
        chart.add_shape(type="line", x0=month, x1=month, y0=0, y1=1, yref="paper", line={"dash": "dot", "color": "#444"})
        chart.add_annotation(x=month, y=1, yref="paper", text=f"{family} passes {passed}", showarrow=False, yanchor="bottom")
    crossed = (
        "; the dotted line marks the month " + ", ".join(f"{f} passed {p} ({m:%Y-%m})" for m, f, p in crossings)
        if crossings
        else "; Qwen has not passed Llama in this history"
    )
    return Figure(
        slug="cumulative-downloads-by-family",
        heading="Cumulative downloads by family: Qwen against Llama",
        description=(
            f"Sum of the tracked models' all-time downloads at each month's end for the {FAMILIES_DRAWN} largest "
            f"families (Qwen and Llama always among them), the other families together as one line{crossed}."
        ),
        mart="marts.downloads_by_family_monthly and marts.family_crossovers",
        source_line=HUB_CREDIT,
        columns=["month", "family", "cumulative_downloads", "passed_family", "provenance"],
        rows=rows,
        chart=chart,
        label=reconstructed_label(row[4] for row in rows),
    )


def top_models_of_last_full_month(conn: duckdb.DuckDBPyConnection) -> Figure:
    """The ten most downloaded tracked models of the last complete month, as bars and as a table."""
    rows = conn.execute(
        """
        select month, rank, model_id, region, size_bucket, downloads, share_of_downloads, provenance
        from marts.top_models_monthly
        where month = (select max(month) from marts.top_models_monthly where not is_partial_month) and rank <= 10
        order by rank
        """
    ).fetchall()
    month = f"{rows[0][0]:%Y-%m}" if rows else "the last complete month"
    chart = go.Figure(
        go.Bar(
            x=[row[5] for row in rows],
            y=[row[2] for row in rows],
            orientation="h",
            marker={"color": [REGION_COLORS.get(row[3], "#7f7f7f") for row in rows]},
            name="downloads",
        )
    )
    styled(chart, y_title="", x_title="Downloads in the month")
    chart.update_layout(hovermode="closest", yaxis={"autorange": "reversed"}, margin={"l": 280})
    return Figure(
        slug="top-models-of-the-last-complete-month",
        heading=f"Top 10 models of {month}",
        description="The most downloaded tracked models of the last complete month, coloured by region.",
        mart="marts.top_models_monthly",
        source_line=HUB_CREDIT,
        columns=["month", "rank", "model_id", "region", "size_bucket", "downloads", "share_of_downloads", "provenance"],
        rows=rows,
        chart=chart,
        label=reconstructed_label(row[7] for row in rows),
        table_columns=["rank", "model", "region", "size", "downloads", "share"],
        table_rows=[(row[1], row[2], row[3], row[4], f"{row[5] or 0:,}", f"{row[6] or 0:.1%}") for row in rows],
    )

"""The report's organisation figures: the Western orgs, the new entrants, the leader against the field, and who
holds each size bucket."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import plotly.graph_objects as go

from report.figure import Figure, line_chart, styled
from report.hub import HUB_CREDIT, reconstructed_label, size_rank

# Lines beyond these many orgs would crowd the chart; the CSV holds exactly the orgs drawn.
ORGS_DRAWN = 8
# The orgs beside the largest ones in each size bucket, drawn as one remainder.
HOLDERS_DRAWN = 3
OTHER_ORGS = "other orgs"


def _monthly_org_lines(rows: list[tuple]) -> go.Figure:
    """(month, org, region, downloads, provenance) rows as one line per org, the most downloaded first."""
    series: dict[str, list] = defaultdict(list)
    for month, org, _region, downloads, _ in rows:
        series[org].append((month, downloads or 0))
    totals = {org: sum(value for _, value in points) for org, points in series.items()}
    return line_chart({org: series[org] for org in sorted(series, key=lambda o: (-totals[o], o))}, y_title="Downloads")


def _top_orgs_by_month(conn: duckdb.DuckDBPyConnection, mart: str, orgs: str = "true") -> list[tuple]:
    """(month, org, region, downloads, provenance) of the mart's ORGS_DRAWN most downloaded orgs among `orgs` (a SQL
    condition), over the complete months."""
    return conn.execute(
        f"""
        with drawn as (
            select org
            from {mart}
            where {orgs} and not is_partial_month
            group by org
            order by sum(downloads) desc, org
            limit {ORGS_DRAWN}
        )
        select month, org, region, downloads, provenance
        from {mart}
        where org in (select org from drawn) and not is_partial_month
        order by month, org
        """
    ).fetchall()


def western_org_monthly_downloads(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Monthly downloads of the most downloaded U.S. and European orgs over the complete months."""
    rows = _top_orgs_by_month(conn, "marts.downloads_by_org_monthly", "region in ('us', 'eu')")
    return Figure(
        slug="western-orgs-monthly-downloads",
        heading="Monthly downloads of the Western organisations",
        description=(
            f"Downloads within each complete month of the {ORGS_DRAWN} most downloaded organisations of the U.S. and "
            "Europe (regions us and eu), such as Meta, Google, Mistral and OpenAI."
        ),
        mart="marts.downloads_by_org_monthly",
        source_line=HUB_CREDIT,
        columns=["month", "org", "region", "downloads", "provenance"],
        rows=rows,
        chart=_monthly_org_lines(rows),
        label=reconstructed_label(row[4] for row in rows),
    )


def new_entrant_monthly_downloads(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Monthly downloads of the most downloaded orgs whose first tracked model is recent."""
    rows = _top_orgs_by_month(conn, "marts.new_entrants_monthly")
    return Figure(
        slug="new-entrants-monthly-downloads",
        heading="Monthly downloads of the new entrants",
        description=(
            f"Downloads within each complete month of the {ORGS_DRAWN} most downloaded organisations whose first "
            "tracked model was released on or after the new_entrants_since date (2025-01-01 by default)."
        ),
        mart="marts.new_entrants_monthly",
        source_line=HUB_CREDIT,
        columns=["month", "org", "region", "downloads", "provenance"],
        rows=rows,
        chart=_monthly_org_lines(rows),
        label=reconstructed_label(row[4] for row in rows),
    )


def leading_org_against_next_orgs(conn: duckdb.DuckDBPyConnection) -> Figure:
    """The paper's "Qwen against the next eight": the month's leading org against the next orgs together."""
    rows = conn.execute(
        """
        select month, leading_org, leading_org_downloads, next_orgs_counted, next_orgs_downloads, next_orgs, provenance
        from marts.leading_org_vs_next_orgs_monthly
        where not is_partial_month
        order by month
        """
    ).fetchall()
    counted = rows[-1][3] if rows else 8
    chart = line_chart(
        {
            "leading org": [(row[0], row[2] or 0) for row in rows],
            f"next {counted} orgs together": [(row[0], row[4] or 0) for row in rows],
        },
        y_title="Downloads",
    )
    # The leader can change from month to month: its name belongs in the hover, not in the legend.
    chart.data[0].update(text=[row[1] for row in rows], hovertemplate="%{text}: %{y:,}<extra>leading org</extra>")
    return Figure(
        slug="leading-org-against-the-next-orgs",
        heading=f"The leading organisation against the next {counted}",
        description=(
            f"Monthly downloads of the month's most downloaded organisation against the next {counted} "
            "organisations together, over the complete months."
        ),
        mart="marts.leading_org_vs_next_orgs_monthly",
        source_line=HUB_CREDIT,
        columns=["month", "leading_org", "leading_org_downloads", "next_orgs_counted", "next_orgs_downloads",
                 "next_orgs", "provenance"],
        rows=rows,
        chart=chart,
        label=reconstructed_label(row[6] for row in rows),
    )


def size_bucket_holders(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Each size bucket's largest orgs' shares of its cumulative downloads, stacked (DeepSeek's 250B+ share)."""
    found = conn.execute(
        f"""
        with latest as (
            select *
            from marts.org_share_by_size_bucket_monthly
            where month = (select max(month) from marts.org_share_by_size_bucket_monthly)
        ),
        ranked as (
            select
                *,
                row_number() over (partition by size_bucket order by cumulative_downloads desc, org) as place
            from latest
        )
        select
            month,
            size_bucket,
            case when place <= {HOLDERS_DRAWN} then org else '{OTHER_ORGS}' end as holder,
            case when place <= {HOLDERS_DRAWN} then region end as region,
            sum(cumulative_downloads) as cumulative_downloads,
            sum(share_of_bucket_cumulative) as share_of_bucket_cumulative,
            max(provenance) as provenance
        from ranked
        group by 1, 2, 3, 4
        order by size_bucket, holder = '{OTHER_ORGS}', cumulative_downloads desc, holder
        """
    ).fetchall()
    rows = sorted(found, key=lambda row: size_rank(row[1]))
    buckets = list(dict.fromkeys(row[1] for row in rows))
    holders = list(dict.fromkeys(row[2] for row in rows if row[2] != OTHER_ORGS)) + [OTHER_ORGS]
    chart = go.Figure()
    for holder in holders:
        shares = {row[1]: row[5] for row in rows if row[2] == holder}
        if shares:
            chart.add_trace(
                go.Bar(
                    name=holder,
                    x=[bucket for bucket in buckets if bucket in shares],
                    y=[shares[bucket] * 100 for bucket in buckets if bucket in shares],
                    marker={"color": "#d0d7de"} if holder == OTHER_ORGS else None,
                )
            )
    styled(chart, y_title="Share of the bucket's cumulative downloads (%)", x_title="Size bucket (total parameters)")
    chart.update_layout(barmode="stack", hovermode="closest")
    month = f"{rows[0][0]:%Y-%m}" if rows else "the latest month"
    return Figure(
        slug="size-bucket-holders",
        heading="Who holds each size bucket",
        description=(
            f"The {HOLDERS_DRAWN} organisations with the most cumulative downloads in each size bucket at the end of "
            f"{month}, each one's share of the bucket stacked, the other organisations together in grey."
        ),
        mart="marts.org_share_by_size_bucket_monthly",
        source_line=HUB_CREDIT,
        columns=["month", "size_bucket", "org", "region", "cumulative_downloads", "share_of_bucket_cumulative",
                 "provenance"],
        rows=rows,
        chart=chart,
        label=reconstructed_label(row[6] for row in rows),
    )

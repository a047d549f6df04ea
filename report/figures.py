"""The report's figures, read from the published marts: what each chart shows and where its data comes from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import duckdb

from report.charts import line_chart_svg
from report.freshness import stale_source_notices
from report.derivatives import derivative_share_by_family, derivative_share_by_region
from report.inference import MADE_UP_NOTICE, inference_share_by_region
from report.page import Section, render_report
from report.performance import arena_gap_by_region, intelligence_index_gap_by_region

REGION_ORDER = ["china", "us", "eu", "other", "unknown"]
# The size buckets from smallest to largest (the size_buckets seed), unknown last.
SIZE_ORDER = ["<1B", "1-5B", "7-9B", "10-50B", "50-100B", "100-250B", "250B+", "unknown"]
RECONSTRUCTED_NOTICE = (
    "This report is built from the bundled SAMPLE: one real Hugging Face snapshot (about 2026-05-20) with a "
    "download history RECONSTRUCTED backwards from its counters. The monthly history is illustrative, not "
    "observed; point the warehouse at the Hub (see the README) for measured history."
)
HUB_CREDIT = "Source: Hugging Face Hub download counters of the ATOM tracked models (Interconnects-AI/tracked-models)."


@dataclass(frozen=True)
class Report:
    """The rendered page and the figures a caller may show elsewhere (the Dagster UI)."""

    html: str
    sections: list[Section]
    notices: list[str]


def cumulative_downloads_by_region(conn: duckdb.DuckDBPyConnection) -> tuple[Section, bool]:
    """The paper's first figure: cumulative downloads by region at each month's end."""
    rows = conn.execute(
        """
        select month, region, cumulative_downloads, share_of_cumulative, provenance
        from marts.downloads_by_region_monthly
        order by month, region
        """
    ).fetchall()
    series: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for month, region, cumulative, _share, _provenance in rows:
        series[region].append((month, float(cumulative or 0)))
    ordered = {region: series[region] for region in REGION_ORDER if region in series}
    ordered.update({region: points for region, points in series.items() if region not in ordered})
    latest = max((row[0] for row in rows), default=None)
    table = [
        {
            "month": month.isoformat(),
            "region": region,
            "cumulative_downloads": int(cumulative or 0),
            "share_of_cumulative": round(float(share or 0), 4),
        }
        for month, region, cumulative, share, _ in rows
        if month == latest
    ]
    reconstructed = any(row[4] == "reconstructed" for row in rows)
    section = Section(
        heading="Cumulative downloads by region",
        description=(
            "Sum of the tracked models' all-time Hugging Face downloads at each month's end, by the region of "
            "the publishing organisation (marts.downloads_by_region_monthly)."
        ),
        svg=line_chart_svg(ordered, title="Cumulative downloads of tracked open models", y_label="Downloads"),
        table_rows=table,
        source_line=HUB_CREDIT,
    )
    return section, reconstructed


def monthly_share_by_region(conn: duckdb.DuckDBPyConnection) -> Section:
    """Each region's share of the tracked models' downloads within each complete month."""
    rows = conn.execute(
        """
        select month, region, share_of_downloads
        from marts.downloads_by_region_monthly
        where not is_partial_month and share_of_downloads is not null
        order by month, region
        """
    ).fetchall()
    series: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for month, region, share in rows:
        series[region].append((month, float(share) * 100))
    ordered = {region: series[region] for region in REGION_ORDER if region in series}
    return Section(
        heading="Share of monthly downloads by region",
        description=(
            "Each region's share of the downloads the tracked models gained within a calendar month; the running "
            "month is left out until it is complete (marts.downloads_by_region_monthly)."
        ),
        svg=line_chart_svg(ordered, title="Share of monthly downloads (%)", y_label="Percent"),
        source_line=HUB_CREDIT,
    )


def leading_org_against_next_orgs(conn: duckdb.DuckDBPyConnection) -> Section:
    """The paper's "Qwen against the next eight": the month's leading org against the next orgs together."""
    rows = conn.execute(
        """
        select month, leading_org, leading_org_downloads, next_orgs_counted, next_orgs, next_orgs_downloads
        from marts.leading_org_vs_next_orgs_monthly
        where not is_partial_month
        order by month
        """
    ).fetchall()
    counted = rows[-1][3] if rows else 8
    series = {
        "leading org": [(row[0], float(row[2] or 0)) for row in rows],
        f"next {counted} orgs together": [(row[0], float(row[5] or 0)) for row in rows],
    }
    table = [
        {
            "month": row[0].isoformat(),
            "leading_org": row[1],
            "leading_org_downloads": int(row[2] or 0),
            "next_orgs_downloads": int(row[5] or 0),
            "next_orgs": row[4],
        }
        for row in rows[-6:]
    ]
    return Section(
        heading=f"The leading organisation against the next {counted}",
        description=(
            f"Monthly downloads of the month's most downloaded organisation against the next {counted} "
            "organisations together (marts.leading_org_vs_next_orgs_monthly)."
        ),
        svg=line_chart_svg(series, title="Monthly downloads: leader against the field", y_label="Downloads"),
        table_rows=table,
        source_line=HUB_CREDIT,
    )


def top_models_of_last_full_month(conn: duckdb.DuckDBPyConnection) -> Section:
    """The ten most downloaded tracked models of the last complete month."""
    rows = conn.execute(
        """
        select month, rank, model_id, region, size_bucket, downloads, share_of_downloads
        from marts.top_models_monthly
        where month = (select max(month) from marts.top_models_monthly where not is_partial_month) and rank <= 10
        order by rank
        """
    ).fetchall()
    month = rows[0][0].isoformat()[:7] if rows else "no complete month yet"
    return Section(
        heading=f"Top 10 models of {month}",
        description="The most downloaded tracked models of the last complete month (marts.top_models_monthly).",
        svg="",
        table_rows=[
            {
                "rank": row[1],
                "model": row[2],
                "region": row[3],
                "size": row[4],
                "downloads": int(row[5] or 0),
                "share": round(float(row[6] or 0), 4),
            }
            for row in rows
        ],
        source_line=HUB_CREDIT,
    )


def largest_size_bucket_holders(conn: duckdb.DuckDBPyConnection) -> Section:
    """Each size bucket's largest org by cumulative downloads (the paper's "DeepSeek holds 47% of 250B+")."""
    rows = conn.execute(
        """
        select size_bucket, org, region, cumulative_downloads, share_of_bucket_cumulative
        from marts.org_share_by_size_bucket_monthly
        where month = (select max(month) from marts.org_share_by_size_bucket_monthly)
        qualify row_number() over (partition by size_bucket order by cumulative_downloads desc, org) <= 3
        order by size_bucket, cumulative_downloads desc
        """
    ).fetchall()
    rows.sort(key=lambda row: SIZE_ORDER.index(row[0]) if row[0] in SIZE_ORDER else len(SIZE_ORDER))
    return Section(
        heading="Who holds each size bucket",
        description=(
            "The three organisations with the most cumulative downloads in each size bucket, with their share of "
            "the bucket (marts.org_share_by_size_bucket_monthly, latest month)."
        ),
        svg="",
        table_rows=[
            {
                "size_bucket": row[0],
                "org": row[1],
                "region": row[2],
                "cumulative_downloads": int(row[3] or 0),
                "share_of_bucket": round(float(row[4] or 0), 4),
            }
            for row in rows
        ],
        source_line=HUB_CREDIT,
    )


def build_report(published: str, *, generated_at: dt.datetime) -> Report:
    """The whole report from the published marts file."""
    conn = duckdb.connect(published, read_only=True)
    try:
        stale = stale_source_notices(conn)
        cumulative, reconstructed = cumulative_downloads_by_region(conn)
        inference, made_up = inference_share_by_region(conn, REGION_ORDER)
        sections = [
            cumulative,
            monthly_share_by_region(conn),
            leading_org_against_next_orgs(conn),
            top_models_of_last_full_month(conn),
            largest_size_bucket_holders(conn),
            derivative_share_by_region(conn, REGION_ORDER),
            derivative_share_by_family(conn),
            inference,
            arena_gap_by_region(conn, REGION_ORDER),
            intelligence_index_gap_by_region(conn, REGION_ORDER),
        ]
    finally:
        conn.close()
    notices = [*stale, *([RECONSTRUCTED_NOTICE] if reconstructed else [])]
    if made_up:
        notices.append(MADE_UP_NOTICE)
    html = render_report(
        title="The open language model ecosystem: who is downloaded, built on and served",
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        sections=sections,
        notices=notices,
    )
    return Report(html=html, sections=sections, notices=notices)

"""The report's figures, read from the published marts: what each chart shows and where its data comes from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import duckdb

from report.charts import line_chart_svg
from report.page import Section, render_report

REGION_ORDER = ["china", "us", "eu", "other", "unknown"]
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


def build_report(published: str, *, generated_at: dt.datetime) -> Report:
    """The whole report from the published marts file."""
    conn = duckdb.connect(published, read_only=True)
    try:
        section, reconstructed = cumulative_downloads_by_region(conn)
    finally:
        conn.close()
    notices = [RECONSTRUCTED_NOTICE] if reconstructed else []
    html = render_report(
        title="The open language model ecosystem: who is downloaded",
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        sections=[section],
        notices=notices,
    )
    return Report(html=html, sections=[section], notices=notices)

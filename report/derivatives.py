"""The report's derivative figures: which families and regions the community builds new models on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import duckdb

from report.charts import line_chart_svg
from report.page import Section

DERIVATIVE_CREDIT = (
    "Source: Hugging Face Hub, each derivative's declared base models (baseModels field, base_model: tags), "
    "followed to the ATOM tracked models (Interconnects-AI/tracked-models)."
)
# Families beyond these many (by new derivatives over the whole period) are drawn together as one line.
FAMILIES_DRAWN = 6
OTHER_FAMILIES = "other families"


def _share_series(rows: list[tuple[dt.date, str, float]]) -> dict[str, list[tuple[dt.date, float]]]:
    series: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for month, member, share in rows:
        series[member].append((month, float(share) * 100))
    return dict(series)


def derivative_share_by_region(conn: duckdb.DuckDBPyConnection, region_order: list[str]) -> Section:
    """Each region's share of the month's new derivatives past the download threshold."""
    rows = conn.execute(
        """
        select month, root_region, share_of_new_derivatives
        from marts.new_derivatives_by_region_monthly
        where share_of_new_derivatives is not null
        order by month, root_region
        """
    ).fetchall()
    series = _share_series(rows)
    ordered = {region: series[region] for region in region_order if region in series}
    latest = max((row[0] for row in rows), default=None)
    return Section(
        heading="Share of new derivatives by region",
        description=(
            "Each region's share of the new fine-tunes, adapters, quantizations and merges created in a month whose "
            "base chain reaches a tracked model, counting those with more than the threshold's downloads; a merge "
            "of several families is split among them (marts.new_derivatives_by_region_monthly)."
        ),
        svg=line_chart_svg(ordered, title="Share of new derivatives (%)", y_label="Percent"),
        table_rows=[
            {"month": month.isoformat(), "region": region, "share_of_new_derivatives": round(float(share), 4)}
            for month, region, share in rows
            if month == latest
        ],
        source_line=DERIVATIVE_CREDIT,
    )


def derivative_share_by_family(conn: duckdb.DuckDBPyConnection) -> Section:
    """The most built-on families' shares of the month's new derivatives, the rest drawn as one line."""
    rows = conn.execute(
        f"""
        with ranked as (
            select root_family, sum(new_derivatives) as total
            from marts.new_derivatives_by_family_monthly
            group by root_family
            order by total desc, root_family
            limit {FAMILIES_DRAWN}
        )
        select
            month,
            case when root_family in (select root_family from ranked) then root_family else '{OTHER_FAMILIES}' end,
            sum(share_of_new_derivatives)
        from marts.new_derivatives_by_family_monthly
        where share_of_new_derivatives is not null
        group by all
        order by 1, 2
        """
    ).fetchall()
    series = _share_series(rows)
    families = sorted(series, key=lambda name: (name == OTHER_FAMILIES, -sum(v for _, v in series[name])))
    return Section(
        heading="Share of new derivatives by family",
        description=(
            f"The {FAMILIES_DRAWN} families with the most new derivatives over the period, each one's share of "
            "the month's new derivatives, the other families together as one line "
            "(marts.new_derivatives_by_family_monthly; marts.derivative_vs_download_share_monthly sets these "
            "shares beside download shares)."
        ),
        svg=line_chart_svg({name: series[name] for name in families}, title="Share of new derivatives (%)", y_label="Percent"),
        source_line=DERIVATIVE_CREDIT,
    )

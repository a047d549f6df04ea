"""The report's derivative figures: which families and regions the community builds new models on."""

from __future__ import annotations

from collections import defaultdict

import duckdb

from report.figure import Figure, line_chart, ordered
from report.hub import REGION_COLORS, REGION_ORDER

DERIVATIVE_CREDIT = (
    "Source: Hugging Face Hub, each derivative's declared base models (baseModels field, base_model: tags), "
    "followed to the ATOM tracked models (Interconnects-AI/tracked-models)."
)
# Families beyond these many (by new derivatives over the whole period) are drawn together as one line.
FAMILIES_DRAWN = 6
OTHER_FAMILIES = "other families"


def _percent_lines(rows: list[tuple]) -> dict[str, list]:
    """(month, member, share) rows as one line of percentages per member."""
    series: dict[str, list] = defaultdict(list)
    for month, member, share in rows:
        series[member].append((month, share * 100))
    return dict(series)


def derivative_share_by_region(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Each region's share of the month's new derivatives past the download threshold."""
    rows = conn.execute(
        """
        select month, root_region, share_of_new_derivatives
        from marts.new_derivatives_by_region_monthly
        where share_of_new_derivatives is not null
        order by month, root_region
        """
    ).fetchall()
    return Figure(
        slug="derivative-share-by-region",
        heading="Share of new derivatives by region",
        description=(
            "Each region's share (in percent) of the new fine-tunes, adapters, quantizations and merges created in a "
            "month whose base chain reaches a tracked model, counting those with more than the threshold's "
            "downloads; a merge of several families is split among them."
        ),
        mart="marts.new_derivatives_by_region_monthly",
        source_line=DERIVATIVE_CREDIT,
        columns=["month", "root_region", "share_of_new_derivatives"],
        rows=rows,
        chart=line_chart(ordered(_percent_lines(rows), REGION_ORDER), y_title="Percent", colors=REGION_COLORS),
    )


def derivative_share_by_family(conn: duckdb.DuckDBPyConnection) -> Figure:
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
    series = _percent_lines(rows)
    families = sorted(series, key=lambda name: (name == OTHER_FAMILIES, -sum(v for _, v in series[name]), name))
    return Figure(
        slug="derivative-share-by-family",
        heading="Share of new derivatives by family",
        description=(
            f"The {FAMILIES_DRAWN} families with the most new derivatives over the period, each one's share (in "
            "percent) of the month's new derivatives, the other families together as one line "
            "(marts.derivative_vs_download_share_monthly sets these shares beside download shares)."
        ),
        mart="marts.new_derivatives_by_family_monthly",
        source_line=DERIVATIVE_CREDIT,
        columns=["month", "root_family", "share_of_new_derivatives"],
        rows=rows,
        chart=line_chart({name: series[name] for name in families}, y_title="Percent"),
    )

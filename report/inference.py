"""The report's inference figure: which regions' open models OpenRouter actually serves, with OpenRouter's citation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import duckdb

from report.charts import line_chart_svg
from report.page import Section

MADE_UP_NOTICE = (
    "The OpenRouter figures (token shares, and the Artificial Analysis indexes read from its catalogue) are built "
    "from a MADE-UP sample in the real response shapes, not from OpenRouter data; set OPENROUTER_API_KEY (and "
    "AA_API_KEY) as the README says for measured ones."
)


def inference_share_by_region(conn: duckdb.DuckDBPyConnection, region_order: list[str]) -> tuple[Section, bool]:
    """Each region's share of the tokens of the month's top-10 open-weight models, and whether the data is made up."""
    rows = conn.execute(
        """
        select month, region, share_of_tokens
        from marts.inference_share_by_region_monthly
        where scope = 'top_10_open'
        order by month, region
        """
    ).fetchall()
    as_of, notice = conn.execute(
        "select max(as_of), max(notice) from marts.inference_open_vs_closed_monthly"
    ).fetchone()
    series: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for month, region, share in rows:
        series[region].append((month, float(share) * 100))
    ordered = {region: series[region] for region in region_order if region in series}
    made_up = notice is not None
    citation = f"Source: OpenRouter (openrouter.ai/rankings), as of {as_of}." if as_of else "Source: OpenRouter."
    description = (
        "Each region's share of the tokens OpenRouter served for the month's ten most used open-weight models "
        "(a model is open-weight when it maps to a Hugging Face repo; marts.inference_share_by_region_monthly, "
        "scope top_10_open; all open models are scope all_open, and marts.openrouter_unmatched_models lists what "
        "the mapping misses)."
    )
    if made_up:
        description = "MADE-UP SAMPLE DATA, not OpenRouter's. " + description
        citation = "Made-up sample in OpenRouter's response shape; with real data this line reads: " + citation
    return (
        Section(
            heading="Share of top-10 open models' tokens by region",
            description=description,
            svg=line_chart_svg(ordered, title="Share of top-10 open models' OpenRouter tokens (%)", y_label="Percent"),
            source_line=citation,
        ),
        made_up,
    )

"""The report's inference figure: which regions' open models OpenRouter actually serves, with OpenRouter's citation."""

from __future__ import annotations

from collections import defaultdict

import duckdb

from report.figure import MADE_UP, Figure, line_chart, ordered
from report.hub import REGION_COLORS, REGION_ORDER

MADE_UP_NOTICE = (
    "The OpenRouter figures (token shares, and the Artificial Analysis indexes read from its catalogue) are built "
    "from a MADE-UP sample in the real response shapes, not from OpenRouter data; set OPENROUTER_API_KEY (and "
    "AA_API_KEY) as the README says for measured ones."
)


def inference_share_by_region(conn: duckdb.DuckDBPyConnection) -> Figure:
    """Each region's share of the tokens of the month's top-10 open-weight models, labelled when the data is made up."""
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
    series: dict[str, list] = defaultdict(list)
    for month, region, share in rows:
        series[region].append((month, share * 100))
    citation = f"Source: OpenRouter (openrouter.ai/rankings), as of {as_of}." if as_of else "Source: OpenRouter."
    description = (
        "Each region's share (in percent) of the tokens OpenRouter served for the month's ten most used open-weight "
        "models (a model is open-weight when it maps to a Hugging Face repo; scope top_10_open; all open models "
        "are scope all_open, and marts.openrouter_unmatched_models lists what the mapping misses)."
    )
    if notice is not None:
        description = "MADE-UP SAMPLE DATA, not OpenRouter's. " + description
        citation = "Made-up sample in OpenRouter's response shape; with real data this line reads: " + citation
    return Figure(
        slug="inference-share-by-region",
        heading="Share of top-10 open models' tokens by region",
        description=description,
        mart="marts.inference_share_by_region_monthly",
        source_line=citation,
        columns=["month", "region", "share_of_tokens"],
        rows=rows,
        chart=line_chart(ordered(series, REGION_ORDER), y_title="Percent", colors=REGION_COLORS),
        label=MADE_UP if notice is not None else None,
    )

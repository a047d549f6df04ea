"""What the Hub-download figures share: the Hub's credit, the region and size orders, and the reconstructed label."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from report.figure import RECONSTRUCTED

HUB_CREDIT = "Source: Hugging Face Hub download counters of the ATOM tracked models (Interconnects-AI/tracked-models)."
RECONSTRUCTED_NOTICE = (
    "This report is built from the bundled SAMPLE: one real Hugging Face snapshot (about 2026-05-20) with a "
    "download history RECONSTRUCTED backwards from its counters. The monthly history is illustrative, not "
    "observed; point the warehouse at the Hub (see the README) for measured history."
)
REGION_ORDER = ["china", "us", "eu", "other", "unknown"]
# Regions keep one colour in every figure, so a reader learns them once.
REGION_COLORS = {"china": "#d62728", "us": "#1f77b4", "eu": "#2ca02c", "other": "#9467bd", "unknown": "#7f7f7f"}
# The size buckets from smallest to largest (the size_buckets seed), unknown last.
SIZE_ORDER = ["<1B", "1-5B", "7-9B", "10-50B", "50-100B", "100-250B", "250B+", "unknown"]


def size_rank(bucket: str) -> int:
    """A size bucket's place from smallest to largest, buckets the seed does not know last."""
    return SIZE_ORDER.index(bucket) if bucket in SIZE_ORDER else len(SIZE_ORDER)


def reconstructed_label(provenances: Iterable[str | None]) -> str | None:
    """RECONSTRUCTED when any drawn row is reconstructed sample history, else no label."""
    return RECONSTRUCTED if any(provenance == "reconstructed" for provenance in provenances) else None


def hub_history_is_reconstructed(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether the published Hub history holds reconstructed rows, for marts that carry no provenance of their own."""
    (found,) = conn.execute(
        "select coalesce(bool_or(provenance = 'reconstructed'), false) from marts.downloads_by_region_monthly"
    ).fetchone()
    return bool(found)

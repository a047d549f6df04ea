"""The OpenRouter catalogue as table rows: each model's ids, its Hugging Face repo, creation date, pricing and the
Artificial Analysis block when present."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pyarrow as pa

from ingestion.errors import SourceDataError

CATALOGUE_SCHEMA = pa.schema(
    [
        ("fetched_on", pa.date32()),
        ("id", pa.string()),
        ("canonical_slug", pa.string()),
        ("hugging_face_id", pa.string()),
        ("name", pa.string()),
        ("created_at", pa.timestamp("s", tz="UTC")),
        ("pricing_prompt", pa.string()),
        ("pricing_completion", pa.string()),
        ("aa_intelligence_index", pa.float64()),
        ("aa_coding_index", pa.float64()),
        ("artificial_analysis_raw", pa.string()),
    ]
)


def _index(block: dict[str, Any], name: str) -> float | None:
    """A benchmark index as a number, or None when absent or not numeric."""
    value = block.get(name)
    return float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else None


def catalogue_table(models: list[dict[str, Any]], fetched_on: dt.date) -> pa.Table:
    """The catalogue's rows; an empty `hugging_face_id` is kept as null (no Hub repo named)."""
    rows = []
    for model in models:
        if not isinstance(model, dict) or not model.get("id"):
            raise SourceDataError(f"a catalogue entry without an id: {model!r}"[:300])
        created = model.get("created")
        benchmarks = (model.get("benchmarks") or {}).get("artificial_analysis") or {}
        pricing = model.get("pricing") or {}
        rows.append(
            {
                "fetched_on": fetched_on,
                "id": model["id"],
                "canonical_slug": model.get("canonical_slug") or model["id"],
                "hugging_face_id": model.get("hugging_face_id") or None,
                "name": model.get("name"),
                "created_at": dt.datetime.fromtimestamp(int(created), dt.timezone.utc) if created is not None else None,
                "pricing_prompt": None if pricing.get("prompt") is None else str(pricing["prompt"]),
                "pricing_completion": None if pricing.get("completion") is None else str(pricing["completion"]),
                "aa_intelligence_index": _index(benchmarks, "intelligence_index"),
                "aa_coding_index": _index(benchmarks, "coding_index"),
                "artificial_analysis_raw": json.dumps(benchmarks, sort_keys=True, default=str) if benchmarks else None,
            }
        )
    return pa.Table.from_pylist(sorted(rows, key=lambda r: r["id"]), schema=CATALOGUE_SCHEMA)

"""The one row shape both Hub readers produce: a model's state on one snapshot day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pyarrow as pa

SNAPSHOT_SCHEMA = pa.schema(
    [
        ("snapshot_date", pa.date32()),
        ("model_id", pa.string()),
        ("author", pa.string()),
        ("created_at", pa.timestamp("us")),
        ("last_modified", pa.timestamp("us")),
        ("downloads_30d", pa.int64()),
        ("downloads_all_time", pa.int64()),
        ("likes", pa.int64()),
        ("pipeline_tag", pa.string()),
        ("library_name", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("safetensors_total", pa.int64()),
        ("base_models", pa.string()),
        ("provenance", pa.string()),
        ("source_name", pa.string()),
    ]
)

# The Hub API's property names, and the archive's column names, for each snapshot column.
HUB_FIELDS = {
    "model_id": "id",
    "author": "author",
    "created_at": "createdAt",
    "last_modified": "lastModified",
    "downloads_30d": "downloads",
    "downloads_all_time": "downloadsAllTime",
    "likes": "likes",
    "pipeline_tag": "pipeline_tag",
    "library_name": "library_name",
    "tags": "tags",
    "safetensors": "safetensors",
    "base_models": "baseModels",
}


def parse_timestamp(value: Any) -> dt.datetime | None:
    """A naive UTC datetime from an ISO 8601 string or a datetime; None stays None."""
    if value is None or isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if isinstance(value, dt.datetime) and value.tzinfo else value
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


def parse_count(value: Any, name: str) -> int | None:
    """An integer counter; a value that is not a whole number is a malformed record."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ValueError(f"{name} is not an integer: {value!r}")
    return value


def safetensors_total(value: Any) -> int | None:
    """The parameter count of a safetensors block (a dict or an object with .total)."""
    if value is None:
        return None
    total = value.get("total") if isinstance(value, dict) else getattr(value, "total", None)
    return parse_count(total, "safetensors.total")


def base_models_json(value: Any) -> str | None:
    """The raw baseModels value kept verbatim as JSON, so the Hub's inferred relation is never lost."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def snapshot_row(record: dict[str, Any], *, snapshot_date: dt.date, provenance: str, source_name: str) -> dict:
    """One snapshot row from a record keyed by the Hub's property names."""
    model_id = record.get("id")
    # A missing id passes through as null so that the batch's quality check names it.
    if model_id is not None and not isinstance(model_id, str):
        raise ValueError(f"model id is not a string: {model_id!r}")
    tags = record.get("tags")
    return {
        "snapshot_date": snapshot_date,
        "model_id": model_id,
        "author": record.get("author") or (model_id.split("/", 1)[0] if model_id else None),
        "created_at": parse_timestamp(record.get("createdAt")),
        "last_modified": parse_timestamp(record.get("lastModified")),
        "downloads_30d": parse_count(record.get("downloads"), "downloads"),
        "downloads_all_time": parse_count(record.get("downloadsAllTime"), "downloadsAllTime"),
        "likes": parse_count(record.get("likes"), "likes"),
        "pipeline_tag": record.get("pipeline_tag"),
        "library_name": record.get("library_name"),
        "tags": list(tags) if tags is not None else None,
        "safetensors_total": safetensors_total(record.get("safetensors")),
        "base_models": base_models_json(record.get("baseModels")),
        "provenance": provenance,
        "source_name": source_name,
    }


def to_table(rows: list[dict]) -> pa.Table:
    """The rows as an Arrow table of the snapshot schema, sorted by model id for stable storage."""
    rows = sorted(rows, key=lambda row: row["model_id"] or "")
    return pa.Table.from_pylist(rows, schema=SNAPSHOT_SCHEMA)

"""New derivative repos of the tracked models: the Hub's newest models, read down to a watermark.

A day's refresh lists the Hub's models newest first and stops at the first one created at or before the
watermark (the newest creation time already stored), so it costs requests in proportion to that day's new
models, not to the number of tracked bases. Which of those models derive from a tracked model is decided by
following their base models, through earlier derivatives too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa
from huggingface_hub import HfApi

from ingestion.errors import SourceDataError
from ingestion.huggingface.http import request_tracker
from ingestion.huggingface.settings import HubSettings
from ingestion.huggingface.snapshot_schema import parse_count

RELATIONS = ("finetune", "adapter", "quantized", "merge")
EXPAND = ["author", "createdAt", "downloads", "downloadsAllTime", "tags", "baseModels"]
LISTING = "listing"

DERIVATIVE_SCHEMA = pa.schema(
    [
        ("observed_date", pa.date32()),
        ("model_id", pa.string()),
        ("author", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("relation", pa.string()),
        ("base_model_ids", pa.list_(pa.string())),
        # The Hub infers relations and is sometimes wrong: both raw declarations are kept beside the parsed ones.
        ("base_models_raw", pa.string()),
        ("base_model_tags", pa.list_(pa.string())),
        ("downloads_30d", pa.int64()),
        ("downloads_all_time", pa.int64()),
        # The day the counters describe: the listing's day, or the date of the archive snapshot they came from.
        ("counts_as_of", pa.date32()),
        ("source", pa.string()),
    ]
)

# Where each day's listing stopped (the newest creation time it reached), and what the day read.
WATERMARK_SCHEMA = pa.schema(
    [
        ("observed_date", pa.date32()),
        ("source", pa.string()),
        ("previous_watermark", pa.timestamp("us", tz="UTC")),
        ("watermark", pa.timestamp("us", tz="UTC")),
        ("models_read", pa.int64()),
        ("derivatives_kept", pa.int64()),
        ("requests", pa.int64()),
    ]
)


@dataclass(frozen=True)
class NewModels:
    """The models created after a watermark, newest first, and what listing them cost."""

    records: list[dict]
    requests: int
    watermark: dt.datetime

    @property
    def next_watermark(self) -> dt.datetime:
        """The newest creation time listed, or the old watermark when nothing was new."""
        return max((record["createdAt"] for record in self.records), default=self.watermark)


def list_models_since(settings: HubSettings, watermark: dt.datetime) -> NewModels:
    """Every model the Hub lists as created after `watermark` (UTC when naive); a malformed page raises SourceDataError."""
    if watermark.tzinfo is None:
        watermark = watermark.replace(tzinfo=dt.timezone.utc)
    tracker = request_tracker()
    requests_before = tracker.request_count
    api = HfApi(endpoint=settings.endpoint, token=settings.token)
    records: list[dict] = []
    try:
        # The Hub sorts newest first by default, and the listing is lazy: leaving the loop at the watermark means
        # later pages are never requested.
        for info in api.list_models(sort="created_at", expand=EXPAND):
            if info.created_at is None:
                raise SourceDataError(f"a model without createdAt ({info.id}) on the page {tracker.last_url}")
            if info.created_at <= watermark:
                break
            records.append(
                {
                    "id": info.id,
                    "author": info.author,
                    "createdAt": info.created_at,
                    "downloads": info.downloads,
                    "downloadsAllTime": info.downloads_all_time,
                    "tags": info.tags,
                    "baseModels": info.base_models,
                }
            )
    except (json.JSONDecodeError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise SourceDataError(f"malformed page from the Hub listing API at {tracker.last_url}: {error}") from error
    return NewModels(records=records, requests=tracker.request_count - requests_before, watermark=watermark)


def declared_bases(record: dict) -> tuple[str | None, list[str]]:
    """A model's relation to its bases and their ids: the `baseModels` field, else its `base_model:` tags."""
    base_models = record.get("baseModels")
    if isinstance(base_models, dict) and base_models.get("models"):
        ids = [entry.get("id") for entry in base_models["models"] if isinstance(entry, dict) and entry.get("id")]
        return base_models.get("relation"), ids
    relation, ids = None, []
    for tag in record.get("tags") or []:
        parts = tag.split(":", 2)
        if len(parts) == 3 and parts[0] == "base_model" and parts[1] in RELATIONS:
            relation = parts[1]
            ids.append(parts[2])
    return relation, ids


def derivatives_of(records: Iterable[dict], tracked: Iterable[str], stored: Iterable[str] = ()) -> list[dict]:
    """The records whose chain of bases reaches a tracked model, directly or through other derivatives (those in
    the same records, or `stored` ones read earlier).

    A derivative of a derivative listed in the same batch is found whatever the order; a cycle among
    unknown models reaches nothing and ends the search instead of looping.
    """
    tracked = set(tracked)
    reached = tracked | set(stored)
    # A tracked model is a root, not a derivative, even when the Hub lists a base for it (an instruct model's base).
    pending = {record["id"]: record for record in records if record["id"] not in tracked}
    kept: list[dict] = []
    changed = True
    while changed:
        changed = False
        for model_id, record in list(pending.items()):
            if any(base in reached for base in declared_bases(record)[1]):
                kept.append(record)
                reached.add(model_id)
                del pending[model_id]
                changed = True
    return kept


def derivative_rows(
    records: Iterable[dict], observed_date: dt.date, source: str, counts_as_of: dt.date | None = None
) -> pa.Table:
    """The raw table's rows for derivative records read on one day (their counters as of `counts_as_of`, by default
    that day), sorted by id so a re-read stores the same rows."""
    rows = []
    for record in sorted(records, key=lambda r: r["id"]):
        relation, base_ids = declared_bases(record)
        created_at = record["createdAt"]
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=dt.timezone.utc)
        rows.append(
            {
                "observed_date": observed_date,
                "model_id": record["id"],
                "author": record.get("author") or record["id"].split("/", 1)[0],
                "created_at": created_at,
                "relation": relation,
                "base_model_ids": base_ids,
                "base_models_raw": json.dumps(record.get("baseModels"), sort_keys=True)
                if record.get("baseModels") is not None
                else None,
                "base_model_tags": [tag for tag in record.get("tags") or [] if tag.startswith("base_model:")],
                "downloads_30d": parse_count(record.get("downloads"), "downloads"),
                "downloads_all_time": parse_count(record.get("downloadsAllTime"), "downloadsAllTime"),
                "counts_as_of": counts_as_of or observed_date,
                "source": source,
            }
        )
    return pa.Table.from_pylist(rows, schema=DERIVATIVE_SCHEMA)

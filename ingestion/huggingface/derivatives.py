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

from huggingface_hub import HfApi

from ingestion.huggingface.errors import SourceDataError
from ingestion.huggingface.http import request_tracker
from ingestion.huggingface.settings import HubSettings

RELATIONS = ("finetune", "adapter", "quantized", "merge")
EXPAND = ["author", "createdAt", "downloads", "downloadsAllTime", "tags", "baseModels"]


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


def derivatives_of(records: Iterable[dict], known: Iterable[str]) -> list[dict]:
    """The records whose chain of bases reaches a known model (a tracked base or a stored derivative).

    A derivative of a derivative listed in the same batch is found whatever the order; a cycle among
    unknown models reaches nothing and ends the search instead of looping.
    """
    reached = set(known)
    # A known model is a root, not a derivative, even when the Hub lists a base for it (an instruct model's base).
    pending = {record["id"]: record for record in records if record["id"] not in reached}
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

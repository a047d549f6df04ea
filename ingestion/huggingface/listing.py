"""Today's state of the tracked models, read from the Hub's model listing API, one request per page."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa
from huggingface_hub import HfApi

from ingestion.errors import SourceDataError
from ingestion.huggingface.http import request_tracker
from ingestion.huggingface.settings import HubSettings
from ingestion.huggingface.snapshot_schema import snapshot_row, to_table

EXPAND = [
    "author",
    "createdAt",
    "lastModified",
    "downloads",
    "downloadsAllTime",
    "likes",
    "pipeline_tag",
    "library_name",
    "tags",
    "safetensors",
    "baseModels",
]


@dataclass
class ListingResult:
    """The rows read for one day and what it cost."""

    table: pa.Table
    requests: int
    orgs_listed: int
    tracked_missing: list[str] = field(default_factory=list)


def model_record(info) -> dict:
    """A ModelInfo turned back into the Hub's property names, the shape both readers share."""
    safetensors = info.safetensors
    return {
        "id": info.id,
        "author": info.author,
        "createdAt": info.created_at,
        "lastModified": info.last_modified,
        "downloads": info.downloads,
        "downloadsAllTime": info.downloads_all_time,
        "likes": info.likes,
        "pipeline_tag": info.pipeline_tag,
        "library_name": info.library_name,
        "tags": info.tags,
        "safetensors": {"total": safetensors.total} if safetensors is not None else None,
        "baseModels": info.base_models,
    }


class HubListingReader:
    """Reads the current counters of tracked models by listing each tracked org's models."""

    def __init__(self, settings: HubSettings) -> None:
        self.settings = settings

    def read(self, tracked_ids: Iterable[str], snapshot_date: dt.date) -> ListingResult:
        """All tracked models' current state as rows of `snapshot_date`; a malformed page raises SourceDataError."""
        tracked = set(tracked_ids)
        orgs = sorted({model_id.split("/", 1)[0] for model_id in tracked})
        tracker = request_tracker()
        requests_before = tracker.request_count
        api = HfApi(endpoint=self.settings.endpoint, token=self.settings.token)
        rows: list[dict] = []
        for org in orgs:
            try:
                for info in api.list_models(author=org, expand=EXPAND):
                    # A record without an id is kept: the quality check must see it and stop the batch.
                    if info.id is None or info.id in tracked:
                        rows.append(
                            snapshot_row(
                                model_record(info),
                                snapshot_date=snapshot_date,
                                provenance="observed",
                                source_name="hub-api",
                            )
                        )
            except (json.JSONDecodeError, ValueError, TypeError, KeyError, AttributeError) as error:
                raise SourceDataError(
                    f"malformed page from the Hub listing API at {tracker.last_url}: {error}"
                ) from error
        seen = {row["model_id"] for row in rows}
        return ListingResult(
            table=to_table(rows),
            requests=tracker.request_count - requests_before,
            orgs_listed=len(orgs),
            tracked_missing=sorted(tracked - seen),
        )

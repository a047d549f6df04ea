"""Artificial Analysis's bundled daily reads served on loopback: each day where the collector publishes it
(`/data/<day>/llms.json`, `/data/latest.json`), and the latest day in the shape of the models API, behind a key.

Values are served as the bundled file holds them; only the nesting of the source's own shapes is rebuilt.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ingestion.artificial_analysis.client import MODELS_PATH
from replay.files import ReplayFiles, ServedFile

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "artificial_analysis" / "artificial_analysis_llms_daily.parquet"
DAILY_READS_PATH = "/data"
SAMPLE_KEY = "aa-sample-key"
JSON = "application/json"


def _value(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def leaderboard_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One bundled row in the leaderboard page's shape, as the collector stores it."""
    row = {name: _value(value) for name, value in row.items()}
    return {
        "id": row["id"],
        "name": row["name"],
        "slug": row["slug"],
        "release_date": row["release_date"].isoformat() if row["release_date"] else None,
        "reasoning_model": row["reasoning_model"],
        "deprecated": row["deprecated"],
        "creator": {"name": row["creator_name"], "slug": row["creator_slug"], "country": row["creator_country"]},
        "evaluations": {
            "artificial_analysis_intelligence_index": row["intelligence_index"],
            "artificial_analysis_intelligence_index_is_estimated": row["intelligence_index_is_estimated"],
            "artificial_analysis_coding_index": row["coding_index"],
            "artificial_analysis_agentic_index": row["agentic_index"],
        },
        "open_weights": {
            "is_open_weights": row["is_open_weights"],
            "license_name": row["license_name"],
            "huggingface_url": row["huggingface_url"],
            "openrouter_api_id": row["openrouter_api_id"],
        },
        "capabilities": {"total_parameters": row["total_parameters_b"], "active_parameters": row["active_parameters_b"]},
    }


def api_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A leaderboard entry in the models API's shape: the creator as `model_creator`, the evaluations as read."""
    creator = entry["creator"]
    return {
        "id": entry["id"],
        "name": entry["name"],
        "slug": entry["slug"],
        "release_date": entry["release_date"],
        "model_creator": {"name": creator["name"], "slug": creator["slug"]},
        "evaluations": entry["evaluations"],
    }


def sample_files(path: Path = SAMPLE) -> dict[str, ServedFile]:
    """Every day of the bundled file as the collector publishes it, its latest.json, and the API's answer."""
    days: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in pq.read_table(path).to_pylist():
        days[row["snapshot_date"].isoformat()].append(leaderboard_entry(row))
    files = {}
    for day, models in days.items():
        body = {"meta": {"endpoint": "llms", "model_count": len(models), "fetched_at": f"{day}T00:00:00+00:00"},
                "models": models}
        files[f"{DAILY_READS_PATH}/{day}/llms.json"] = ServedFile(json.dumps(body).encode(), JSON, keyed=False)
    latest = max(days)
    files[f"{DAILY_READS_PATH}/latest.json"] = ServedFile(
        json.dumps({"date": latest, "path": f"data/{latest}"}).encode(), JSON, keyed=False
    )
    api = {"status": 200, "data": [api_entry(model) for model in days[latest]]}
    files[MODELS_PATH] = ServedFile(json.dumps(api).encode(), JSON)
    return files


def artificial_analysis_sample(path: Path = SAMPLE) -> ReplayFiles:
    """The bundled daily reads on loopback: AA_DAILY_READS_URL is `service.url + DAILY_READS_PATH`, AA_BASE_URL
    `service.url` with SAMPLE_KEY as AA_API_KEY."""
    return ReplayFiles(sample_files(path), required_headers={"x-api-key": SAMPLE_KEY})

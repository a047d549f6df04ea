"""Artificial Analysis's models as table rows, one per model and day read, from either of its shapes: the API's
(`model_creator`) or the leaderboard page's (`creator`, `open_weights`, `capabilities`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from ingestion.errors import SourceDataError

API, DAILY_READ = "api", "daily_read"

AA_SCHEMA = pa.schema(
    [
        ("fetched_on", pa.date32()),
        ("read_from", pa.string()),
        ("id", pa.string()),
        ("slug", pa.string()),
        ("name", pa.string()),
        ("creator_name", pa.string()),
        ("creator_slug", pa.string()),
        ("creator_country", pa.string()),
        ("release_date", pa.date32()),
        ("is_open_weights", pa.bool_()),
        ("huggingface_url", pa.string()),
        ("openrouter_api_id", pa.string()),
        ("license_name", pa.string()),
        ("intelligence_index", pa.float64()),
        ("intelligence_index_is_estimated", pa.bool_()),
        ("coding_index", pa.float64()),
        ("agentic_index", pa.float64()),
        ("total_parameters_b", pa.float64()),
        ("active_parameters_b", pa.float64()),
    ]
)


def _number(where: str, block: dict[str, Any], name: str) -> float | None:
    value = block.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SourceDataError(f"{where}: {name} is {value!r}, not a number")
    return float(value)


def _flag(where: str, block: dict[str, Any], name: str) -> bool | None:
    value = block.get(name)
    if value is not None and not isinstance(value, bool):
        raise SourceDataError(f"{where}: {name} is {value!r}, not true or false")
    return value


def _block(where: str, model: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        value = model.get(name)
        if value is not None:
            if not isinstance(value, dict):
                raise SourceDataError(f"{where}: {name} is {type(value).__name__}, not an object")
            return value
    return {}


def aa_models_table(models: list[dict[str, Any]], fetched_on: dt.date, read_from: str = API) -> pa.Table:
    """One row per model of one day's read; a model without an id, with a bad date or a wrong type is named."""
    rows = []
    for position, model in enumerate(models):
        if not isinstance(model, dict) or not model.get("id"):
            raise SourceDataError(f"Artificial Analysis read of {fetched_on}, model #{position} has no id: {model!r}"[:300])
        where = f"Artificial Analysis read of {fetched_on}, model {model['id']}"
        released = model.get("release_date")
        try:
            release_date = dt.date.fromisoformat(released[:10]) if released else None
        except (TypeError, ValueError):
            raise SourceDataError(f"{where}: release_date {released!r}") from None
        evaluations = _block(where, model, "evaluations")
        creator = _block(where, model, "creator", "model_creator")
        weights = _block(where, model, "open_weights")
        capabilities = _block(where, model, "capabilities")
        rows.append(
            {
                "fetched_on": fetched_on,
                "read_from": read_from,
                "id": str(model["id"]),
                "slug": model.get("slug"),
                "name": model.get("name"),
                "creator_name": creator.get("name"),
                "creator_slug": creator.get("slug"),
                "creator_country": creator.get("country"),
                "release_date": release_date,
                "is_open_weights": _flag(where, weights, "is_open_weights"),
                "huggingface_url": weights.get("huggingface_url"),
                "openrouter_api_id": weights.get("openrouter_api_id"),
                "license_name": weights.get("license_name"),
                "intelligence_index": _number(where, evaluations, "artificial_analysis_intelligence_index"),
                "intelligence_index_is_estimated": _flag(
                    where, evaluations, "artificial_analysis_intelligence_index_is_estimated"
                ),
                "coding_index": _number(where, evaluations, "artificial_analysis_coding_index"),
                "agentic_index": _number(where, evaluations, "artificial_analysis_agentic_index"),
                "total_parameters_b": _number(where, capabilities, "total_parameters"),
                "active_parameters_b": _number(where, capabilities, "active_parameters"),
            }
        )
    return pa.Table.from_pylist(sorted(rows, key=lambda r: r["id"]), schema=AA_SCHEMA)

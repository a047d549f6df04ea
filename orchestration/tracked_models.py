"""The tracked model ids, read from the dbt seed that defines the universe."""

from __future__ import annotations

import csv
from pathlib import Path

from orchestration.settings import tracked_models_seed


def tracked_model_ids(seed: Path | None = None) -> list[str]:
    """Every modelId of the tracked-models seed, so ingestion and dbt share one universe."""
    with (seed or tracked_models_seed()).open(newline="") as handle:
        return [row["modelId"] for row in csv.DictReader(handle) if row.get("modelId")]

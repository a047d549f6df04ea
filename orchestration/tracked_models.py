"""The tracked model ids, read from the dbt seed that defines the universe."""

from __future__ import annotations

import csv
from pathlib import Path

from orchestration.settings import TRACKED_MODELS_SEED


def tracked_model_ids(seed: Path = TRACKED_MODELS_SEED) -> list[str]:
    """Every modelId of the tracked-models seed, so ingestion and dbt share one universe."""
    with seed.open(newline="") as handle:
        return [row["modelId"] for row in csv.DictReader(handle) if row.get("modelId")]

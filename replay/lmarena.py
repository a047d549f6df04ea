"""The bundled LMArena files (a wide Elo history and one dated leaderboard export) in the shape of the
`lmarena-ai/leaderboard-dataset` text file, so the replay Hub serves them where `hf_hub_download` looks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

DEFAULT_SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample_data" / "lmarena"
HISTORY_FILE = "elo_history_text.csv"
SNAPSHOT_FILE = "leaderboard-text_2025-12-17.json"
# The export calls the all-prompts leaderboard "full"; the dataset calls it "overall".
CATEGORY_NAMES = {"full": "overall"}

DATASET_SCHEMA = pa.schema(
    [
        ("model_name", pa.string()),
        ("organization", pa.string()),
        ("license", pa.string()),
        ("rating", pa.float64()),
        ("rating_lower", pa.float64()),
        ("rating_upper", pa.float64()),
        ("variance", pa.float64()),
        ("vote_count", pa.int64()),
        ("rank", pa.int64()),
        ("category", pa.string()),
        ("leaderboard_publish_date", pa.string()),
    ]
)


def _ranked(rows: list[dict]) -> list[dict]:
    """Rank within one publish date and category: 1 + the number of models rated strictly higher."""
    ratings = sorted((row["rating"] for row in rows), reverse=True)
    for row in rows:
        row["rank"] = 1 + sum(1 for rating in ratings if rating > row["rating"])
    return rows


def history_rows(path: Path) -> list[dict]:
    """The history's overall text ratings, one row per non-zero cell (0 means the model was not listed)."""
    rows: list[dict] = []
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        models = next(reader)[1:]
        for record in reader:
            published = dt.datetime.strptime(record[0], "%Y%m%d").date().isoformat()
            listed = [
                {"model_name": model, "rating": float(value), "category": "overall",
                 "leaderboard_publish_date": published}
                for model, value in zip(models, record[1:])
                if value.strip() and float(value) != 0
            ]
            rows.extend(_ranked(listed))
    return rows


def snapshot_rows(path: Path, published: dt.date) -> list[dict]:
    """Every category of one leaderboard export, with its 95% interval as the rating bounds."""
    export = json.loads(path.read_text())
    rows: list[dict] = []
    for category, models in export.items():
        listed = [
            {
                "model_name": model,
                "rating": float(entry["rating"]),
                "rating_lower": entry.get("rating_q025"),
                "rating_upper": entry.get("rating_q975"),
                "category": CATEGORY_NAMES.get(category, category),
                "leaderboard_publish_date": published.isoformat(),
            }
            for model, entry in models.items()
        ]
        rows.extend(_ranked(listed))
    return rows


def leaderboard_parquet(sample_dir: str | Path = DEFAULT_SAMPLE_DIR) -> bytes:
    """The history and the export as one parquet file with the dataset's columns."""
    sample_dir = Path(sample_dir)
    published = dt.date.fromisoformat(SNAPSHOT_FILE.removeprefix("leaderboard-text_").removesuffix(".json"))
    rows = history_rows(sample_dir / HISTORY_FILE) + snapshot_rows(sample_dir / SNAPSHOT_FILE, published)
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=DATASET_SCHEMA), buffer)
    return buffer.getvalue()

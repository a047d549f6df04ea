"""Synthetic Hub snapshot history at a chosen size, shaped like the real one, for benchmarks.

Models belong to the real tracked orgs (so regions and families resolve), are created over the window
and before it, and follow adoption curves with a heavy-tailed popularity; the counters carry the glitches
the Hub is known for (a few decreases and stalls) and a few days have no snapshot at all.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from replay.server import DEFAULT_SAMPLE_DIR
from orchestration.settings import DBT_PROJECT_DIR

SIZES = ["0.5B", "1.5B", "3B", "7B", "8B", "14B", "32B", "70B", "120B", "235B", "671B"]


def real_orgs() -> list[str]:
    """The orgs of the real tracked list, most models first."""
    counts: dict[str, int] = {}
    with (DBT_PROJECT_DIR / "seeds" / "tracked_models.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            counts[row["org"]] = counts.get(row["org"], 0) + 1
    return sorted(counts, key=counts.get, reverse=True)


def generate(models: int, days: int, end: dt.date, seed: int = 7) -> tuple[pa.Table, pa.Table, list[dict]]:
    """The Hub state on `end`, the daily counter history of the `days` days ending then, and the tracked list."""
    rng = np.random.default_rng(seed)
    orgs = real_orgs()
    weights = 1 / np.arange(1, len(orgs) + 1) ** 0.8
    org_of = rng.choice(len(orgs), size=models, p=weights / weights.sum())
    ids = [f"{orgs[o]}/bench-{SIZES[i % len(SIZES)]}-{i:06d}" for i, o in enumerate(org_of)]

    start = end - dt.timedelta(days=days - 1)
    # A quarter of the models predate the window; the rest arrive through it, more of them lately.
    created_offset = np.where(
        rng.random(models) < 0.25,
        -rng.integers(1, 720, size=models),
        (days * rng.random(models) ** 0.7).astype(int),
    )
    peak = rng.lognormal(mean=4.0, sigma=2.0, size=models)  # downloads a day at the adoption peak
    rise = rng.integers(5, 60, size=models)

    age = np.arange(days)[None, :] - created_offset[:, None]  # days since creation, per model and day
    alive = age >= 0
    shape = np.where(alive, (age + 1) / rise[:, None] * np.exp(1 - (age + 1) / rise[:, None]), 0.0)
    daily = rng.poisson(peak[:, None] * (0.15 + shape)) * alive
    before_window = np.where(created_offset < 0, (peak * -created_offset * 0.5).astype(np.int64), 0)
    all_time = before_window[:, None] + np.cumsum(daily, axis=1)

    # Known glitches: a counter that briefly goes down, and one that freezes for three days.
    glitch = rng.random(all_time.shape) < 0.002
    all_time = np.where(glitch & alive, np.maximum(0, all_time - rng.integers(1, 50, size=all_time.shape)), all_time)
    stall_rows, stall_cols = np.nonzero((rng.random(all_time.shape) < 0.001) & alive)
    for row, col in zip(stall_rows, stall_cols):
        all_time[row, col : col + 3] = all_time[row, col]
    padded = np.concatenate([np.zeros((models, 30), dtype=all_time.dtype), all_time], axis=1)
    last_30d = np.maximum(0, all_time - padded[:, :days])

    missing_days = set(rng.choice(np.arange(1, days - 1), size=max(1, days // 240), replace=False).tolist())
    kept_days = [d for d in range(days) if d not in missing_days]
    model_index, day_index = np.nonzero(alive[:, kept_days])
    day_index = np.asarray(kept_days)[day_index]
    dates = np.array([start + dt.timedelta(days=int(d)) for d in range(days)], dtype="datetime64[D]")
    history = pa.table(
        {
            "model_id": pa.array(np.asarray(ids, dtype=object)[model_index], pa.string()),
            "snapshot_date": pa.array(dates[day_index], pa.date32()),
            "downloads_all_time": pa.array(all_time[model_index, day_index], pa.int64()),
            "downloads_30d": pa.array(last_30d[model_index, day_index], pa.int64()),
        }
    )
    state = state_table(ids, [start + dt.timedelta(days=int(o)) for o in created_offset], all_time[:, -1], last_30d[:, -1])
    tracked = [{"org": i.split("/")[0], "model": i.split("/")[1], "modelId": i} for i in ids]
    return state, history, tracked


def state_table(ids: list[str], created: list[dt.date], all_time: np.ndarray, last_30d: np.ndarray) -> pa.Table:
    """The Hub state rows in the bundled sample's schema, with the synthetic counters."""
    schema = pq.read_schema(DEFAULT_SAMPLE_DIR / "hub_state.parquet")
    n = len(ids)
    created_at = [dt.datetime.combine(day, dt.time(12)) for day in created]
    values = {
        "id": pa.array(ids, pa.string()),
        "author": pa.array([i.split("/")[0] for i in ids], pa.string()),
        "createdAt": pa.array(created_at),
        "lastModified": pa.array(created_at),
        "downloads": pa.array(last_30d, pa.int64()),
        "downloadsAllTime": pa.array(all_time, pa.int64()),
        "likes": pa.array(np.zeros(n, dtype=np.int64)),
        "pipeline_tag": pa.array(["text-generation"] * n, pa.string()),
        "library_name": pa.array(["transformers"] * n, pa.string()),
    }
    columns = [
        pa.array(values[field.name]).cast(field.type) if field.name in values else pa.nulls(n, field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def write(out_dir: Path, models: int, days: int, end: dt.date, seed: int = 7) -> None:
    """Write hub_state.parquet, download_history.parquet and tracked_models.csv into out_dir."""
    state, history, tracked = generate(models, days, end, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(state, out_dir / "hub_state.parquet")
    pq.write_table(history, out_dir / "download_history.parquet", compression="zstd")
    with (out_dir / "tracked_models.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["org", "model", "modelId"])
        writer.writeheader()
        writer.writerows(tracked)


def main() -> None:
    """Command line: python -m benchmarks.synthetic_hub --models N --days D --out DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=2000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 5, 20))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write(args.out, args.models, args.days, args.end, args.seed)


if __name__ == "__main__":
    main()

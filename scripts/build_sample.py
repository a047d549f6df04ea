"""Build sample_data/huggingface/ (real Hub state plus a reconstructed download history) from the frozen hub-stats subset."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    # Lets the script run from a plain checkout, without the editable install.
    sys.path.insert(0, str(REPO_ROOT))

from replay.sample_history import (  # noqa: E402
    ADOPTION_EXPONENT,
    DAILY_DAYS,
    HISTORY_FLOOR,
    reconstruct_counters,
    snapshot_dates,
)

DEFAULT_SOURCE = Path("/work/shared/data/hub-stats-frozen/hub_stats_frozen.parquet")
DEFAULT_OUT = REPO_ROOT / "sample_data" / "huggingface"
SIZE_BUDGET_BYTES = 12 * 1024 * 1024

HISTORY_SCHEMA = pa.schema(
    [
        ("model_id", pa.string()),
        ("snapshot_date", pa.date32()),
        ("downloads_all_time", pa.int64()),
        ("downloads_30d", pa.int64()),
    ]
)

README_TEMPLATE = """\
# Hugging Face Hub sample data

Bundled so the warehouse, its tests and the replay server (`python -m replay`) run offline.

| file | rows | what |
|---|---|---|
| `hub_state.parquet` | {n_state:,} | REAL Hub model rows as of {as_of}, unchanged: `id, author, createdAt, lastModified, downloads` (rolling last 30 days), `downloadsAllTime, likes, trendingScore, tags, cardData, safetensors, gguf, baseModels, pipeline_tag, library_name` |
| `download_history.parquet` | {n_hist:,} | RECONSTRUCTED counters per model and snapshot date: `model_id, snapshot_date, downloads_all_time, downloads_30d` |

## The history is reconstructed, not observed

There is no public download-history API and no real daily history available offline. Only the
{as_of} values are real; every earlier value was computed by `scripts/build_sample.py`
(`replay/sample_history.py`) from that one snapshot, deterministically (no randomness):

- snapshot dates: daily for the {daily} days ending {as_of} ({first_daily} .. {as_of}), then every 7 days
  back to {first_date} (the last step not before the oldest `createdAt` ({oldest}) nor {floor});
- a model has rows only from its creation date; its all-time count is 0 on the creation day;
- all-time counts never decrease; on {as_of} both counters equal the real `downloadsAllTime` and `downloads`;
- 30 days before {as_of} the all-time count is `max(0, downloadsAllTime - downloads)`; it rises linearly over
  the last 30 days and, before that, along a concave power curve (exponent {exponent}) from creation;
  models created 30 days or less before {as_of} rise linearly from creation. The daily increments
  therefore change abruptly on {window_start}, where the power curve meets the straight line: an artefact;
- `downloads_30d(d) = downloads_all_time(d) - downloads_all_time(d - 30)` on every reconstructed day;
- null counters in the real row are treated as 0.

Shapes, peaks, regional crossovers and anything else read off the earlier dates are artefacts of these
rules, not measurements. Anything built from this sample must say so.

## Source and licence

Credit: cfahlgren1/hub-stats (Apache-2.0), via a frozen subset
(github.com/evaleval/eval-card-registry, curation/). As of {as_of}.
"""


def build_history(state: pa.Table, as_of: date, dates: list[date]) -> pa.Table:
    """One reconstructed history row per model and snapshot date on which it existed."""
    ids = state.column("id").to_pylist()
    created = state.column("createdAt").to_pylist()
    all_time = state.column("downloadsAllTime").to_pylist()
    last_30d = state.column("downloads").to_pylist()
    model_ids: list[str] = []
    days: list[date] = []
    cumulative: list[int] = []
    window: list[int] = []
    for model_id, created_at, total, recent in zip(ids, created, all_time, last_30d, strict=True):
        if model_id is None or created_at is None:
            continue
        for day, at, d30 in reconstruct_counters(created_at, as_of, total, recent, dates):
            model_ids.append(model_id)
            days.append(day)
            cumulative.append(at)
            window.append(d30)
    table = pa.table(
        {
            "model_id": model_ids,
            "snapshot_date": days,
            "downloads_all_time": cumulative,
            "downloads_30d": window,
        },
        schema=HISTORY_SCHEMA,
    )
    return table.sort_by([("model_id", "ascending"), ("snapshot_date", "ascending")])


def _date_of(value: datetime | date) -> date:
    """Calendar date of a scalar timestamp."""
    return value.date() if isinstance(value, datetime) else value


def main(argv: list[str] | None = None) -> int:
    """Write hub_state.parquet, download_history.parquet and README.md into the output folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="frozen hub-stats parquet")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)

    state = pq.read_table(args.source)
    as_of = _date_of(pc.max(state.column("lastModified")).as_py())
    oldest = _date_of(pc.min(state.column("createdAt")).as_py())
    dates = snapshot_dates(as_of, oldest)
    history = build_history(state, as_of, dates)

    args.out.mkdir(parents=True, exist_ok=True)
    pq.write_table(state, args.out / "hub_state.parquet", compression="zstd", compression_level=9)
    pq.write_table(
        history,
        args.out / "download_history.parquet",
        compression="zstd",
        compression_level=9,
        # Sorted ids repeat ~100 times each: dictionary plus delta encoding keeps the file small.
        use_dictionary=["model_id"],
        row_group_size=256 * 1024,
    )
    readme = README_TEMPLATE.format(
        n_state=state.num_rows,
        n_hist=history.num_rows,
        as_of=as_of.isoformat(),
        daily=DAILY_DAYS,
        first_daily=dates[-DAILY_DAYS].isoformat(),
        first_date=dates[0].isoformat(),
        floor=HISTORY_FLOOR.isoformat(),
        oldest=oldest.isoformat(),
        window_start=(as_of - timedelta(days=30)).isoformat(),
        exponent=ADOPTION_EXPONENT,
    )
    (args.out / "README.md").write_text(readme, encoding="utf-8")

    total = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(
        f"as_of={as_of} models={state.num_rows} dates={len(dates)} ({dates[0]}..{dates[-1]}) "
        f"history_rows={history.num_rows} total_bytes={total}"
    )
    if total > SIZE_BUDGET_BYTES:
        print(f"warning: {args.out} is over the {SIZE_BUDGET_BYTES} byte budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The full-Hub phase of `make bench`: synthetic whole-Hub archive weeks through the two Hub raw assets.

One archive week (2.5M models by default) and a 12-week backfill, each run end to end in a process of its own:
the download through the replay server, the snapshot and derivative readers, their quality suites and the writes
to the warehouse. It prints the wall time, the peak memory of that process and the rows stored, and how many
times the replay server was asked for each file.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from benchmarks.full_hub import DEFAULT_MODELS, END, write_archive
from replay.server import DEFAULT_SAMPLE_DIR, ReplayHub
from orchestration.settings import REPO_ROOT

# Run in the measured process: the ingest job over the days, only the two Hub raw assets selected.
INGEST_HUB = """
import datetime as dt, sys
import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG
from orchestration.build import build_definitions
from orchestration.huggingface.archive_plan import DERIVATIVES_KEY, SNAPSHOTS_KEY
first, last, home, endpoint = sys.argv[1:5]
job = build_definitions(warehouse_home=home, hub_endpoint=endpoint).resolve_job_def("ingest")
tags = {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last}
with dg.instance_for_test() as instance:
    result = job.execute_in_process(
        instance=instance, tags=tags, asset_selection=[SNAPSHOTS_KEY, DERIVATIVES_KEY], raise_on_error=False
    )
    stats = instance.get_run_stats(result.run_id)
print(f"run_s={stats.end_time - stats.start_time:.1f}")
# The time the run spent downloading archive files, as each step's check reports it.
checks = [event.event_specific_data.metadata for event in result.all_events if event.event_type_value == "ASSET_CHECK_EVALUATION"]
print(f"download_s={sum(m['archive_download_seconds'].value for m in checks if 'archive_download_seconds' in m):.1f}")
# The high-water mark of this process since it started (ru_maxrss would count the parent's memory at fork).
peak_kb = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
print(f"peak_mb={peak_kb / 1024:.0f}")
sys.exit(0 if result.success else 1)
"""


@dataclass
class HubPhase:
    """What one run of the Hub raw assets over synthetic archive weeks cost and stored."""

    label: str
    weeks: int  # the archive files the run read
    models: int
    wall_s: float
    run_s: float
    download_s: float  # of run_s
    peak_mb: float
    snapshot_rows: int
    derivative_rows: int
    fetches: dict[str, int]


def stored_rows(warehouse: Path) -> tuple[int, int]:
    """Rows in raw.hf_model_snapshots and raw.hf_derivatives."""
    conn = duckdb.connect(str(warehouse), read_only=True)
    try:
        return tuple(
            conn.execute(f"select count(*) from raw.{table}").fetchone()[0]
            for table in ("hf_model_snapshots", "hf_derivatives")
        )
    finally:
        conn.close()


def run_phase(label: str, archive: Path, days: list[dt.date], work: Path) -> HubPhase:
    """Ingest the days from the first to the last of `days` as one run, served from disk by a replay Hub in this
    process."""
    home = work / label.replace(" ", "-")
    state = pq.read_table(DEFAULT_SAMPLE_DIR / "hub_state.parquet")
    env = {**os.environ, "ATOM_HOME": str(home), "DAGSTER_HOME": str(work), "GX_ANALYTICS_ENABLED": "false"}
    with ReplayHub(state, archive_dir=archive) as hub:
        # The Hub serves each file's hash ready-made; the replay computes it before the clock starts.
        for path in sorted(archive.glob("models/*/models.parquet")):
            hub._file_digest(path)
        command = [sys.executable, "-c", INGEST_HUB, days[0].isoformat(), days[-1].isoformat(), str(home), hub.url]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"the {label} ingest failed:\n{(done.stdout + done.stderr)[-4000:]}")
        peak_mb = float(done.stdout.rsplit("peak_mb=", 1)[1].split()[0])
        run_s = float(done.stdout.rsplit("run_s=", 1)[1].split()[0])
        download_s = float(done.stdout.rsplit("download_s=", 1)[1].split()[0])
        fetches = collections.Counter(
            entry["path"].rsplit("/models/", 1)[-1]
            for entry in hub.request_log
            if entry["method"] == "GET" and "/resolve/" in entry["path"]
        )
    snapshots, derivatives = stored_rows(home / "atom.duckdb")
    models = pq.read_metadata(archive / "models" / days[-1].isoformat() / "models.parquet").num_rows
    return HubPhase(label, len(fetches), models, wall, run_s, download_s, peak_mb, snapshots, derivatives, dict(fetches))


def bench_full_hub(work: Path, *, models: int = DEFAULT_MODELS, weeks: int = 12) -> list[HubPhase]:
    """One synthetic full-Hub week, then a backfill over `weeks` weekly snapshots that grow towards it."""
    archive = work / "archive"
    print(f"writing {weeks} synthetic full-Hub week(s) of up to {models:,} models ...", flush=True)
    written = write_archive(archive, models, weeks, END)
    days = sorted(dt.date.fromisoformat(path.parent.name) for path in written)
    phases = [run_phase("one week", archive, [days[-1]], work)]
    print(f"backfilling {weeks} weeks ({days[0]} to {days[-1]}) ...", flush=True)
    phases.append(run_phase(f"{weeks}-week backfill", archive, [days[0], days[-1]], work))
    return phases


def print_phases(phases: list[HubPhase]) -> None:
    """The phase table, and what each further week of the backfill cost."""
    print()
    print(f"{'full-Hub archive':<18} {'models':>10} {'wall s':>8} {'run s':>7} {'download s':>11} {'peak MB':>8} "
          f"{'snapshot rows':>14} "
          f"{'derivative rows':>16} {'fetches/file':>13}")
    for phase in phases:
        fetched = "/".join(str(n) for n in sorted(set(phase.fetches.values()))) or "0"
        print(
            f"{phase.label:<18} {phase.models:>10,} {phase.wall_s:>8.1f} {phase.run_s:>7.1f} {phase.download_s:>11.1f} "
            f"{phase.peak_mb:>8.0f} "
            f"{phase.snapshot_rows:>14,} {phase.derivative_rows:>16,} {fetched:>13}"
        )
    week, backfill = phases[0], phases[-1]
    if backfill.weeks > 1:
        further = backfill.weeks - 1
        print(f"each further week of the backfill: {(backfill.run_s - week.run_s) / further:.1f} s, of which "
              f"{(backfill.download_s - week.download_s) / further:.1f} s download")
    print("full-Hub archive: the two Hub raw assets in one ingest run (Dagster load, download of each file through")
    print("the replay server, the snapshot and derivative readers, their quality suites, the writes); wall s is the")
    print("whole process, run s the Dagster run inside it (without Python's and Dagster's start-up), download s the")
    print("part of run s that huggingface_hub spent fetching the archive files; peak MB is the")
    print("process's high-water mark; fetches/file is how many times the server sent each archive file in the run.")

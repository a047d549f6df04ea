"""`make bench`: a full rebuild and a one-day refresh at 2,000 and 20,000 synthetic models, then a synthetic
full-Hub archive through the Hub raw assets, with their costs.

For each size it prints the end-to-end wall time, the time dbt reports for its models, the peak memory of
the process tree, and the time the plain DuckDB script (benchmarks/plain_marts.sql) takes to compute the
same marts from the same raw table, with the ratio of the two.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from benchmarks.dagster_floor import events_stored, seconds_per_event
from benchmarks.full_hub import DEFAULT_MODELS
from benchmarks.full_hub_phase import bench_full_hub, print_phases
from benchmarks.scratch_dbt import write_scratch_project
from benchmarks.synthetic_hub import write as write_synthetic
from replay.artificial_analysis import DAILY_READS_PATH, artificial_analysis_sample
from replay.files import EPOCH_PATH, epoch_sample
from replay.server import ReplayHub
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT
from orchestration.source_reads import READS_SCHEMA, READS_TABLE
from orchestration.sources import SOURCES

BIN = Path(sys.executable).parent
PLAIN_SQL = Path(__file__).with_name("plain_marts.sql")
END = dt.date(2026, 5, 20)
# The landed commit the daily refresh is compared with: the last before dbt-duckdb's own materializations.
BEFORE = "d08217e"
# Run by each side's own code: an older checkout kept a project fingerprint where this one keeps dbt's manifest.
PREPARED_AS_DEPLOYED = """
import sys
from pathlib import Path
from orchestration.transform.project import dbt_project
project = dbt_project()
try:
    from orchestration.transform.state import record_reference
except ImportError:
    from orchestration.transform.project import project_fingerprint
    from orchestration.transform.reference import record_fingerprint
    record_fingerprint(Path(sys.argv[1]), project_fingerprint(project.project_dir))
else:
    record_reference(Path(sys.argv[1]), project.manifest_path.read_text())
"""


@dataclass
class Measure:
    """What one phase cost."""

    wall_s: float
    peak_mb: float
    by_model: dict[str, float] | None = None
    by_step: dict[str, float] | None = None
    events: int = 0  # the events Dagster stored for it
    dbt_nodes: dict[str, int] | None = None  # the nodes dbt built or tested, by resource type
    dbt_s: float = 0.0  # dbt's own wall time, as its run results report it

    @property
    def model_s(self) -> float:
        """The download models' time, summed."""
        return sum((self.by_model or {}).values())


def run_measured(command: list[str], *, cwd: Path, env: dict[str, str]) -> Measure:
    """Run a command to completion; its wall time and the peak resident memory of it and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output.decode(errors='replace')[-4000:]}")
    return Measure(wall_s=wall, peak_mb=usage.ru_maxrss / 1024)


def compared_models(manifest: Path) -> set[str]:
    """The dbt models the plain script stands for: the marts it computes and every model they are built from."""
    nodes = json.loads(manifest.read_text())["nodes"]
    plain_tables = set(re.findall(r"create or replace table plain\.(\w+)", PLAIN_SQL.read_text()))
    pending = [uid for uid, node in nodes.items()
               if node["resource_type"] == "model" and node["schema"] == "marts" and node["name"] in plain_tables]
    closure: set[str] = set()
    while pending:
        unique_id = pending.pop()
        if unique_id not in closure:
            closure.add(unique_id)
            pending.extend(parent for parent in nodes[unique_id]["depends_on"]["nodes"] if parent.startswith("model."))
    return closure


def model_seconds(run_results: list[Path], compared: set[str]) -> dict[str, float]:
    """The execution time dbt reports for each compared model (not seeds, not tests), summed over invocations."""
    times: dict[str, float] = {}
    for path in run_results:
        for result in json.loads(path.read_text())["results"]:
            if result["unique_id"] in compared:
                name = result["unique_id"].rsplit(".", 1)[-1]
                times[name] = times.get(name, 0.0) + result["execution_time"]
    return times


def load_raw(warehouse: Path, sample: Path, last_day: dt.date) -> int:
    """Store every synthetic day before the last straight into the raw table, in day order as daily ingestion
    appends them."""
    conn = duckdb.connect(str(warehouse))
    conn.execute("create schema if not exists raw")
    conn.execute(
        f"""
        create or replace table raw.hf_model_snapshots as
        select
            h.snapshot_date, h.model_id, s.author,
            cast(s.createdAt as timestamp) as created_at, cast(s.lastModified as timestamp) as last_modified,
            h.downloads_30d, h.downloads_all_time, s.likes, s.pipeline_tag, s.library_name,
            cast(null as varchar[]) as tags, cast(null as bigint) as safetensors_total,
            cast(null as varchar) as base_models, 'synthetic' as provenance, 'benchmark' as source_name
        from read_parquet('{sample / "download_history.parquet"}') h
        join read_parquet('{sample / "hub_state.parquet"}') s on s.id = h.model_id
        where h.snapshot_date < DATE '{last_day.isoformat()}'
        order by h.snapshot_date
        """
    )
    # The synthetic Hub has no derivative repos and no other source: their raw tables exist, empty.
    empty_tables = [
        (name, schema)
        for source in SOURCES
        for name, schema in source.tables.items()
        if name != "hf_model_snapshots"
    ]
    for name, schema in [*empty_tables, (READS_TABLE, READS_SCHEMA)]:
        conn.register("empty", schema.empty_table())
        conn.execute(f"create or replace table raw.{name} as select * from empty")
        conn.unregister("empty")
    rows = conn.execute("select count(*) from raw.hf_model_snapshots").fetchone()[0]
    conn.close()
    return rows


def checkout(revision: str, folder: Path) -> Path:
    """The repository's files at `revision`, written to `folder` and installed there in a virtual environment of
    their own (the bin folder returned), as `make install` does."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=REPO_ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    uv = BIN / "uv"
    subprocess.run([str(uv), "venv", "--quiet", "--python", sys.executable, str(folder / ".venv")], check=True)
    subprocess.run([str(uv), "pip", "install", "--quiet", "--compile-bytecode", "--python",
                    str(folder / ".venv" / "bin" / "python"), "-e", str(folder)], check=True)
    return folder / ".venv" / "bin"


def bench_side(bin_dir: Path, sample: Path, work: Path, *, plain_sql: bool) -> dict[str, Measure | int]:
    """Full rebuild (and the plain script, when asked) and the one-day refresh, run by the installation whose
    programs are in `bin_dir`."""
    code = Path(subprocess.run(
        [str(bin_dir / "python"), "-c", "from orchestration.settings import REPO_ROOT; print(REPO_ROOT)"],
        cwd=bin_dir, check=True, capture_output=True, text=True,  # not from a folder that holds other code
    ).stdout.strip())
    project, home = work / "dbt_project", work / "warehouse"
    shutil.copytree(code / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copy(sample / "tracked_models.csv", project / "seeds" / "tracked_models.csv")
    (work / "dagster_home").mkdir()
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", work / "dagster_home" / "dagster.yaml")
    home.mkdir()
    warehouse = home / "atom.duckdb"
    raw_rows = load_raw(warehouse, sample, END)
    # As a user runs it: the refreshes find the warehouse from ATOM_HOME, and only the build run by hand is told
    # its file (dbt's saved parse records the profile, so a path set for everything would hide a re-parse).
    env = {
        **{name: value for name, value in os.environ.items() if name != "ATOM_WAREHOUSE_PATH"},
        "ATOM_HOME": str(home),
        "ATOM_DBT_PROJECT_DIR": str(project),
        "DAGSTER_HOME": str(work / "dagster_home"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "false",
    }

    full_target = work / "target-full"
    full = run_measured(
        [str(bin_dir / "dbt"), "build", "--full-refresh", "--target-path", str(full_target), "--log-path", str(full_target)],
        cwd=project,
        env={**env, "ATOM_WAREHOUSE_PATH": str(warehouse)},
    )
    compared = compared_models(full_target / "manifest.json")
    full.by_model = model_seconds([full_target / "run_results.json"], compared)
    result: dict[str, Measure | int] = {"raw_rows": raw_rows, "full": full}

    if plain_sql:
        plain_copy = work / "by_plain_sql.duckdb"
        shutil.copy(warehouse, plain_copy)
        script = PLAIN_SQL.read_text().replace("{seeds}", str(project / "seeds"))
        (work / "plain.sql").write_text(script)
        result["plain"] = run_measured(
            [sys.executable, "-c", f"import duckdb; duckdb.connect({str(plain_copy)!r}).execute(open({str(work / 'plain.sql')!r}).read())"],
            cwd=work,
            env=env,
        )

    # A deployed warehouse refreshes daily with its dbt manifest prepared, its models built whole from the project
    # as it is, and yesterday's reads of every source stored: put this one in that state (yesterday's refresh,
    # untimed) before timing today's.
    subprocess.run([str(bin_dir / "python"), "-c", PREPARED_AS_DEPLOYED, str(warehouse)], cwd=code, env=env,
                   check=True, capture_output=True)
    state = pq.read_table(sample / "hub_state.parquet")
    history = pq.read_table(sample / "download_history.parquet")
    with ReplayHub(state, history) as hub, epoch_sample() as epoch, artificial_analysis_sample() as aa:
        served = {**env, "HF_ENDPOINT": hub.url, "EPOCH_MODELS_URL": epoch.url + EPOCH_PATH,
                  "AA_DAILY_READS_URL": aa.url + DAILY_READS_PATH}
        refresh = [str(bin_dir / "atom"), "refresh", "--date"]
        run_measured([*refresh, (END - dt.timedelta(days=1)).isoformat()], cwd=code, env=served)
        started = time.time()
        daily = run_measured([*refresh, END.isoformat()], cwd=code, env=served)
    # A refresh keeps dbt's artifacts beside its warehouse, one folder per run.
    fresh = [p for p in (home / "dbt_runs").glob("**/run_results.json") if p.stat().st_mtime >= started]
    daily.by_model = model_seconds(fresh, compared)
    daily.by_step = step_seconds(work / "dagster_home", since=started)
    daily.events = events_stored(work / "dagster_home", since=started)
    daily.dbt_nodes, daily.dbt_s = dbt_invocations(fresh)
    result["daily"] = daily
    return result


def step_seconds(dagster_home: Path, *, since: float) -> dict[str, float]:
    """How long each step of the instance's runs started since `since` took, as Dagster recorded it."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    seconds: dict[str, float] = {}
    for record in instance.get_run_records(dg.RunsFilter(created_after=dt.datetime.fromtimestamp(since, dt.timezone.utc))):
        for stats in instance.get_run_step_stats(record.dagster_run.run_id):
            if stats.start_time and stats.end_time:
                seconds[stats.step_key] = seconds.get(stats.step_key, 0.0) + stats.end_time - stats.start_time
    return seconds


def bench_size(models: int, days: int, work: Path, before: Path | None) -> dict[str, Measure | int]:
    """One size: this code's full rebuild, plain script and one-day refresh, and the landed commit's refresh."""
    sample = work / "sample"
    write_synthetic(sample, models, days, END)
    result = bench_side(BIN, sample, work / "after", plain_sql=True)
    if before is not None:
        result["daily_before"] = bench_side(before, sample, work / "before", plain_sql=False)["daily"]
    return result


def dbt_invocations(run_results: list[Path]) -> tuple[dict[str, int], float]:
    """The nodes these dbt invocations ran, by resource type, and their wall time summed."""
    nodes: dict[str, int] = {}
    seconds = 0.0
    for path in run_results:
        results = json.loads(path.read_text())
        seconds += results["elapsed_time"]
        for result in results["results"]:
            kind = result["unique_id"].split(".", 1)[0]
            nodes[kind] = nodes.get(kind, 0) + 1
    return nodes, seconds


def dbt_node_floor(models: int, tests: int, work: Path) -> float:
    """The wall time of a `dbt build` of `models` table models that each select one constant and `tests` singular
    tests over them that find nothing: what dbt pays for as many nodes as a refresh runs, however little each does."""
    project = write_scratch_project(
        work / "node_floor",
        {f"constant_{n}": "select 1 as constant" for n in range(models)},
        {f"finds_nothing_{n}": f"select * from {{{{ ref('constant_{n % models}') }}}} where constant is null" for n in range(tests)},
    )
    env = {**os.environ, "ATOM_WAREHOUSE_PATH": str(work / "node_floor.duckdb"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    for _ in range(2):  # the second is a rebuild over a parsed project, as a daily refresh's is
        run_measured([str(BIN / "dbt"), "build", "--profiles-dir", str(project)], cwd=project, env=env)
    return json.loads((project / "target" / "run_results.json").read_text())["elapsed_time"]


def dbt_floor(models: int, work: Path) -> float:
    """The time dbt reports for `models` table models that each select one constant, built with dbt-duckdb's
    materializations: what a refresh pays per model however little the model has to do."""
    project = write_scratch_project(work / "floor", {f"constant_{n}": "select 1 as constant" for n in range(models)})
    env = {**os.environ, "ATOM_WAREHOUSE_PATH": str(work / "floor.duckdb"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    # The first run creates the tables and parses the project; the second is a rebuild, as a daily refresh is.
    for _ in range(2):
        run_measured([str(BIN / "dbt"), "run", "--profiles-dir", str(project)], cwd=project, env=env)
    results = json.loads((project / "target" / "run_results.json").read_text())["results"]
    return sum(result["execution_time"] for result in results)


def main() -> int:
    """Run every size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--detail", type=int, default=0, metavar="N", help="also print each phase's N slowest models")
    parser.add_argument("--full-hub-models", type=int, default=DEFAULT_MODELS, metavar="N",
                        help="models of the synthetic full-Hub week (0 skips the full-Hub phase)")
    parser.add_argument("--full-hub-weeks", type=int, default=12, metavar="W", help="weeks of the full-Hub backfill")
    parser.add_argument("--before", default=BEFORE, metavar="REV",
                        help=f"the commit whose one-day refresh is timed beside this one's (default {BEFORE}; 'none' skips it)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="atom-bench-before-") as before_scratch:
        before = None if args.before == "none" else checkout(args.before, Path(before_scratch) / "code")
        for models in args.sizes:
            with tempfile.TemporaryDirectory(prefix=f"atom-bench-{models}-") as scratch:
                print(f"benchmarking {models} models x {args.days} days ...", flush=True)
                result = bench_size(models, args.days, Path(scratch), before)
                rows.append((models, result))
    print()
    print(f"{'models':>7} {'raw rows':>11} | {'phase':<18} {'wall s':>8} {'dbt models s':>13} {'peak MB':>8} | {'plain SQL s':>11} {'models/plain':>12}")
    for models, result in rows:
        plain = result["plain"]
        for name, label in (("full", "full rebuild"), ("daily", "one-day refresh")):
            measure = result[name]
            ratio = f"{measure.model_s / plain.wall_s:.2f}x" if name == "full" else f"{measure.model_s / result['full'].model_s:.0%} of full"
            print(
                f"{models:>7} {result['raw_rows']:>11,} | {label:<18} {measure.wall_s:>8.1f} {measure.model_s:>13.1f} "
                f"{measure.peak_mb:>8.0f} | {plain.wall_s if name == 'full' else float('nan'):>11.1f} {ratio:>12}"
            )
    if any("daily_before" in result for _, result in rows):
        print()
        print(f"one-day refresh end to end, {args.before} (before) and this checkout (after), same synthetic history:")
        print(f"{'models':>7} | {'before wall s':>13} {'after wall s':>13} {'after/before':>12} | {'before models s':>15} {'after models s':>14}")
        for models, result in rows:
            before_daily, after_daily = result["daily_before"], result["daily"]
            print(
                f"{models:>7} | {before_daily.wall_s:>13.1f} {after_daily.wall_s:>13.1f} "
                f"{after_daily.wall_s / before_daily.wall_s:>11.2f}x | {before_daily.model_s:>15.1f} {after_daily.model_s:>14.1f}"
            )
    for models, result in rows:
        steps = sorted((result["daily"].by_step or {}).items(), key=lambda item: -item[1])
        print(f"\n{models} models, one-day refresh: {result['daily'].wall_s:.1f} s end to end, of which in Dagster's steps:")
        print("  " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in steps))
    for models, result in rows if args.detail else []:
        for name, label in (("full", "full rebuild"), ("daily", "one-day refresh")):
            slowest = sorted(result[name].by_model.items(), key=lambda item: -item[1])[: args.detail]
            print(f"\n{models} models, {label}: the {len(slowest)} slowest of {len(result[name].by_model)} models")
            for model, seconds in slowest:
                print(f"  {seconds:>7.3f} s  {model}")
    if rows:
        daily_models = len(rows[0][1]["daily"].by_model)
        with tempfile.TemporaryDirectory(prefix="atom-bench-floor-") as scratch:
            floor = dbt_floor(daily_models, Path(scratch))
        print()
        print(f"dbt's floor: {daily_models} models that each select one constant take {floor:.2f} s, ", end="")
        print(", ".join(f"{floor / result['full'].model_s:.0%} of the {models:,}-model full rebuild" for models, result in rows))
        daily = rows[0][1]["daily"]
        nodes = daily.dbt_nodes or {}
        built, tests = nodes.get("model", 0) + nodes.get("seed", 0), nodes.get("test", 0)
        with tempfile.TemporaryDirectory(prefix="atom-bench-node-floor-") as scratch:
            node_floor = dbt_node_floor(built, tests, Path(scratch))
        print(f"dbt's node floor: the {rows[0][0]:,}-model one-day refresh ran {built} models and seeds and {tests} tests in "
              f"{daily.dbt_s:.1f} s; as many constant models and tests that find nothing take {node_floor:.1f} s")
        with tempfile.TemporaryDirectory(prefix="atom-bench-events-") as scratch:
            per_event, calibration = seconds_per_event(Path(scratch))
        print(f"Dagster's floor: a run storing {calibration} events (one asset, its checks) takes {per_event * 1000:.1f} ms an event; ", end="")
        print(", ".join(
            f"the {models:,}-model one-day refresh stored {result['daily'].events:,}, about {result['daily'].events * per_event:.1f} s"
            for models, result in rows
        ))
    # Last: a child's peak memory (ru_maxrss) starts from what this process holds when it forks, and writing the
    # synthetic full-Hub archive leaves this process several GB larger.
    if args.full_hub_models:
        with tempfile.TemporaryDirectory(prefix="atom-bench-full-hub-") as scratch:
            phases = bench_full_hub(Path(scratch), models=args.full_hub_models, weeks=args.full_hub_weeks)
        print_phases(phases)
    print()
    print("full rebuild: dbt build --full-refresh over the stored raw table (seeds, views, tables, tests);")
    print("one-day refresh: `atom refresh` of the last day end to end, the day after an untimed refresh of the day before")
    print("(Dagster load, archive download through the replay server, every source's read, quality suites, dbt, publication,")
    print("report); peak MB is the whole process tree;")
    print("dbt models s counts the models the plain script stands for: the marts it computes and every model they are built")
    print("from (the other marts, and the derivative, OpenRouter and performance models, are built but not counted).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

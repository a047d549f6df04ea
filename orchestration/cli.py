"""The `atom` command: run the demo, refresh or backfill days, query the published marts, find the report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.calendar import utc_today
from orchestration.errors import RefreshError, SourcesFailedError
from orchestration.settings import VARIABLES, Settings, warehouse_paths

# This command, run again in a process of its own.
ATOM = [sys.executable, "-m", "orchestration.cli"]


def parse_day(value: str) -> dt.date:
    """A YYYY-MM-DD argument as a date, with an error that says what was expected."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date of the form YYYY-MM-DD: {value!r}") from None


def print_locations(home: str | None) -> None:
    """Where the warehouse, the published marts and the report are."""
    paths = warehouse_paths(home)
    print(f"warehouse: {paths.warehouse}")
    print(f"published marts (atom query reads these): {paths.published}")
    print(f"report: {paths.report}")


def print_refresh(refresh) -> None:
    """How each source's read ended, and how many Hub listing requests each raw table's refresh made."""
    from orchestration.runs import listing_requests

    for read in refresh.reads:
        if read["status"] == "stored":
            as_of = f", data as of {read['data_as_of']}" if read["data_as_of"] else ""
            print(f"refreshed {read['source']}: {read['rows_stored']} row(s) stored{as_of}")
        else:
            print(f"{read['status']} {read['source']}: {read['reason']}")
    for asset, requests in sorted(listing_requests(refresh.ingest).items()):
        print(f"{asset}: {requests} Hub listing request(s)")


def run_refresh(first: dt.date, last: dt.date, args: argparse.Namespace) -> int:
    """Refresh the days, print what each source did and where the results are; 1 when a source failed."""
    from orchestration.runs import refresh_days
    from orchestration.sources import sources_off

    sources_off()  # a misspelt source name is refused before anything runs
    try:
        refresh = refresh_days(first, last, warehouse_home=args.home or "", full_refresh=args.full_refresh)
    except SourcesFailedError as error:
        print_refresh(error.refresh)
        print(str(error), file=sys.stderr)
        print_locations(args.home)
        return 1
    print_refresh(refresh)
    print_locations(args.home)
    return 0


def command_refresh(args: argparse.Namespace) -> int:
    """Refresh one day (today, UTC, by default) and rebuild the marts."""
    day = args.date or utc_today()
    print(f"refreshing {day.isoformat()}")
    return run_refresh(day, day, args)


def command_backfill(args: argparse.Namespace) -> int:
    """Refresh a range of days as one run and rebuild the marts."""
    days = (args.end - args.start).days + 1
    print(f"backfilling {days} day(s), {args.start} to {args.end}, as one run")
    return run_refresh(args.start, args.end, args)


@dataclass(frozen=True)
class SampleServices:
    """The environment that points every source at the sample's services, and the days its archive holds."""

    environment: dict[str, str]
    archive_dates: list[dt.date]


@contextmanager
def sample_services() -> Iterator[SampleServices]:
    """The bundled sample served on loopback: the replay Hub with its archive and the LMArena dataset, OpenRouter
    in its real response shapes, Epoch AI's CSV."""
    from replay.artificial_analysis import DAILY_READS_PATH, artificial_analysis_sample
    from replay.files import EPOCH_PATH, epoch_sample
    from replay.openrouter import ReplayOpenRouter
    from replay.server import ReplayHub

    with (
        ReplayHub.from_sample() as hub, ReplayOpenRouter.from_sample() as openrouter, epoch_sample() as epoch,
        artificial_analysis_sample() as artificial_analysis,
    ):
        print(f"serving the bundled sample (history RECONSTRUCTED from one real snapshot) at {hub.url}")
        print(f"serving MADE-UP OpenRouter rankings in the real response shapes at {openrouter.url}")
        print(f"serving the real LMArena leaderboards through the replay Hub and Epoch AI's model CSV at {epoch.url}")
        print(f"serving real daily reads of Artificial Analysis's leaderboard at {artificial_analysis.url}")
        # No AA_API_KEY: the API would answer the sample's last day, which a refresh would store as read today.
        environment = {
            "HF_ENDPOINT": hub.url,
            "OPENROUTER_BASE_URL": openrouter.url,
            "OPENROUTER_API_KEY": openrouter.api_key,
            "EPOCH_MODELS_URL": epoch.url + EPOCH_PATH,
            "AA_DAILY_READS_URL": artificial_analysis.url + DAILY_READS_PATH,
        }
        yield SampleServices(environment, hub.archive_dates)


def command_demo(args: argparse.Namespace) -> int:
    """Serve the bundled sample on loopback and backfill the whole warehouse from it, in a process of its own whose
    environment points every source at the sample."""
    with sample_services() as sample:
        first, last = sample.archive_dates[0], sample.archive_dates[-1]
        print("the demo backfills the sample's whole snapshot archive", flush=True)
        home = ["--home", str(warehouse_paths(args.home).home)] if args.home else []
        backfill = [*home, "backfill", "--start", first.isoformat(), "--end", last.isoformat(), "--full-refresh"]
        code = subprocess.run([*ATOM, *backfill], env={**os.environ, **sample.environment}).returncode
    print("demo finished" if code == 0 else "demo finished, with failed sources (above)")
    print('try: atom query "select * from marts.downloads_by_region_monthly order by month desc limit 8"')
    return code


def command_ui(args: argparse.Namespace) -> int:
    """Start the Dagster UI (and its daemon) on this machine; with --sample, every source points at the bundled
    sample served on loopback for as long as the UI runs."""
    from orchestration.settings import REPO_ROOT

    command = [
        os.path.join(os.path.dirname(sys.executable), "dagster"), "dev", "-w", str(REPO_ROOT / "workspace.yaml"),
        "-h", "127.0.0.1", "-p", str(args.port),
    ]
    environment = dict(os.environ)
    if args.home:
        environment["ATOM_HOME"] = str(warehouse_paths(args.home).home)
    # A process started in the background by a shell has SIGINT ignored: Ctrl-C, or kill -INT, must still stop it.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    def run(extra: dict[str, str]) -> int:
        shown = {name: value for name, value in extra.items() if not name.endswith("_KEY")}
        for name, value in shown.items():
            print(f"{name}={value}")
        print(f"Dagster UI at http://127.0.0.1:{args.port} (Ctrl-C stops it)", flush=True)
        # In a session of its own, so that a UI that does not stop on Ctrl-C is killed with everything it started;
        # with Ctrl-C's default action restored, in case this process was started with SIGINT ignored.
        child = subprocess.Popen(
            command, cwd=REPO_ROOT, env={**environment, **extra}, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            return child.wait()
        except KeyboardInterrupt:
            child.send_signal(signal.SIGINT)
            try:
                return child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                return child.wait()

    if not args.sample:
        print("the UI reads the real sources (HF_ENDPOINT, OPENROUTER_API_KEY, AA_API_KEY, ... from this shell)")
        return run({})
    with sample_services() as sample:
        return run(sample.environment)


def published_marts(home: str | None) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection to the published marts, or None (having said why) when there are none yet."""
    published = warehouse_paths(home).published
    if not published.exists():
        print(f"no published marts at {published}: run `atom demo` or `atom refresh` first", file=sys.stderr)
        return None
    return duckdb.connect(str(published), read_only=True)


def command_query(args: argparse.Namespace) -> int:
    """Run read-only SQL on the published marts and print the rows."""
    conn = published_marts(args.home)
    if conn is None:
        return 1
    try:
        relation = conn.sql(args.sql)
        if relation is None:
            print("statement ran; it returned no rows")
        else:
            relation.show(max_rows=args.max_rows, max_width=10_000)
    except duckdb.Error as error:
        print(f"query failed: {error}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    return 0


def command_changes(args: argparse.Namespace) -> int:
    """Print what changed in the latest complete week against the week before, from marts.changes_weekly."""
    from report.changes import changes_text

    conn = published_marts(args.home)
    if conn is None:
        return 1
    try:
        print(changes_text(conn), end="")
    finally:
        conn.close()
    return 0


def command_export(args: argparse.Namespace) -> int:
    """Write a citable data release of the published marts and print its folder."""
    import json

    from orchestration.transform.project import dbt_project
    from release.export import ReleaseError, export_release

    paths = warehouse_paths(args.home)
    to = Path(args.to) if args.to else paths.home / "releases"
    manifest = json.loads(dbt_project().manifest_path.read_text())
    try:
        folder = export_release(paths.published, to, manifest, exported_at=dt.datetime.now(dt.timezone.utc))
    except ReleaseError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"release written to {folder}")
    print(f"check it with: (cd {folder} && sha256sum -c SHA256SUMS)")
    return 0


def command_docs(args: argparse.Namespace) -> int:
    """Build dbt's documentation site of the project as a static page and print its path."""
    from orchestration.transform.docs import build_docs

    paths = warehouse_paths(args.home)
    page = build_docs(paths, Path(args.to) if args.to else paths.home / "docs", environment=os.environ)
    print(f"documentation site: {page} (open it in a browser; it needs no server)")
    return 0


def command_settings(args: argparse.Namespace) -> int:
    """Print every environment variable the warehouse reads, its value in effect and what it means."""
    settings = Settings()
    for variable in VARIABLES:
        if variable.internal:
            continue
        if variable.secret:
            value = "(set)" if settings.value(variable.name) else "(not set)"
        elif settings.is_set(variable.name):
            value = settings.value(variable.name) or "(empty)"
        else:
            value = f"{variable.default or '(unset)'} (default)"
        print(f"{variable.name}={value}\n    {variable.meaning}")
    return 0


def command_report(args: argparse.Namespace) -> int:
    """Print the path of the HTML report."""
    report = warehouse_paths(args.home).report
    if not report.exists():
        print(f"no report at {report} yet: run `atom demo` or `atom refresh` first", file=sys.stderr)
        return 1
    print(report)
    return 0


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    root = argparse.ArgumentParser(prog="atom", description=__doc__)
    root.add_argument("--home", help="warehouse folder (default: $ATOM_HOME, else ./warehouse in the repository)")
    commands = root.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="build the whole warehouse offline from the bundled sample")
    demo.set_defaults(run=command_demo)

    refresh = commands.add_parser("refresh", help="ingest one day (default: today, UTC) and rebuild the marts")
    refresh.add_argument("--date", type=parse_day, help="the day to refresh, YYYY-MM-DD")
    refresh.add_argument("--full-refresh", action="store_true", help="rebuild incremental models from scratch")
    refresh.set_defaults(run=command_refresh)

    backfill = commands.add_parser("backfill", help="ingest a range of days as one run and rebuild the marts")
    backfill.add_argument("--start", type=parse_day, required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--end", type=parse_day, required=True, help="last day (inclusive), YYYY-MM-DD")
    backfill.add_argument("--full-refresh", action="store_true", help="rebuild incremental models from scratch")
    backfill.set_defaults(run=command_backfill)

    query = commands.add_parser("query", help="run read-only SQL on the published marts and print the rows")
    query.add_argument("sql", help='e.g. "select * from marts.downloads_by_region_monthly limit 8"')
    query.add_argument("--max-rows", type=int, default=100, help="rows to print at most")
    query.set_defaults(run=command_query)

    changes = commands.add_parser("changes", help="print what changed in the latest complete week against the one before")
    changes.set_defaults(run=command_changes)

    export = commands.add_parser("export", help="write the published marts as a citable data release (Parquet, CSV)")
    export.add_argument("--to", help="folder to write the release folder in (default: <home>/releases)")
    export.set_defaults(run=command_export)

    docs = commands.add_parser("docs", help="build dbt's documentation site of the project, offline and static")
    docs.add_argument("--to", help="folder for the site (default: <home>/docs)")
    docs.set_defaults(run=command_docs)

    report = commands.add_parser("report", help="print the path of the HTML report")
    report.set_defaults(run=command_report)

    settings = commands.add_parser("settings", help="print the environment variables read, their values and meaning")
    settings.set_defaults(run=command_settings)

    ui = commands.add_parser("ui", help="start the Dagster UI, on the bundled sample with --sample")
    ui.add_argument("--sample", action="store_true", help="serve the bundled sample and point every source at it")
    ui.add_argument("--port", type=int, default=3000, help="the UI's port on 127.0.0.1 (default 3000)")
    ui.set_defaults(run=command_ui)
    return root


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `atom` command."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (RefreshError, ValueError) as error:
        print(str(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""The secrets a user sets reach no log line, Dagster event, run tag, metadata value, warehouse table, report or
any other file the warehouse writes, whether the refresh succeeds or every source fails."""

import json

import dagster as dg
import duckdb
import pytest
from dagster._serdes import serialize_value

from replay.files import EPOCH_PATH
from orchestration.cli import main as atom
from orchestration.settings import SECRETS
from tests.source_stops import SOURCE_MARTS, TODAY, loopback_services, restart, stop

MARKERS = {name: f"marker-{name.lower().replace('_', '-')}-7f3a9c" for name in SECRETS}


@pytest.fixture(scope="module")
def services():
    """Every source on loopback, each keyed one answering only to its marker secret."""
    with loopback_services(MARKERS["OPENROUTER_API_KEY"], MARKERS["AA_API_KEY"]) as running:
        yield running


def test_no_secret_reaches_anything_the_warehouse_writes(services, epoch_csv, tmp_path, capfd):
    assert {"HF_TOKEN", "OPENROUTER_API_KEY", "AA_API_KEY"} <= set(MARKERS)
    hub, openrouter, aa = services
    home, dagster_home = tmp_path / "warehouse", tmp_path / "dagster"
    environment = {
        **MARKERS,
        "HF_ENDPOINT": hub.url,
        "OPENROUTER_BASE_URL": openrouter.url,
        "AA_BASE_URL": aa.url,
        "EPOCH_MODELS_URL": epoch_csv.url + EPOCH_PATH,
        "DAGSTER_HOME": str(dagster_home),
    }
    day = hub.archive_dates[-1].isoformat()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        assert atom(["--home", str(home), "refresh", "--date", day]) == 0
        # The secrets did reach the services that take them: OpenRouter answers only to its marker key.
        assert any(request["status"] == 200 for request in openrouter.request_log)
        stopped = {}
        try:
            for source in SOURCE_MARTS:
                stopped |= stop(source, services, environment)
            for name, value in stopped.items():
                patch.setenv(name, value)
            assert atom(["--home", str(home), "refresh", "--date", TODAY.isoformat()]) != 0
        finally:
            restart(services)
    output = capfd.readouterr()
    places = {"the command's output": output.out + output.err}
    for source in SOURCE_MARTS:
        assert f"failed {source}:" in output.out, f"the second refresh was meant to fail on {source}"

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        runs = instance.get_runs()
        assert len(runs) == 4 and any(run.status == dg.DagsterRunStatus.FAILURE for run in runs)
        for run in runs:
            places[f"run {run.run_id}'s tags"] = json.dumps(run.tags)
            events = instance.all_logs(run.run_id)
            places[f"run {run.run_id}'s events"] = "\n".join(serialize_value(event) for event in events)
    finally:
        instance.dispose()
    for database in home.rglob("*.duckdb"):
        places[f"the tables of {database}"] = every_value(database)
    for folder in (home, dagster_home):
        for path in folder.rglob("*"):
            if path.is_file():
                places[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    assert any("report" in place for place in places) and any("events" in place for place in places)
    for place, text in places.items():
        for name, marker in MARKERS.items():
            assert marker not in text, f"{name} found in {place}"


def every_value(database) -> str:
    """Every value of every table in the DuckDB file, as text."""
    conn = duckdb.connect(str(database), read_only=True)
    try:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = current_database()"
        ).fetchall()
        return "\n".join(
            repr(conn.execute(f'select * from {schema}."{table}"').fetchall()) for schema, table in tables
        )
    finally:
        conn.close()

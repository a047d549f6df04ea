"""Which models the dbt step rebuilds from scratch, decided by dbt's state comparison: a fresh clone of an unchanged
project rebuilds nothing; a changed model is rebuilt with what depends on it, and nothing else (real Dagster
materializations of the dbt step, on a small project shaped like the warehouse's)."""

import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from benchmarks.scratch_dbt import write_scratch_project
from orchestration.resources import DbtCli, WarehouseResource
from orchestration.transform.assets import build_dbt_assets
from orchestration.transform.project import DBT_EXECUTABLE, dbt_project
from orchestration.transform.state import plan_for_changes, reference_manifest, record_reference

def test_a_change_rebuilds_its_nodes_after_refreshing_the_others():
    names = {"a", "b", "c", "d"}
    plan = plan_for_changes(names, {"c", "d"})
    assert plan.builds == [["--exclude", "c d"], ["--full-refresh", "--exclude", "a b"]]
    assert plan_for_changes(names, set()).builds == [[]]
    assert plan_for_changes(names, names | {"gone"}).builds == [["--full-refresh"]]


def test_the_reference_manifest_lives_in_the_warehouse(tmp_path):
    warehouse = tmp_path / "atom.duckdb"
    assert reference_manifest(warehouse) is None
    record_reference(warehouse, '{"first": 1}')
    record_reference(warehouse, '{"second": 2}')
    assert reference_manifest(warehouse) == '{"second": 2}'
    assert reference_manifest(tmp_path / "other.duckdb") is None


# A small project shaped like the warehouse's: an incremental model, two marts built on it, one unrelated.
MODELS = {
    "daily": "{{ config(materialized='incremental') }} select day from range(1, 4) as days(day)"
             "{% if is_incremental() %} where day > (select max(day) from {{ this }}){% endif %}",
    "monthly": "select count(*) as days from {{ ref('daily') }}",
    "summary": "select days * 2 as doubled from {{ ref('monthly') }}",
    "unrelated": "select 1 as one",
}


@pytest.fixture(autouse=True)
def forget_the_small_project():
    """dbt_project() is kept for the process: later tests in this worker must get the warehouse's project back."""
    yield
    dbt_project.cache_clear()


def checkout(folder: Path) -> Path:
    """A fresh checkout of the small project: new files, new modification times, no manifest."""
    project = write_scratch_project(folder, {})
    (project / "models" / "marts").mkdir()
    for name, sql in MODELS.items():
        (project / "models" / "marts" / f"{name}.sql").write_text(sql)
    return project


def build(project: Path, home: Path, instance, monkeypatch) -> list[Path]:
    """The dbt step materialized from `project` into the warehouse at `home`; the run_results.json of its builds."""
    monkeypatch.setenv("ATOM_DBT_PROJECT_DIR", str(project))
    # The small project's profile, unlike the warehouse's, has no default file to parse with.
    monkeypatch.setenv("ATOM_WAREHOUSE_PATH", str(home / "atom.duckdb"))
    dbt_project.cache_clear()
    result = dg.materialize(
        build_dbt_assets(),
        resources={"dbt": DbtCli(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE),
                   "warehouse": WarehouseResource(home=str(home))},
        instance=instance,
    )
    assert result.success
    return sorted((home / "dbt_runs" / result.run_id).glob("**/run_results.json"))


def executed(run_results: Path) -> tuple[set[str], bool]:
    """The models a dbt build ran, and whether it was a full refresh."""
    results = json.loads(run_results.read_text())
    nodes = {result["unique_id"].rsplit(".", 1)[-1] for result in results["results"] if result["unique_id"].startswith("model.")}
    return nodes, bool(results["args"].get("full_refresh"))


def test_a_fresh_clone_rebuilds_nothing_and_a_changed_model_rebuilds_only_it_and_its_dependants(tmp_path, monkeypatch):
    home = tmp_path / "home"
    with dg.instance_for_test() as instance:
        first = build(checkout(tmp_path / "first_checkout"), home, instance, monkeypatch)
        assert [executed(path) for path in first] == [(set(MODELS), True)], "without a reference, built whole"

        project = checkout(tmp_path / "second_checkout")
        fresh = build(project, home, instance, monkeypatch)
        assert [executed(path) for path in fresh] == [(set(MODELS), False)], "an unchanged project: one incremental build"

        model = project / "models" / "marts" / "daily.sql"
        model.write_text(model.read_text() + "\n-- a changed rule\n")
        changed = build(project, home, instance, monkeypatch)
    # The run's own folder holds the incremental build; the rebuild from scratch is in a folder inside it.
    runs = {"from_scratch" in path.parts: executed(path) for path in changed}
    assert runs == {False: ({"unrelated"}, False), True: ({"daily", "monthly", "summary"}, True)}
    assert reference_manifest(home / "atom.duckdb") == (project / "target" / "manifest.json").read_text()
    conn = duckdb.connect(str(home / "atom.duckdb"), read_only=True)
    try:
        assert conn.execute("select doubled from main.summary").fetchall() == [(6,)]
    finally:
        conn.close()

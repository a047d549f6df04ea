"""Which models a refresh rebuilds from scratch, decided by dbt's state comparison: a fresh clone of an unchanged
project rebuilds nothing; a changed mart is rebuilt with what depends on it, and nothing else."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT
from orchestration.transform.state import plan_for_changes, reference_manifest, record_reference
from tests.dbt_run import empty_raw_warehouse

EVERY_SOURCE = "hub,openrouter,lmarena,artificial_analysis,epoch"


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


def refresh(home: Path, project: Path, tmp_path: Path, day) -> list[Path]:
    """`atom refresh` of one day in its own process, on the project copy, with every source switched off; the
    run_results.json files of its dbt builds."""
    before = set((home / "dbt_runs").glob("**/run_results.json"))
    dagster_home = tmp_path / "dagster_home"
    dagster_home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "ATOM_HOME": str(home),
        "ATOM_DBT_PROJECT_DIR": str(project),
        "ATOM_SOURCES_OFF": EVERY_SOURCE,
        "DAGSTER_HOME": str(dagster_home),
    }
    atom = os.path.join(os.path.dirname(sys.executable), "atom")
    done = subprocess.run([atom, "refresh", "--date", day.isoformat()], cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return sorted(set((home / "dbt_runs").glob("**/run_results.json")) - before)


def executed(run_results: Path) -> tuple[set[str], bool]:
    """The models and seeds a dbt build ran, and whether it was a full refresh."""
    results = json.loads(run_results.read_text())
    nodes = {result["unique_id"] for result in results["results"]}
    return {node for node in nodes if node.split(".")[0] in ("model", "seed")}, bool(results["args"].get("full_refresh"))


def descendants(manifest: dict, unique_id: str) -> set[str]:
    """The node and every model downstream of it, walked over dbt's child map."""
    found, queue = {unique_id}, deque([unique_id])
    while queue:
        for child in manifest["child_map"][queue.popleft()]:
            if child.startswith("model.") and child not in found:
                found.add(child)
                queue.append(child)
    return found


def fresh_clone(folder: Path) -> Path:
    """A copy of the dbt project as a fresh checkout has it: new files, new modification times, no manifest."""
    return Path(shutil.copytree(DBT_PROJECT_DIR, folder, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")))


def test_a_fresh_clone_rebuilds_nothing_and_a_changed_mart_rebuilds_only_it_and_its_dependants(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    empty_raw_warehouse(home / "atom.duckdb")
    day = dt.date(2026, 5, 20)
    builds = refresh(home, fresh_clone(tmp_path / "first_checkout"), tmp_path, day)
    assert len(builds) == 1 and executed(builds[0])[1], "a warehouse without a reference is built whole"

    project = fresh_clone(tmp_path / "second_checkout")
    builds = refresh(home, project, tmp_path, day)
    assert len(builds) == 1, "an unchanged project is one incremental build"
    nodes, full = executed(builds[0])
    assert not full and nodes

    model = project / "models" / "marts" / "model_downloads_daily.sql"
    model.write_text(model.read_text() + "\n-- a changed rule\n")
    builds = refresh(home, project, tmp_path, day)
    assert len(builds) == 2
    (incremental, incremental_full), (rebuilt, rebuilt_full) = executed(builds[0]), executed(builds[-1])
    if incremental_full:  # glob order: the second build's folder sits inside the first's
        (incremental, incremental_full), (rebuilt, rebuilt_full) = (rebuilt, rebuilt_full), (incremental, incremental_full)
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    expected = descendants(manifest, "model.atom.model_downloads_daily")
    assert "model.atom.model_downloads_monthly" in expected and "model.atom.downloads_by_region_monthly" in expected
    assert rebuilt_full and rebuilt == expected
    assert not incremental_full and not (incremental & expected) and incremental == nodes - expected
    # Once rebuilt, the changed project is the reference the next refresh compares with.
    assert reference_manifest(home / "atom.duckdb") == (project / "target" / "manifest.json").read_text()

"""An incremental refresh of one day leaves every model exactly as a full rebuild would."""

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest

from benchmarks.run import load_raw
from benchmarks.synthetic_hub import write as write_synthetic
from orchestration.settings import DBT_PROJECT_DIR
from orchestration.transform.window import window_env
from tests.warehouse_snapshot import table_contents

END = dt.date(2026, 5, 20)
SCHEMAS = ("intermediate", "marts")


def dbt(project, warehouse, *args, window=None):
    env = {**os.environ, "ATOM_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.update(window_env(window, window + dt.timedelta(days=1)) if window else {})
    completed = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "dbt"), "build", "--exclude-resource-type", "unit_test", *args],
        cwd=project, env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-4000:]


def add_day(warehouse, sample, day):
    import duckdb

    conn = duckdb.connect(str(warehouse))
    conn.execute(
        f"""
        insert into raw.hf_model_snapshots
        select h.snapshot_date, h.model_id, s.author, cast(s.createdAt as timestamp), cast(s.lastModified as timestamp),
            h.downloads_30d, h.downloads_all_time, s.likes, s.pipeline_tag, s.library_name,
            null, null, null, 'synthetic', 'benchmark'
        from read_parquet('{sample / "download_history.parquet"}') h
        join read_parquet('{sample / "hub_state.parquet"}') s on s.id = h.model_id
        where h.snapshot_date = DATE '{day}'
        """
    )
    conn.close()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    work = tmp_path_factory.mktemp("incremental")
    write_synthetic(work / "sample", models=300, days=150, end=END, seed=11)
    shutil.copytree(DBT_PROJECT_DIR, work / "dbt_project", ignore=shutil.ignore_patterns("target", "logs"))
    shutil.copy(work / "sample" / "tracked_models.csv", work / "dbt_project" / "seeds" / "tracked_models.csv")
    return work


def test_a_new_day_built_incrementally_matches_a_full_rebuild(project):
    warehouse = project / "incremental.duckdb"
    load_raw(warehouse, project / "sample", END)
    dbt(project / "dbt_project", warehouse, "--full-refresh")
    add_day(warehouse, project / "sample", END)
    dbt(project / "dbt_project", warehouse, window=END)
    incremental = table_contents(warehouse, SCHEMAS)

    dbt(project / "dbt_project", warehouse, "--full-refresh")
    full = table_contents(warehouse, SCHEMAS)
    assert incremental.keys() == full.keys()
    for table in full:
        assert incremental[table] == full[table], f"{table} differs after an incremental refresh"

    # Re-running a past day (a partition of a backfill) recomputes from it onwards and changes nothing.
    dbt(project / "dbt_project", warehouse, window=END - dt.timedelta(days=20))
    assert table_contents(warehouse, SCHEMAS) == full

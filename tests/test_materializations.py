"""The project's table and incremental materializations, on a small dbt project of their own."""

import os
import subprocess
import sys

import duckdb
import pytest

from benchmarks.scratch_dbt import write_scratch_project

DAYS = """
{{ config(materialized='incremental', pre_hook="{% if is_incremental() %}delete from {{ this }} where day >= 2{% endif %}") }}
select day, day * 10 as downloads from range(1, {{ env_var('LAST_DAY') | int + 1 }}) as days(day)
{% if is_incremental() %} where day >= 2 {% endif %}
"""


@pytest.fixture
def project(tmp_path):
    return write_scratch_project(tmp_path / "project", {})


def dbt(project, *args, last_day=3):
    env = {
        **os.environ,
        "ATOM_WAREHOUSE_PATH": str(project.parent / "warehouse.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "LAST_DAY": str(last_day),
    }
    completed = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "dbt"), "run", "--profiles-dir", str(project), *args],
        cwd=project, env=env, capture_output=True, text=True,
    )
    return completed.returncode, completed.stdout


def rows(project, table):
    conn = duckdb.connect(str(project.parent / "warehouse.duckdb"), read_only=True)
    try:
        return conn.execute(f"select * from main.{table} order by all").fetchall()
    finally:
        conn.close()


def test_a_table_is_replaced_whole_and_a_failing_rebuild_keeps_the_old_one(project):
    model = project / "models" / "totals.sql"
    model.write_text("{{ config(materialized='view') }} select 1 as total")
    assert dbt(project)[0] == 0
    model.write_text("{{ config(materialized='table') }} select 2 as total")
    assert dbt(project)[0] == 0, "a view of the same name is replaced by the table"
    assert rows(project, "totals") == [(2,)]

    model.write_text("{{ config(materialized='table') }} select 3 as total union all select error('bad batch')")
    status, output = dbt(project)
    assert status != 0 and "bad batch" in output
    assert rows(project, "totals") == [(2,)]


def test_an_incremental_run_replaces_what_its_pre_hook_deleted_and_a_full_refresh_rebuilds(project):
    (project / "models" / "days.sql").write_text(DAYS)
    assert dbt(project, last_day=3)[0] == 0
    assert rows(project, "days") == [(1, 10), (2, 20), (3, 30)]

    assert dbt(project, last_day=4)[0] == 0
    assert dbt(project, last_day=4)[0] == 0, "re-running the same day changes nothing"
    assert rows(project, "days") == [(1, 10), (2, 20), (3, 30), (4, 40)]

    # A column the stored table lacks is an error that names it, never silently dropped.
    (project / "models" / "days.sql").write_text(DAYS.replace("as downloads", "as downloads, 1 as likes"))
    status, output = dbt(project, last_day=5)
    assert status != 0 and "likes" in output
    assert rows(project, "days") == [(1, 10), (2, 20), (3, 30), (4, 40)]

    assert dbt(project, "--full-refresh", last_day=5)[0] == 0
    assert rows(project, "days") == [(day, day * 10, 1) for day in range(1, 6)]


def test_a_configuration_the_materializations_do_not_support_is_refused_by_name(project):
    (project / "models" / "keyed.sql").write_text(
        "{{ config(materialized='incremental', unique_key='day') }} select 1 as day"
    )
    status, output = dbt(project)
    assert status != 0
    assert "keyed" in output and "unique_key" in output

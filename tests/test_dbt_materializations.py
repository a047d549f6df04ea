"""What the warehouse relies on dbt-duckdb's table and incremental materializations for, on a small project
configured as the warehouse's is: a failed rebuild keeps the stored table, a refresh replaces what it recomputes,
and a changed incremental model asks for a full refresh."""

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

    # A column the stored table lacks is an error that names it, never silently dropped (on_schema_change: fail).
    (project / "models" / "days.sql").write_text(DAYS.replace("as downloads", "as downloads, 1 as likes"))
    status, output = dbt(project, last_day=5)
    assert status != 0 and "likes" in output
    assert rows(project, "days") == [(1, 10), (2, 20), (3, 30), (4, 40)]

    assert dbt(project, "--full-refresh", last_day=5)[0] == 0
    assert rows(project, "days") == [(day, day * 10, 1) for day in range(1, 6)]


def test_a_delete_insert_run_replaces_the_stored_rows_whose_keys_it_selects(project):
    model = project / "models" / "keyed.sql"
    config = "{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['model', 'day']) }}"
    model.write_text(config + " select * from (values ('a', 1, 10), ('a', 2, 20), ('b', 1, 5)) as t(model, day, n)")
    assert dbt(project)[0] == 0
    model.write_text(config + " select * from (values ('a', 2, 21), ('b', 2, 6)) as t(model, day, n)")
    assert dbt(project)[0] == 0
    assert dbt(project)[0] == 0, "re-running the same batch changes nothing"
    assert rows(project, "keyed") == [("a", 1, 10), ("a", 2, 21), ("b", 1, 5), ("b", 2, 6)]

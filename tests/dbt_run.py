"""Running `dbt build` on a throwaway warehouse file, as the tests that hand-make raw rows do."""

import os
import subprocess
import sys
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR
from orchestration.source_reads import READS_SCHEMA, READS_TABLE
from orchestration.sources import SOURCES
from orchestration.warehouse import ensure_table


def dbt_build(warehouse: Path, *selectors: str, window: dict[str, str] | None = None) -> None:
    """Build the selected models (and their tests) into `warehouse`, for a refresh window when given; fail with
    dbt's output when dbt does."""
    env = {**os.environ, **(window or {}), "ATOM_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    target = warehouse.parent / "target"
    completed = subprocess.run(
        [dbt, "build", "--select", *selectors, "--exclude-resource-type", "unit_test", "--target-path", str(target),
         "--log-path", str(target)],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-4000:]


def run_dbt(warehouse: Path, *args: str, project: Path = DBT_PROJECT_DIR) -> subprocess.CompletedProcess:
    """`dbt <args>` on `warehouse` with `project`, its artifacts beside the warehouse; the caller reads the outcome."""
    env = {**os.environ, "ATOM_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    target = warehouse.parent / "target"
    return subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "dbt"), *args, "--target-path", str(target),
         "--log-path", str(target)],
        cwd=project, env=env, capture_output=True, text=True,
    )


def empty_raw_warehouse(warehouse: Path) -> Path:
    """A warehouse holding every raw table the sources write, empty: enough for dbt to build and check models."""
    for source in SOURCES:
        for table, schema in source.tables.items():
            ensure_table(warehouse, "raw", table, schema)
    ensure_table(warehouse, "raw", READS_TABLE, READS_SCHEMA)
    return warehouse

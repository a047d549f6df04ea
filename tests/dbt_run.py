"""Running `dbt build` on a throwaway warehouse file, as the tests that hand-make raw rows do."""

import os
import subprocess
import sys
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR


def dbt_build(warehouse: Path, *selectors: str, window: dict[str, str] | None = None) -> None:
    """Build the selected models (and their tests) into `warehouse`, for a refresh window when given; fail with
    dbt's output when dbt does."""
    env = {**os.environ, **(window or {}), "ATOM_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    target = warehouse.parent / "target"
    completed = subprocess.run(
        [dbt, "build", "--select", *selectors, "--target-path", str(target), "--log-path", str(target)],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-4000:]

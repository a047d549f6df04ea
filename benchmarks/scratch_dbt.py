"""A throwaway dbt project on DuckDB built with this project's own materializations, for measuring and testing them."""

from __future__ import annotations

import shutil
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

PROJECT_YML = """
name: scratch
version: "1.0.0"
config-version: 2
profile: scratch
flags:
  send_anonymous_usage_stats: false
models:
  scratch:
    +materialized: table
"""

# The warehouse file comes from ATOM_WAREHOUSE_PATH, as in the real profile.
PROFILES_YML = """
scratch:
  target: local
  outputs:
    local:
      type: duckdb
      path: "{{ env_var('ATOM_WAREHOUSE_PATH') }}"
      threads: 1
"""


def write_scratch_project(root: Path, models: dict[str, str]) -> Path:
    """Write a project at `root` with these models (name -> SQL) and its own profiles.yml; returns `root`."""
    (root / "models").mkdir(parents=True)
    (root / "macros").mkdir()
    shutil.copy(DBT_PROJECT_DIR / "macros" / "materializations.sql", root / "macros")
    (root / "dbt_project.yml").write_text(PROJECT_YML)
    (root / "profiles.yml").write_text(PROFILES_YML)
    for name, sql in models.items():
        (root / "models" / f"{name}.sql").write_text(sql)
    return root

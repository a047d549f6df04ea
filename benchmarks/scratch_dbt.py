"""A throwaway dbt project on DuckDB, configured as the warehouse's is, for measuring dbt-duckdb's materializations
and testing what the warehouse relies on them for."""

from __future__ import annotations

from pathlib import Path

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
    +on_schema_change: fail
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


def write_scratch_project(root: Path, models: dict[str, str], tests: dict[str, str] | None = None) -> Path:
    """Write a project at `root` with these models and singular data tests (name -> SQL) and its own profiles.yml;
    returns `root`."""
    (root / "models").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "dbt_project.yml").write_text(PROJECT_YML)
    (root / "profiles.yml").write_text(PROFILES_YML)
    for folder, nodes in (("models", models), ("tests", tests or {})):
        for name, sql in nodes.items():
            (root / folder / f"{name}.sql").write_text(sql)
    return root

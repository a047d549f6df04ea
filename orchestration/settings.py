"""Where the warehouse keeps its files, resolved in one place for Dagster, dbt and the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
# Who answers for every asset the warehouse defines (a Dagster owner: a team or an email address).
OWNERS = ["team:atom-warehouse"]


def dbt_project_dir() -> Path:
    """The dbt project: ATOM_DBT_PROJECT_DIR (a copy with another tracked universe), else the repository's."""
    return Path(os.environ.get("ATOM_DBT_PROJECT_DIR") or DBT_PROJECT_DIR).resolve()


def tracked_models_seed() -> Path:
    """The seed that defines the tracked model universe, shared by ingestion and dbt."""
    return dbt_project_dir() / "seeds" / "tracked_models.csv"


@dataclass(frozen=True)
class WarehousePaths:
    """The warehouse file, its published copy for SQL users, and the report."""

    home: Path

    @property
    def warehouse(self) -> Path:
        """The DuckDB file that ingestion and dbt write."""
        return self.home / "atom.duckdb"

    @property
    def published(self) -> Path:
        """The read-only copy of the marts that queries use; replaced whole by each good refresh."""
        return self.home / "published" / "atom.duckdb"

    @property
    def report(self) -> Path:
        """The HTML report."""
        return self.home / "report" / "index.html"

    @property
    def dbt_runs(self) -> Path:
        """dbt's artifacts of the latest builds (run results, compiled SQL, logs), one folder per run."""
        return self.home / "dbt_runs"


def warehouse_paths(home: str | os.PathLike | None = None) -> WarehousePaths:
    """The paths under ATOM_HOME (default: the repository's warehouse/ folder), always absolute."""
    chosen = home or os.environ.get("ATOM_HOME") or REPO_ROOT / "warehouse"
    return WarehousePaths(Path(chosen).expanduser().resolve())


def dagster_home() -> Path:
    """Dagster's instance folder: DAGSTER_HOME, else the repository's dagster_home/."""
    return Path(os.environ.get("DAGSTER_HOME") or REPO_ROOT / "dagster_home").resolve()

"""Every setting the warehouse reads from its environment, in one place: each variable's name, default and meaning,
and the settings of each source and of the warehouse's files, built from them.

Nothing else in the warehouse reads the environment; the README's configuration table is checked against
`VARIABLES`, and `atom settings` prints them with the values in effect (secrets only as set or not).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ingestion.artificial_analysis.client import PUBLIC_AA, PUBLIC_DAILY_READS, ArtificialAnalysisSettings
from ingestion.epoch.models import PUBLIC_EPOCH_CSV, EpochSettings
from ingestion.huggingface.duckdb_scratch import DEFAULT_MEMORY_LIMIT
from ingestion.huggingface.settings import DEFAULT_ARCHIVE_REPO, PUBLIC_HUB, HubSettings
from ingestion.lmarena.leaderboard import LEADERBOARD_FILE, LEADERBOARD_REPO
from ingestion.openrouter.settings import PUBLIC_OPENROUTER, OpenRouterSettings
from ingestion.retries import RetryPolicy

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
# Who answers for every asset the warehouse defines (a Dagster owner: a team or an email address).
OWNERS = ["team:atom-warehouse"]


@dataclass(frozen=True)
class Variable:
    """One environment variable the warehouse reads: its default ("" when unset means off or none) and meaning."""

    name: str
    default: str
    meaning: str
    secret: bool = False
    # Set by the warehouse itself for the programs it starts (dbt), not by a user.
    internal: bool = False


VARIABLES = (
    Variable("ATOM_HOME", "warehouse", "The warehouse's folder (the default is in the repository): the "
             "DuckDB file, its published copy, the report and dbt's run artifacts."),
    Variable("DAGSTER_HOME", "dagster_home", "Dagster's instance folder (the default is in the repository): run history, "
             "schedules, logs."),
    Variable("ATOM_DBT_PROJECT_DIR", "dbt_project", "The dbt project to build (the default is in the repository), for "
             "example a copy with another tracked model universe."),
    Variable("ATOM_SOURCES_OFF", "", "Sources not to read, comma-separated: hub (or hub_snapshots, "
             "hub_derivatives), openrouter (or openrouter_catalogue, openrouter_rankings), lmarena, "
             "artificial_analysis, epoch."),
    Variable("HF_ENDPOINT", PUBLIC_HUB, "The Hugging Face Hub, or a mirror, whose listing, snapshot archive and "
             "LMArena dataset are read."),
    Variable("HF_TOKEN", "", "A Hub access token (raises the Hub's rate limits).", secret=True),
    Variable("ATOM_HF_ARCHIVE_REPO", DEFAULT_ARCHIVE_REPO, "The Hub dataset of whole-Hub snapshots."),
    Variable("ATOM_ARCHIVE_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT, "DuckDB's memory limit while one archive file is "
             "read (it spills to disk past it)."),
    Variable("ATOM_LMARENA_REPO", LEADERBOARD_REPO, "The Hub dataset of LMArena's leaderboards."),
    Variable("ATOM_LMARENA_FILE", LEADERBOARD_FILE, "The file of that dataset that is read."),
    Variable("OPENROUTER_BASE_URL", PUBLIC_OPENROUTER, "The OpenRouter API."),
    Variable("OPENROUTER_API_KEY", "", "An OpenRouter key; without it the daily token rankings are not read.",
             secret=True),
    Variable("AA_BASE_URL", PUBLIC_AA, "The Artificial Analysis API."),
    Variable("AA_API_KEY", "", "An Artificial Analysis key; without it today's leaderboard comes only from the "
             "daily reads.", secret=True),
    Variable("AA_DAILY_READS_URL", PUBLIC_DAILY_READS, "Where the daily reads of Artificial Analysis's leaderboard "
             "are published; empty switches them off."),
    Variable("EPOCH_MODELS_URL", PUBLIC_EPOCH_CSV, "Epoch AI's model CSV."),
    Variable("ATOM_HTTP_ATTEMPTS", str(RetryPolicy.attempts), "How many times a request to OpenRouter, Artificial "
             "Analysis or Epoch AI is tried (the Hub's are retried by huggingface_hub)."),
    Variable("ATOM_HTTP_BACKOFF_SECONDS", str(RetryPolicy.backoff_seconds), "The first wait before a retry; each "
             "later one doubles."),
    Variable("ATOM_HTTP_MAX_WAIT_SECONDS", str(RetryPolicy.max_wait_seconds), "The longest wait before a retry, "
             "whether from the backoff or from a server's Retry-After."),
    Variable("ATOM_LOCK_TIMEOUT_SECONDS", "3600", "How long a run waits for another run writing the warehouse "
             "before it fails."),
    Variable("ATOM_DUCKDB_MEMORY_LIMIT", "3GB", "DuckDB's memory limit in dbt's builds."),
    Variable("ATOM_WAREHOUSE_PATH", "", "The DuckDB file dbt builds, set for each build.", internal=True),
    Variable("ATOM_WINDOW_START", "", "The first day a build recomputes, set for each build.", internal=True),
    Variable("ATOM_WINDOW_END", "", "The day after the last one a build recomputes, set for each build.",
             internal=True),
)
BY_NAME = {variable.name: variable for variable in VARIABLES}
SECRETS = tuple(variable.name for variable in VARIABLES if variable.secret)


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


class Settings:
    """The values of `VARIABLES` in an environment (the process's by default), and the settings built from them."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self._values = {name: env[name] for name in BY_NAME if name in env}

    def value(self, name: str) -> str:
        """The variable's value, or its default when unset or empty (an unknown name is an error)."""
        return self._values.get(name) or BY_NAME[name].default

    def is_set(self, name: str) -> bool:
        """Whether the environment gives the variable a value (empty counts as given)."""
        return name in self._values

    def _path(self, name: str) -> Path:
        # A value given is read from the working folder, as a shell user means it; the defaults are the repository's.
        given = self._values.get(name)
        return Path(given).expanduser().resolve() if given else (REPO_ROOT / BY_NAME[name].default).resolve()

    def home(self) -> Path:
        """The warehouse's folder."""
        return self._path("ATOM_HOME")

    def dagster_home(self) -> Path:
        """Dagster's instance folder."""
        return self._path("DAGSTER_HOME")

    def dbt_project_dir(self) -> Path:
        """The dbt project."""
        return self._path("ATOM_DBT_PROJECT_DIR")

    def retry(self) -> RetryPolicy:
        """The retry policy of the HTTP sources."""
        return RetryPolicy(
            attempts=max(1, int(self.value("ATOM_HTTP_ATTEMPTS"))),
            backoff_seconds=float(self.value("ATOM_HTTP_BACKOFF_SECONDS")),
            max_wait_seconds=float(self.value("ATOM_HTTP_MAX_WAIT_SECONDS")),
        )

    def lock_timeout(self) -> float:
        """Seconds a run waits for the warehouse's write lock."""
        return float(self.value("ATOM_LOCK_TIMEOUT_SECONDS"))

    def hub(self) -> HubSettings:
        """The Hub source."""
        return HubSettings(
            endpoint=self.value("HF_ENDPOINT").rstrip("/"),
            archive_repo=self.value("ATOM_HF_ARCHIVE_REPO"),
            token=self._values.get("HF_TOKEN") or None,
            scratch_memory_limit=self.value("ATOM_ARCHIVE_MEMORY_LIMIT"),
        )

    def lmarena(self) -> tuple[str, str]:
        """The LMArena dataset and file."""
        return self.value("ATOM_LMARENA_REPO"), self.value("ATOM_LMARENA_FILE")

    def openrouter(self) -> OpenRouterSettings:
        """The OpenRouter source."""
        return OpenRouterSettings(
            base_url=self.value("OPENROUTER_BASE_URL").rstrip("/"),
            api_key=self._values.get("OPENROUTER_API_KEY") or None,
            retry=self.retry(),
        )

    def artificial_analysis(self) -> ArtificialAnalysisSettings:
        """The Artificial Analysis source; an empty AA_DAILY_READS_URL switches the daily reads off."""
        reads = self._values.get("AA_DAILY_READS_URL", PUBLIC_DAILY_READS)
        return ArtificialAnalysisSettings(
            base_url=self.value("AA_BASE_URL").rstrip("/"),
            api_key=self._values.get("AA_API_KEY") or None,
            daily_reads_url=reads.rstrip("/"),
            retry=self.retry(),
        )

    def epoch(self) -> EpochSettings:
        """The Epoch AI source."""
        return EpochSettings(url=self.value("EPOCH_MODELS_URL"), retry=self.retry())

    def sources_off(self) -> str:
        """ATOM_SOURCES_OFF as given."""
        return self.value("ATOM_SOURCES_OFF")

    def secrets(self) -> dict[str, str]:
        """The secrets that are set, by name (to keep them out of anything the warehouse writes)."""
        return {name: self._values[name] for name in SECRETS if self._values.get(name)}


def markdown_table() -> str:
    """The README's table of the variables a user sets."""
    lines = ["| Variable | Default | Meaning |", "| --- | --- | --- |"]
    for variable in VARIABLES:
        if not variable.internal:
            default = f"`{variable.default}`" if variable.default else "unset"
            lines.append(f"| `{variable.name}` | {default} | {variable.meaning} |")
    return "\n".join(lines)


def dbt_project_dir() -> Path:
    """The dbt project: ATOM_DBT_PROJECT_DIR (a copy with another tracked universe), else the repository's."""
    return Settings().dbt_project_dir()


def tracked_models_seed() -> Path:
    """The seed that defines the tracked model universe, shared by ingestion and dbt."""
    return dbt_project_dir() / "seeds" / "tracked_models.csv"


def warehouse_paths(home: str | os.PathLike | None = None) -> WarehousePaths:
    """The paths under `home`, else ATOM_HOME (default: the repository's warehouse/ folder), always absolute."""
    chosen = Path(home).expanduser().resolve() if home else Settings().home()
    return WarehousePaths(chosen)


def dagster_home() -> Path:
    """Dagster's instance folder: DAGSTER_HOME, else the repository's dagster_home/."""
    return Settings().dagster_home()

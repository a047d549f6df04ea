"""Resources shared by the assets: the warehouse location, the Hugging Face source and dbt."""

from __future__ import annotations

import importlib.metadata
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version
from pydantic import PrivateAttr

from ingestion.artificial_analysis.client import ArtificialAnalysisSettings
from ingestion.epoch.models import EpochSettings
from ingestion.huggingface import ArchiveFiles, HubSettings
from ingestion.openrouter.settings import OpenRouterSettings
from orchestration.locking import write_lock
from orchestration.settings import Settings, WarehousePaths, warehouse_paths


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse's folder (ATOM_HOME); every path inside it is derived from this one setting."""

    home: str = ""

    def paths(self) -> WarehousePaths:
        """Absolute paths of the warehouse, its published copy and the report."""
        return warehouse_paths(self.home or None)

    @contextmanager
    def writing(self) -> Iterator[WarehousePaths]:
        """Hold the warehouse's write lock: DuckDB takes one writer at a time, so a second run waits its turn
        (a CLI refresh beside a UI run) instead of failing on the file lock."""
        paths = self.paths()
        paths.home.mkdir(parents=True, exist_ok=True)
        with write_lock(paths.home / ".write.lock", Settings().lock_timeout()):
            yield paths

    @contextmanager
    def reading(self, source: str) -> Iterator[None]:
        """Hold the source's read lock: two runs reading one source at once would each plan from what the other has
        half stored (and spend one API budget twice), so the second waits, then finds the first's days stored."""
        paths = self.paths()
        paths.home.mkdir(parents=True, exist_ok=True)
        with write_lock(paths.home / f".{source}.read.lock", Settings().lock_timeout(),
                        holder=f"another run is reading {source}"):
            yield


class HubSource(dg.ConfigurableResource):
    """The Hugging Face Hub source; endpoint and token come from HF_ENDPOINT and HF_TOKEN at run time.

    A run's archive files are downloaded once into a scratch folder of the run and shared by the raw assets that
    read them; the folder is removed when the run ends.
    """

    endpoint: str = ""
    archive_repo: str = ""
    _scratch: tempfile.TemporaryDirectory | None = PrivateAttr(default=None)
    _archive: ArchiveFiles | None = PrivateAttr(default=None)

    def settings(self) -> HubSettings:
        """Settings from the environment, overridden by any value configured on the resource."""
        settings = Settings().hub()
        return replace(
            settings,
            endpoint=(self.endpoint or settings.endpoint).rstrip("/"),
            archive_repo=self.archive_repo or settings.archive_repo,
        )

    def lmarena(self) -> tuple[str, str]:
        """The LMArena dataset on the Hub, and its file that is read."""
        return Settings().lmarena()

    def archive(self) -> ArchiveFiles:
        """The run's archive files (created on first use, so a run that reads no archive makes no folder)."""
        if self._archive is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="atom-archive-")
            self._archive = ArchiveFiles(self.settings(), self._scratch.name)
        return self._archive

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """Remove the run's archive files."""
        if self._scratch is not None:
            self._scratch.cleanup()
        self._scratch = self._archive = None


class OpenRouterSource(dg.ConfigurableResource):
    """The OpenRouter source; base URL and key come from OPENROUTER_BASE_URL and OPENROUTER_API_KEY at run time."""

    base_url: str = ""

    def settings(self) -> OpenRouterSettings:
        """Settings from the environment, with the base URL overridden when configured on the resource."""
        settings = Settings().openrouter()
        return replace(settings, base_url=(self.base_url or settings.base_url).rstrip("/"))


class ArtificialAnalysisSource(dg.ConfigurableResource):
    """The Artificial Analysis API; base URL and key come from AA_BASE_URL and AA_API_KEY at run time."""

    base_url: str = ""

    def settings(self) -> ArtificialAnalysisSettings:
        """Settings from the environment, with the base URL overridden when configured on the resource."""
        settings = Settings().artificial_analysis()
        return replace(settings, base_url=(self.base_url or settings.base_url).rstrip("/"))


class EpochSource(dg.ConfigurableResource):
    """Epoch AI's model CSV; its URL comes from EPOCH_MODELS_URL at run time unless configured here."""

    url: str = ""

    def settings(self) -> EpochSettings:
        """Settings from the environment, with the URL overridden when configured on the resource."""
        settings = Settings().epoch()
        return replace(settings, url=self.url) if self.url else settings


class DbtCli(DbtCliResource):
    """dbt, run from the dbt-core installed beside this interpreter."""

    @cached_property
    def _cli_version(self) -> version.Version:
        # dagster-dbt otherwise starts `dbt --version` (about 4 s here) at each run to tell dbt-core from the
        # Fusion engine; the warehouse pins dbt-core, so its installed version is the answer.
        return version.parse(importlib.metadata.version("dbt-core"))

"""dbt's documentation site for the project, built offline as one static page from the warehouse's catalog."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from orchestration.errors import RefreshError
from orchestration.locking import write_lock
from orchestration.publication.folders import built_beside
from orchestration.settings import Settings, WarehousePaths, dbt_project_dir
from orchestration.transform.project import DBT_EXECUTABLE


class DocsError(RefreshError):
    """dbt could not build the documentation site."""


def build_docs(paths: WarehousePaths, to: Path, environment: Mapping[str, str]) -> Path:
    """Run `dbt docs generate --static` on the warehouse, in `environment` (the command's own) pointed at it, and
    replace `to` with a folder holding the site as index.html (manifest and catalog inside it, so it opens from disk
    with no server); returns the page.

    dbt opens the warehouse to read its catalog, so the build holds the warehouse's write lock, as a refresh does.
    """
    if not paths.warehouse.exists():
        raise DocsError(f"no warehouse at {paths.warehouse}: run `atom demo` or `atom refresh` first")
    to.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dbt-docs-", dir=to.parent) as artifacts:
        env = {**environment, "ATOM_WAREHOUSE_PATH": str(paths.warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        with write_lock(paths.home / ".write.lock", Settings().lock_timeout()):
            done = subprocess.run(
                [DBT_EXECUTABLE, "docs", "generate", "--static", "--target-path", artifacts, "--log-path", artifacts],
                cwd=dbt_project_dir(), env=env, capture_output=True, text=True,
            )
        if done.returncode != 0:
            raise DocsError(f"dbt docs generate failed:\n{done.stdout[-3000:]}")
        with built_beside(to) as staging:
            shutil.copyfile(Path(artifacts) / "static_index.html", staging / "index.html")
    return to / "index.html"

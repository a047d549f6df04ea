"""The dbt project, its manifest built once per process, and how its nodes map to Dagster assets."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject

from orchestration.settings import dbt_project_dir, warehouse_paths


@cache
def dbt_project() -> DbtProject:
    """The dbt project with a fresh manifest (dbt parse), prepared on first use rather than at import."""
    # dbt's profile reads the warehouse path from the environment; parsing needs it set, not opened.
    os.environ.setdefault("ATOM_WAREHOUSE_PATH", str(warehouse_paths().warehouse))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    # dagster-dbt runs `dbt` from PATH; the one installed beside this interpreter must be found even when
    # the virtual environment is not activated (e.g. `.venv/bin/atom`).
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])
    project_dir = dbt_project_dir()
    project = DbtProject(project_dir=project_dir, profiles_dir=project_dir)
    if not manifest_is_current(project_dir, project.manifest_path):
        project.preparer.prepare(project)
    return project


def manifest_is_current(project_dir: Path, manifest: Path) -> bool:
    """Whether the manifest is newer than every file of the project, so parsing again would change nothing."""
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    for path in project_dir.rglob("*"):
        if path.is_file() and not {"target", "logs"} & set(path.relative_to(project_dir).parts):
            if path.stat().st_mtime > built:
                return False
    return True


class AtomDbtTranslator(DagsterDbtTranslator):
    """Asset keys are schema/name, groups are the model's layer folder, so the lineage reads as layers."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        if dbt_resource_props["resource_type"] == "model":
            return Path(dbt_resource_props["original_file_path"]).parts[1]
        return super().get_group_name(dbt_resource_props)


def translator() -> AtomDbtTranslator:
    """The translator, with dbt tests turned into asset checks."""
    return AtomDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

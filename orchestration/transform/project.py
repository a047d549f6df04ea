"""The dbt project, its manifest built once per process, and how its nodes map to Dagster assets."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
import filelock
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject

from orchestration.settings import dbt_project_dir


# The dbt installed beside this interpreter, found even when its virtual environment is not activated.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


def prepare_manifest(project: DbtProject) -> None:
    """Parse the project into its manifest with the interpreter's own dbt, one process at a time, unless the
    manifest there was parsed from the project as it is."""
    stamp = project.manifest_path.with_name("atom_project_fingerprint")
    project.manifest_path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(project.manifest_path.with_name("atom_parse.lock")):
        fingerprint = project_fingerprint(project.project_dir)
        if project.manifest_path.exists() and stamp.exists() and stamp.read_text() == fingerprint:
            return
        DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE).cli(
            ["parse", "--quiet"], target_path=project.target_path
        ).wait()
        stamp.write_text(fingerprint)


@cache
def dbt_project() -> DbtProject:
    """The dbt project with a fresh manifest, prepared on first use rather than at import."""
    project_dir = dbt_project_dir()
    project = DbtProject(project_dir=project_dir, profiles_dir=project_dir)
    prepare_manifest(project)
    return project


def project_fingerprint(project_dir: Path) -> str:
    """A digest of every project file's path, size and modification time, and of the dbt version.

    Parsing is skipped only when this matches the one recorded with the manifest, so an edited, added,
    removed or renamed file, or another dbt, always leads to a fresh parse. (What a build rebuilds is decided by
    dbt's own state comparison on the manifest's contents, in transform/state.py.)
    """
    digest = hashlib.sha256(importlib.metadata.version("dbt-core").encode())
    files = []
    for folder, subfolders, names in os.walk(project_dir):
        # dbt's own output is not the project, and its run folders would make every walk longer.
        if Path(folder) == project_dir:
            subfolders[:] = [name for name in subfolders if name not in {"target", "logs"}]
        files.extend(Path(folder, name) for name in names)
    for path in sorted(files):
        stat = path.stat()
        digest.update(f"{path.relative_to(project_dir).as_posix()}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class AtomDbtTranslator(DagsterDbtTranslator):
    """Asset keys are schema/name, groups are the model's layer folder, so the lineage reads as layers."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        """schema/name for models and seeds (e.g. marts/downloads_by_region_monthly)."""
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """The layer folder of a model (staging, intermediate, marts), or seeds."""
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        if dbt_resource_props["resource_type"] == "model":
            return Path(dbt_resource_props["original_file_path"]).parts[1]
        return super().get_group_name(dbt_resource_props)


    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetCheckSpec | None:
        """dbt's check, described in a line from the test's YAML (its own description, else what it asserts)."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=test_description(manifest["nodes"][unique_id]))


# What each of the project's generic tests asserts, in words; filled from the test's arguments.
ASSERTS = {
    "not_null": "{column} is never null",
    "unique": "{column} is unique",
    "accepted_values": "{column} is one of {values}",
    "between": "{column} is {bounds}",
    "shares_sum_to_one": "{column} sums to 1 within each {group_by}",
    "unique_combination": "one row per {columns}",
}


def test_description(test: Mapping[str, Any]) -> str:
    """What a generic dbt test asserts, e.g. "dbt test: model_id is unique"."""
    metadata = test.get("test_metadata") or {}
    kwargs = metadata.get("kwargs") or {}
    words = {
        **{name: value for name, value in kwargs.items() if isinstance(value, (str, int, float))},
        "column": kwargs.get("column_name") or "the row",
        "values": ", ".join(map(str, kwargs.get("values") or [])),
        "columns": ", ".join(kwargs.get("columns") or []),
        "bounds": " and ".join(
            f"{word} {kwargs[bound]}" for word, bound in (("at least", "min_value"), ("at most", "max_value"))
            if kwargs.get(bound) is not None
        ),
    }
    template = ASSERTS.get(metadata.get("name"))
    return f"dbt test: {template.format_map(words) if template else (metadata.get('name') or test['name']) + ' holds'}"


def translator() -> AtomDbtTranslator:
    """The translator, with dbt tests turned into asset checks and each model linked to its SQL file."""
    return AtomDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_code_references=True)
    )

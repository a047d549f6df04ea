"""Which dbt nodes a build recomputes from scratch, decided by dbt's own state comparison.

The manifest of the project the warehouse was last built whole from is kept in the warehouse itself. A build
compares the project's manifest with it (`state:modified+`, dbt's content checksums): what changed and what
depends on it is rebuilt from scratch, the rest is refreshed incrementally. A fresh clone of an unchanged project
therefore rebuilds nothing, and a new or replaced warehouse file, which holds no manifest, is built whole.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from orchestration.warehouse import connect, table_exists

STATE_SCHEMA, STATE_TABLE = "main", "dbt_reference_build"
# The node kinds a build materializes; tests follow the nodes they test.
BUILT_TYPES = ("model", "seed", "snapshot")


def reference_manifest(warehouse: Path) -> str | None:
    """The manifest (JSON text) of the project the warehouse was last built whole from, or None when unknown."""
    if not warehouse.exists():
        return None
    conn = connect(warehouse, read_only=True)
    try:
        if not table_exists(conn, STATE_SCHEMA, STATE_TABLE):
            return None
        found = conn.execute(f"select manifest from {STATE_SCHEMA}.{STATE_TABLE}").fetchone()
        return found[0] if found else None
    finally:
        conn.close()


def record_reference(warehouse: Path, manifest: str) -> None:
    """Remember the manifest of the project the warehouse has just been built whole from."""
    conn = connect(warehouse)
    try:
        conn.execute(
            f"create or replace table {STATE_SCHEMA}.{STATE_TABLE} as select ? as manifest, ?::timestamp as built_at",
            [manifest, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)],
        )
    finally:
        conn.close()


@contextmanager
def state_folder(manifest: str) -> Iterator[Path]:
    """A folder holding the reference manifest, as dbt's `--state` reads it; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="atom-dbt-state-") as folder:
        (Path(folder) / "manifest.json").write_text(manifest)
        yield Path(folder)


def built_node_names(manifest: Mapping) -> set[str]:
    """The names of the models, seeds and snapshots of a manifest (the nodes a build materializes)."""
    return {node["name"] for node in manifest["nodes"].values() if node["resource_type"] in BUILT_TYPES}


@dataclass(frozen=True)
class BuildPlan:
    """The dbt builds of one refresh: what is refreshed incrementally, then what is rebuilt from scratch.

    Each is a list of extra dbt arguments, or None when that build has nothing to do.
    """

    incremental: list[str] | None
    from_scratch: list[str] | None
    rebuilt: frozenset[str]

    @property
    def builds(self) -> list[list[str]]:
        """The builds' extra arguments in the order they run: upstream refreshes before the rebuilt dependants."""
        return [args for args in (self.incremental, self.from_scratch) if args is not None]


def whole_rebuild(names: set[str]) -> BuildPlan:
    """Every node rebuilt from scratch."""
    return BuildPlan(incremental=None, from_scratch=["--full-refresh"], rebuilt=frozenset(names))


def incremental_only() -> BuildPlan:
    """Every node refreshed incrementally (the project is the one the warehouse was built from)."""
    return BuildPlan(incremental=[], from_scratch=None, rebuilt=frozenset())


def plan_for_changes(names: set[str], changed: set[str]) -> BuildPlan:
    """The changed nodes (with their dependants, as dbt's `state:modified+` lists them) rebuilt from scratch after
    the others are refreshed; each build excludes the other's nodes."""
    changed = changed & names
    if not changed:
        return incremental_only()
    kept = names - changed
    if not kept:
        return whole_rebuild(names)
    return BuildPlan(
        # One space-separated value per flag, as dbt and dagster-dbt's own selection handling read it.
        incremental=["--exclude", " ".join(sorted(changed))],
        from_scratch=["--full-refresh", "--exclude", " ".join(sorted(kept))],
        rebuilt=frozenset(changed),
    )


def listed_names(raw_events) -> set[str]:
    """The node names a `dbt ls --output name` printed, from its structured log events (dbt-core prints them as
    PrintEvent, older versions as ListCmdOut)."""
    names = set()
    for event in raw_events:
        info = event.get("info", {}) if isinstance(event, dict) else {}
        if info.get("name") in ("PrintEvent", "ListCmdOut"):
            names.add(info.get("msg", "").strip())
    return names - {""}



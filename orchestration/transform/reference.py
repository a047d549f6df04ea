"""Whether the warehouse's models were built from the dbt project as it is now.

A refresh rebuilds every model from scratch when anything in the project changed since the warehouse was last
built whole; the fingerprint of the project it was built from is kept in the warehouse itself, so a new or
replaced warehouse file always gets a full build first.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orchestration.warehouse import connect, table_exists

STATE_SCHEMA, STATE_TABLE = "main", "dbt_reference_build"


def recorded_fingerprint(warehouse: Path) -> str | None:
    """The project fingerprint the warehouse was last built whole from, or None when unknown."""
    if not warehouse.exists():
        return None
    conn = connect(warehouse, read_only=True)
    try:
        if not table_exists(conn, STATE_SCHEMA, STATE_TABLE):
            return None
        found = conn.execute(f"select project_fingerprint from {STATE_SCHEMA}.{STATE_TABLE}").fetchone()
        return found[0] if found else None
    finally:
        conn.close()


def record_fingerprint(warehouse: Path, fingerprint: str) -> None:
    """Remember that the warehouse was built whole from the project with this fingerprint."""
    conn = connect(warehouse)
    try:
        conn.execute(
            f"create or replace table {STATE_SCHEMA}.{STATE_TABLE} as "
            "select ? as project_fingerprint, ?::timestamp as built_at",
            [fingerprint, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)],
        )
    finally:
        conn.close()

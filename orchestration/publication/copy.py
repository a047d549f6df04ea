"""Copying the marts into a new DuckDB file and swapping it in atomically."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts",)


def copy_comments(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """The table's and its columns' descriptions, as the warehouse holds them, on the published copy."""
    (described,) = conn.execute(
        "select comment from duckdb_tables() where database_name = 'source' and schema_name = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    if described:
        conn.execute(f'comment on table {schema}."{table}" is ' + quoted(described))
    columns = conn.execute(
        "select column_name, comment from duckdb_columns() where database_name = 'source' and schema_name = ? "
        "and table_name = ? and comment is not null",
        [schema, table],
    ).fetchall()
    for column, comment in columns:
        conn.execute(f'comment on column {schema}."{table}"."{column}" is ' + quoted(comment))


def quoted(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def publish_marts(warehouse: Path, published: Path, *, note: str = "") -> dict[str, int]:
    """Write every table of the published schemas to a fresh file, then rename it over the published copy.

    A reader keeps the file it opened, so a query running during a refresh sees the previous marts whole;
    a failure before the rename, or a process killed before it, leaves the published copy untouched. The caller
    holds the warehouse's write lock.
    """
    published.parent.mkdir(parents=True, exist_ok=True)
    # The caller holds the write lock, so any staging file here was left by a publication that was killed.
    for abandoned in published.parent.glob(f".{published.name}.*.tmp"):
        abandoned.unlink()
    staging = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    counts: dict[str, int] = {}
    conn = duckdb.connect(str(staging))
    try:
        conn.execute(f"attach '{warehouse}' as source (read_only)")
        tables = conn.execute(
            """
            select table_schema, table_name from information_schema.tables
            where table_catalog = 'source' and table_schema in (select unnest(?))
            order by 1, 2
            """,
            [list(PUBLISHED_SCHEMAS)],
        ).fetchall()
        if not tables:
            raise RuntimeError(f"no tables in schemas {PUBLISHED_SCHEMAS} of {warehouse}: nothing to publish")
        for schema, table in tables:
            conn.execute(f"create schema if not exists {schema}")
            conn.execute(f'create table {schema}."{table}" as select * from source.{schema}."{table}"')
            copy_comments(conn, schema, table)
            counts[f"{schema}.{table}"] = conn.execute(f'select count(*) from {schema}."{table}"').fetchone()[0]
        conn.execute(
            "create table main.publication as select ?::timestamp as published_at, ? as note",
            [dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), note],
        )
        conn.execute("detach source")
        conn.execute("checkpoint")
    except BaseException:
        conn.close()
        staging.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(staging, published)
    return counts

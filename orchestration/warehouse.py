"""Writing raw partitions into the DuckDB warehouse: one transaction per day, replaced whole."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A short-lived connection; the folder is created for a writer."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def table_exists(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether schema.table exists in the connected database."""
    found = conn.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found and found[0])


def replace_day(path: Path, schema: str, table: str, day: dt.date, rows: pa.Table, date_column: str) -> None:
    """Store one day's rows in schema.table, replacing that day's earlier rows, all or nothing."""
    conn = connect(path)
    try:
        conn.execute(f"create schema if not exists {schema}")
        conn.register("incoming", rows)
        conn.execute("begin transaction")
        try:
            if not table_exists(conn, schema, table):
                conn.execute(f"create table {schema}.{table} as select * from incoming limit 0")
            conn.execute(f"delete from {schema}.{table} where {date_column} = ?", [day])
            conn.execute(f"insert into {schema}.{table} by name select * from incoming")
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
    finally:
        conn.close()


def previous_day_row_count(path: Path, schema: str, table: str, day: dt.date, date_column: str) -> int | None:
    """Rows stored for the latest day before `day`, or None when nothing earlier is stored."""
    if not path.exists():
        return None
    conn = connect(path, read_only=True)
    try:
        if not table_exists(conn, schema, table):
            return None
        found = conn.execute(
            f"""
            select count(*) from {schema}.{table}
            where {date_column} = (select max({date_column}) from {schema}.{table} where {date_column} < ?)
            """,
            [day],
        ).fetchone()
        return found[0] or None
    finally:
        conn.close()

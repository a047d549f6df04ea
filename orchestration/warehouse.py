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
    replace_day_in_tables(path, schema, day, {table: rows}, date_column)


def replace_day_in_tables(
    path: Path, schema: str, day: dt.date, tables: dict[str, pa.Table], date_column: str
) -> None:
    """Replace one day's rows in several tables of a schema in one transaction: all of them or none."""
    conn = connect(path)
    try:
        conn.execute(f"create schema if not exists {schema}")
        conn.execute("begin transaction")
        try:
            for table, rows in tables.items():
                conn.register("incoming", rows)
                if not table_exists(conn, schema, table):
                    conn.execute(f"create table {schema}.{table} as select * from incoming limit 0")
                conn.execute(f"delete from {schema}.{table} where {date_column} = ?", [day])
                conn.execute(f"insert into {schema}.{table} by name select * from incoming")
                conn.unregister("incoming")
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
    finally:
        conn.close()


def read_before_day(path: Path, schema: str, table: str, sql: str, day: dt.date) -> list[tuple]:
    """Rows of `sql` (which reads {table} and binds one ? to a day) when the table exists, else none."""
    if not path.exists():
        return []
    conn = connect(path, read_only=True)
    try:
        if not table_exists(conn, schema, table):
            return []
        return conn.execute(sql.format(table=f"{schema}.{table}"), [day]).fetchall()
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

"""Writing raw partitions into the DuckDB warehouse: one transaction per day, replaced whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
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
    # fetchall, not fetchone: the connection must hold no half-read result before its next statement.
    found = conn.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchall()
    return bool(found and found[0][0])


def replace_day(path: Path, schema: str, table: str, day: dt.date, rows: pa.Table, date_column: str) -> None:
    """Store one day's rows in schema.table, replacing that day's earlier rows, all or nothing."""
    replace_day_in_tables(path, schema, day, {table: rows}, date_column)


@contextmanager
def transaction(path: Path, schema: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection inside one transaction on the warehouse, committed when the block ends, else rolled back."""
    conn = connect(path)
    try:
        conn.execute(f"create schema if not exists {schema}")
        conn.execute("begin transaction")
        try:
            yield conn
            conn.execute("commit")
        except BaseException:
            try:
                conn.execute("rollback")
            except duckdb.TransactionException:
                pass  # a commit that failed (a full disk) has ended the transaction: its error is the one to tell
            raise
    finally:
        conn.close()


def replace_day_in_tables(
    path: Path, schema: str, day: dt.date, tables: dict[str, pa.Table], date_column: str
) -> None:
    """Replace one day's rows in several tables of a schema in one transaction: all of them or none."""
    with transaction(path, schema) as conn:
        for table, rows in tables.items():
            conn.register("incoming", rows)
            if not table_exists(conn, schema, table):
                conn.execute(f"create table {schema}.{table} as select * from incoming limit 0")
            conn.execute(f"delete from {schema}.{table} where {date_column} = ?", [day])
            conn.execute(f"insert into {schema}.{table} by name select * from incoming")
            conn.unregister("incoming")


def replace_days(path: Path, schema: str, table: str, rows: pa.Table, date_column: str) -> None:
    """Store the rows of every day in `rows`, replacing those days' earlier rows, in one transaction."""
    with transaction(path, schema) as conn:
        conn.register("incoming", rows)
        conn.execute(f"delete from {schema}.{table} where {date_column} in (select {date_column} from incoming)")
        conn.execute(f"insert into {schema}.{table} by name select * from incoming")
        conn.unregister("incoming")


def read_before_day(path: Path, schema: str, table: str, sql: str, day: dt.date) -> list[tuple]:
    """Rows of `sql` (which reads {table} and binds one ? to a day) when the table exists, else none."""
    return reads_before_day(path, schema, day, {table: (table, sql)})[table]


def reads_before_day(
    path: Path, schema: str, day: dt.date, queries: dict[str, tuple[str, str]], *, columnar: frozenset[str] = frozenset()
) -> dict[str, list[tuple] | pa.Table | None]:
    """Several such reads, named, through one connection: opening the warehouse file costs about 25 ms. The reads
    named in `columnar` come back as Arrow tables (None when the table does not exist yet), the others as rows."""
    found: dict[str, list[tuple] | pa.Table | None] = {name: None if name in columnar else [] for name in queries}
    if not path.exists():
        return found
    conn = connect(path, read_only=True)
    try:
        for name, (table, sql) in queries.items():
            if table_exists(conn, schema, table):
                query = sql.format(table=f"{schema}.{table}")
                if name in columnar:
                    found[name] = conn.sql(query, params=[day]).to_arrow_table()
                else:
                    found[name] = conn.execute(query, [day]).fetchall()
        return found
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


def ensure_table(path: Path, schema: str, table: str, arrow_schema: pa.Schema) -> None:
    """Create schema.table empty when it does not exist yet, so that dbt can read it before any row arrives; a
    table an earlier version stored gains the columns added since, NULL in its old rows."""
    conn = connect(path)
    try:
        conn.execute(f"create schema if not exists {schema}")
        conn.register("empty", arrow_schema.empty_table())
        if not table_exists(conn, schema, table):
            conn.execute(f"create table {schema}.{table} as select * from empty")
        else:
            stored = {row[0] for row in conn.execute(f"describe {schema}.{table}").fetchall()}
            for column, column_type, *_ in conn.execute("describe empty").fetchall():
                if column not in stored:
                    conn.execute(f'alter table {schema}.{table} add column "{column}" {column_type}')
    finally:
        conn.close()


def replace_table(path: Path, schema: str, table: str, rows: pa.Table) -> None:
    """Replace schema.table whole with `rows` in one transaction."""
    with transaction(path, schema) as conn:
        conn.register("incoming", rows)
        conn.execute(f"create or replace table {schema}.{table} as select * from incoming")


def requests_on(path: Path, table: str, day: dt.date) -> int:
    """The requests to a source recorded for one UTC day in raw.{table} (0 when none)."""
    found = read_before_day(path, "raw", table, "select sum(requests) from {table} where utc_day = ?", day)
    return int(found[0][0] or 0) if found else 0


def add_requests_today(path: Path, table: str, day: dt.date, requests: int) -> None:
    """Add a run's requests to the day's count in raw.{table}, the budget later runs of the day start from."""
    conn = connect(path)
    try:
        conn.execute("create schema if not exists raw")
        conn.execute(f"create table if not exists raw.{table} (utc_day date, requests bigint)")
        conn.execute(f"insert into raw.{table} values (?, ?)", [day, requests])
    finally:
        conn.close()

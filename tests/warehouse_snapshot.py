"""Reading whole DuckDB files back as plain data, to compare a warehouse before and after a run."""

from pathlib import Path

import duckdb


# The log of reads and the freshness mart built from it record when each read ran, and OpenRouter's request
# ledger what each read spent of the day's allowance: a re-run adds its own lines by design, so "changes nothing"
# is about the data.
READ_LOGS = {
    "raw.source_reads", "staging.stg_atom__source_reads", "marts.source_freshness", "raw.openrouter_requests",
}


def table_contents(path: Path, schemas: tuple[str, ...] | None = None) -> dict[str, list[tuple]]:
    """Every table's rows but the read logs', sorted, keyed by schema.table (optionally only some schemas)."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{table}": sorted(
                conn.execute(f'select * from {schema}."{table}"').fetchall(), key=repr
            )
            for schema, table in tables
            if (schemas is None or schema in schemas) and f"{schema}.{table}" not in READ_LOGS
        }
    finally:
        conn.close()


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    """The rows of one read-only query."""
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return conn.execute(sql, params or []).fetchall()
    finally:
        conn.close()

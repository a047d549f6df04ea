"""A scratch DuckDB for reading large archive files: in memory, bounded, spilling to a folder removed afterwards."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

DEFAULT_MEMORY_LIMIT = "1GB"


@contextmanager
def scratch_duckdb(memory_limit: str = DEFAULT_MEMORY_LIMIT) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB bounded by `memory_limit`, on two threads, in UTC, spilling to a scratch folder removed
    afterwards."""
    with tempfile.TemporaryDirectory(prefix="atom-duckdb-") as spill:
        con = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": memory_limit,
                "threads": 2,
                "temp_directory": spill,
                # Every result whose order matters asks for it; keeping insertion order would hold rows back.
                "preserve_insertion_order": False,
            },
        )
        try:
            con.execute("set TimeZone = 'UTC'")
            yield con
        finally:
            con.close()

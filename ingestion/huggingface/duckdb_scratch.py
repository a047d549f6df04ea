"""A scratch DuckDB for reading large archive files: in memory, bounded, spilling to a folder removed afterwards."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

MEMORY_LIMIT = "ATOM_ARCHIVE_MEMORY_LIMIT"


@contextmanager
def scratch_duckdb() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB bounded by ATOM_ARCHIVE_MEMORY_LIMIT (default 1GB), on two threads, in UTC, spilling to
    a scratch folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="atom-duckdb-") as spill:
        con = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": os.environ.get(MEMORY_LIMIT) or "1GB",
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

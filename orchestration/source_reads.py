"""The log of every source read (raw.source_reads): when it ran, how it ended and why, for the freshness mart.

A raw step opens a read before it calls its source; the read records itself on the way out whether the step
stored its batch, skipped the source (off, unconfigured, absent at the endpoint) or failed, so a failure is
logged even though the step raises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import pyarrow as pa

from orchestration.settings import Settings
from orchestration.sources import SOURCES_OFF, Source, sources_off, utc_now
from orchestration.warehouse import connect, ensure_table, table_exists, transaction

READS_TABLE = "source_reads"
READS_SPEC = dg.AssetSpec(
    ["raw", READS_TABLE],
    group_name="raw",
    kinds={"duckdb"},
    description="The log of source reads: one row per raw step and run, with how it ended (stored, skipped, "
    "failed), why, and the day its data is as of; appended by every raw asset, read by marts.source_freshness.",
    # Written by no step of its own: its code is the context manager below, which every raw step enters.
    metadata={"dagster/code_references": dg.CodeReferencesMetadataValue(
        code_references=[dg.LocalFileCodeReference(file_path=__file__)]
    )},
)
STORED, SKIPPED, FAILED = "stored", "skipped", "failed"
REASON_LIMIT = 2_000
# Never written into the warehouse, whatever a source's error message quotes.

READS_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("raw_table", pa.string()),
        ("run_id", pa.string()),
        ("started_at", pa.timestamp("us")),
        ("finished_at", pa.timestamp("us")),
        ("status", pa.string()),
        ("rows_stored", pa.int64()),
        ("data_as_of", pa.date32()),
        ("reason", pa.string()),
        ("max_age_days", pa.int32()),
    ]
)


class SourceSkipped(Exception):
    """The source was not read, for a reason that is not a failure (switched off, no key, absent at the endpoint)."""


@dataclass
class SourceRead:
    """What one raw step did with its source; set by the step, written by `source_read` when the step ends."""

    source: Source
    status: str = FAILED
    rows_stored: int = 0
    data_as_of: dt.date | None = None
    reason: str | None = None
    started_at: dt.datetime = field(default_factory=utc_now)

    def stored(self, rows: int, data_as_of: dt.date | None) -> None:
        """The batch passed its checks and is stored; the data it serves is as of `data_as_of`."""
        self.status, self.rows_stored, self.data_as_of, self.reason = STORED, rows, data_as_of, None

    def skip(self, reason: str) -> None:
        """Raise SourceSkipped: the step ends without reading, leaving the stored tables as they are."""
        raise SourceSkipped(reason)

    def skip_if_switched_off(self) -> None:
        """Skip the source when ATOM_SOURCES_OFF names it."""
        if self.source.name in sources_off():
            self.skip(f"switched off by configuration ({SOURCES_OFF})")


@contextmanager
def source_read(context: dg.AssetExecutionContext, warehouse, source: Source) -> Iterator[SourceRead]:
    """Open a read of `source` for a raw step, holding the source's read lock (one run reads a source at a time):
    its tables exist (empty if never stored) so that dbt can build on them, and how the read ended is logged when
    the block exits.

    A skip ends the step quietly with a warning (the asset is not materialized); any other exception is the
    source's failure, logged with its message and raised again so the step shows failed.
    """
    with warehouse.reading(source.name):
        with warehouse.writing() as paths:
            for table, schema in source.tables.items():
                ensure_table(paths.warehouse, "raw", table, schema)
        read = SourceRead(source)
        try:
            yield read
        except SourceSkipped as skipped:
            read.status, read.reason = SKIPPED, str(skipped)
            context.log.warning(f"{source.title} not read: {skipped}")
        except BaseException as error:
            read.status, read.reason = FAILED, failure_reason(error)
            raise
        finally:
            with warehouse.writing() as paths:
                record(paths.warehouse, read, context.run_id)


def failure_reason(error: BaseException) -> str:
    """The one-paragraph reason a read failed: a Failure's description, else the error's type and message."""
    if isinstance(error, dg.Failure) and error.description:
        text = error.description
    else:
        text = f"{type(error).__name__}: {error}".rstrip(": ")
    for name, secret in Settings().secrets().items():
        text = text.replace(secret, f"<{name}>")
    return text if len(text) <= REASON_LIMIT else text[: REASON_LIMIT - 1] + "…"


def record(path, read: SourceRead, run_id: str) -> None:
    """Append the read to raw.source_reads in one transaction."""
    row = pa.Table.from_pylist(
        [
            {
                "source": read.source.name,
                "raw_table": f"raw.{read.source.raw_table}",
                "run_id": run_id,
                "started_at": read.started_at,
                "finished_at": utc_now(),
                "status": read.status,
                "rows_stored": read.rows_stored,
                "data_as_of": read.data_as_of,
                "reason": read.reason,
                "max_age_days": read.source.max_age_days,
            }
        ],
        schema=READS_SCHEMA,
    )
    ensure_table(path, "raw", READS_TABLE, READS_SCHEMA)
    with transaction(path, "raw") as conn:
        conn.register("incoming", row)
        conn.execute(f"insert into raw.{READS_TABLE} by name select * from incoming")
        conn.unregister("incoming")


def reads_of_run(path: Path, run_id: str) -> list[dict]:
    """How each source's read ended in one run, in the order the reads finished."""
    if not path.exists():
        return []
    conn = connect(path, read_only=True)
    try:
        if not table_exists(conn, "raw", READS_TABLE):
            return []
        found = conn.execute(
            f"select source, status, rows_stored, data_as_of, reason from raw.{READS_TABLE} "
            "where run_id = ? order by finished_at",
            [run_id],
        ).fetchall()
    finally:
        conn.close()
    return [dict(zip(("source", "status", "rows_stored", "data_as_of", "reason"), row)) for row in found]

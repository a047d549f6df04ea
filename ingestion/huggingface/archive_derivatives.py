"""Derivatives of the tracked models in one full-Hub archive file, found by DuckDB over the file's columns.

An archive file holds the whole Hub (millions of models), so no Python object is made per model. A first scan
keeps, for each untracked model declaring a base, only its id, base ids and base_model: tags; a recursive query
follows the base chains from the roots; a second scan reads the other columns of the models reached only. Memory
then grows with the derivatives returned, not with the models of the Hub. The rows are those the live listing's
`derivative_rows` writes for the same records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingestion.huggingface.duckdb_scratch import DEFAULT_MEMORY_LIMIT, scratch_duckdb
from ingestion.huggingface.archive_layout import COUNTERS, ArchiveLayout
from ingestion.huggingface.derivatives import DERIVATIVE_SCHEMA
from ingestion.huggingface.json_text import needs_python, python_text, sql_literal

# DuckDB's errors for data it cannot read or convert: a malformed file, which callers report as such.
DATA_ERRORS = (duckdb.ConversionException, duckdb.InvalidInputException, duckdb.OutOfRangeException)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class ArchiveDerivatives:
    """One archive file's derivative rows, the newest creation time among all its models, and how many it holds."""

    rows: pa.Table
    newest_created_at: dt.datetime | None
    models_read: int


def read_archive_derivatives(
    path: str,
    tracked: Iterable[str],
    stored: pa.Array | Iterable[str] = (),
    *,
    observed_date: dt.date,
    source: str,
    counts_as_of: dt.date | None = None,
    exclude: Iterable[str] = (),
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> ArchiveDerivatives:
    """The raw table's rows (DERIVATIVE_SCHEMA, by id) for the file's models whose base chain reaches a tracked
    model or a `stored` or `exclude` one, the `exclude` ids left out; a malformed file raises ValueError."""
    layout = ArchiveLayout.of(pq.read_schema(path))
    tracked, excluded = set(tracked), set(exclude)
    with scratch_duckdb(memory_limit) as con:
        _register_ids(con, "tracked_ids", tracked)
        _register_ids(con, "root_ids", tracked | excluded)
        _add_stored_roots(con, stored)
        _register_ids(con, "excluded_ids", excluded)
        try:
            models_read, newest_us = con.execute(
                f"select count(*), epoch_us(max(createdAt)) from read_parquet({sql_literal(path)})"
            ).fetchall()[0]
            declaring = layout.declarations(path)
            con.execute(f"create temp table declaring as select id, row, base_ids, base_model_tags from {declaring}")
            _keep_last_of_each_id(con)
            con.execute(SEARCH)
            kept = layout.declarations(path, kept="kept_rows")
            _check_counters(con, layout, kept)
            rows = con.sql(_rows_query(con, layout, kept, observed_date, source, counts_as_of or observed_date))
            table = rows.to_arrow_table()
        except DATA_ERRORS as error:
            raise ValueError(str(error)) from error
    newest = None if newest_us is None else EPOCH + dt.timedelta(microseconds=newest_us)
    return ArchiveDerivatives(rows=_with_python_text(table), newest_created_at=newest, models_read=models_read)


def _register_ids(con: duckdb.DuckDBPyConnection, name: str, ids: set[str]) -> None:
    # A list parameter rather than a registered Arrow table, which would import pandas (a second) to check its type.
    con.execute(f"create temp table {name} as select unnest($ids::VARCHAR[]) as id", {"ids": sorted(ids)})


def _add_stored_roots(con: duckdb.DuckDBPyConnection, stored: pa.Array | Iterable[str]) -> None:
    # Handed to DuckDB as one Arrow column, since a backfill's stored derivatives number in the millions; not at
    # all when there are none, as DuckDB imports pandas (a second) the first time it is handed Arrow data.
    ids = stored if isinstance(stored, pa.Array) else pa.array(list(stored), pa.string())
    if not len(ids):
        return
    con.register("stored_ids", pa.table({"id": ids}))
    con.execute("insert into root_ids select id from stored_ids")
    con.unregister("stored_ids")


def _keep_last_of_each_id(con: duckdb.DuckDBPyConnection) -> None:
    # A file listing an id twice is read as the Python path reads it: the last declaring row wins.
    (duplicates,) = con.execute("select count(*) - count(distinct id) from declaring").fetchall()[0]
    if duplicates:
        con.execute(
            "create or replace temp table declaring as select * from declaring "
            "qualify row_number() over (partition by id order by row desc) = 1"
        )


# A model is kept when one of its bases is a root or a kept model. `union` (not `union all`) drops the models
# already reached, so a cycle ends the recursion; the tables no longer needed are dropped before the second scan.
SEARCH = """
create temp table edges as select id as model_id, unnest(base_ids) as base_id from declaring;
create temp table reached as
with recursive reach(id) as (
    select model_id from edges where base_id in (select id from root_ids)
    union
    select edges.model_id from edges join reach on edges.base_id = reach.id
)
select id from reach;
create temp table kept_rows as
select row, base_model_tags from declaring
where id in (select id from reached) and id not in (select id from excluded_ids);
drop table edges;
drop table reached;
drop table declaring;
"""


def _check_counters(con: duckdb.DuckDBPyConnection, layout: ArchiveLayout, kept: str) -> None:
    """Raise ValueError, as `parse_count` would, on the first kept model by id whose counter is not a whole number."""
    found = []
    for order, (column, name, refused) in enumerate(layout.counter_checks()):
        query = f"select id, {column} from {kept} where {refused} order by id limit 1"
        found += [(model_id, order, name, value) for model_id, value in con.execute(query).fetchall()]
    if found:
        _, _, name, value = min(found, key=lambda hit: hit[:2])
        raise ValueError(f"{name} is not an integer: {value!r}")


def _rows_query(con, layout: ArchiveLayout, kept: str, observed_date: dt.date, source: str, counts_as_of: dt.date) -> str:
    """The kept models' rows, each with its raw baseModels as json.dumps writes it and, where SQL cannot write it
    exactly, the JSON for Python to write it from."""

    def structure() -> str | None:
        query = f"select json_group_structure(base_models) from {kept} where base_models is not null"
        return con.execute(query).fetchall()[0][0]

    value, text, source_json = layout.raw_text(structure)
    counters = ", ".join(f"CAST({column} AS BIGINT) as {column}" for column in COUNTERS)
    return f"""
    select * exclude (base_models), CASE WHEN {needs_python('base_models_raw')} THEN {source_json} END as base_models_json
    from (
        select DATE {sql_literal(observed_date.isoformat())} as observed_date, id as model_id, author, created_at,
               relation, base_ids as base_model_ids, CASE WHEN raw_value IS NOT NULL THEN {text} END as base_models_raw,
               base_model_tags, {counters}, DATE {sql_literal(counts_as_of.isoformat())} as counts_as_of,
               {sql_literal(source)} as source, base_models
        from (select *, {value} as raw_value from {kept})
    )
    """


def _with_python_text(rows: pa.Table) -> pa.Table:
    """The rows in DERIVATIVE_SCHEMA sorted by id, the raw texts SQL could not write exactly written by Python."""
    fallback = rows.column("base_models_json").combine_chunks()
    raw = rows.column("base_models_raw").combine_chunks()
    mask = pc.is_valid(fallback)
    if pc.any(mask).as_py():
        replacements = [python_text(text) for text in pc.filter(fallback, mask).to_pylist()]
        raw = pc.replace_with_mask(raw, mask, pa.array(replacements, raw.type))
    rows = rows.set_column(rows.schema.get_field_index("base_models_raw"), "base_models_raw", raw)
    # Sorted here rather than by DuckDB, which would hold a sorted copy of every row beside the Arrow one.
    return rows.select(DERIVATIVE_SCHEMA.names).cast(DERIVATIVE_SCHEMA).sort_by("model_id")

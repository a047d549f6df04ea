"""Writing a release folder from the published marts: every mart as Parquet and CSV, the dictionary, the sources'
credits and as-of dates, a citation file and a checksum manifest, swapped in whole."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

import duckdb

from orchestration.publication.folders import built_beside
from orchestration.warehouse import table_exists
from release.citation import citation_cff
from release.credits import METHOD, SOURCE_CREDITS, TRACKED_MODELS
from release.dictionary import Mart, describe, dictionary_markdown, documented_marts

CHECKSUMS = "SHA256SUMS"
TITLE = "Open language model ecosystem measurements"


class ReleaseError(RuntimeError):
    """The published marts cannot be released (none yet, or none in the file)."""


def quoted_path(path: Path) -> str:
    """A file path as a SQL string literal (COPY takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def data_as_of(conn: duckdb.DuckDBPyConnection) -> dt.date:
    """The release's date: the last day of Hub downloads the marts hold, else the day they were published."""
    if table_exists(conn, "marts", "model_downloads_daily"):
        (last_day,) = conn.execute("select max(date) from marts.model_downloads_daily").fetchone()
        if last_day:
            return last_day
    (published_at,) = conn.execute("select max(published_at) from main.publication").fetchone()
    return published_at.date()


def source_dates(conn: duckdb.DuckDBPyConnection) -> list[dict]:
    """Each source's as-of date and last good read, from marts.source_freshness, with its credit and licence."""
    if not table_exists(conn, "marts", "source_freshness"):
        return []
    found = conn.execute(
        "select source, data_as_of, last_success_at, is_stale from marts.source_freshness order by source"
    ).fetchall()
    sources = []
    for source, as_of, last_success, stale in found:
        credit = SOURCE_CREDITS.get(source)
        sources.append({
            "source": source,
            "data_as_of": as_of.isoformat() if as_of else None,
            "last_good_read": last_success.isoformat() if last_success else None,
            "stale": bool(stale),
            "credit": credit.credit if credit else source,
            "licence": credit.licence if credit else "unknown",
        })
    return sources


def write_tables(conn: duckdb.DuckDBPyConnection, folder: Path, manifest: Mapping) -> list[Mart]:
    """Every published mart as parquet/<name>.parquet and csv/<name>.csv, rows in a stable order; its dictionary
    entry from the manifest."""
    nodes = documented_marts(manifest)
    (folder / "parquet").mkdir()
    (folder / "csv").mkdir()
    tables = [
        name for (name,) in conn.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
        ).fetchall()
    ]
    marts = []
    for table in tables:
        ordered = f'select * from marts."{table}" order by all'
        conn.execute(f"copy ({ordered}) to {quoted_path(folder / 'parquet' / f'{table}.parquet')} (format parquet)")
        conn.execute(f"copy ({ordered}) to {quoted_path(folder / 'csv' / f'{table}.csv')} (format csv, header)")
        types = conn.execute(
            "select column_name, data_type from information_schema.columns where table_schema = 'marts' "
            "and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
        (rows,) = conn.execute(f'select count(*) from marts."{table}"').fetchone()
        marts.append(describe(table, nodes.get(table), types, rows))
    return marts


def readme(as_of: dt.date, sources: list[dict], marts: list[Mart], exported_at: dt.datetime) -> str:
    """The release's README: what it is, each source's as-of date, credit and licence, and how to check it."""
    lines = [
        f"# {TITLE}, data as of {as_of}",
        "",
        f"Exported {exported_at:%Y-%m-%d %H:%M} UTC from the published marts: {len(marts)} tables, each as Parquet "
        "(`parquet/`) and CSV (`csv/`). `DICTIONARY.md` (and `dictionary.json`) describes every table and column; "
        "`CITATION.cff` says how to cite the release.",
        "",
        METHOD,
        "",
        "## Sources, as of",
        "",
        "| source | data as of | last good read | stale | credit | licence |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {s['source']} | {s['data_as_of'] or 'never read'} | {s['last_good_read'] or '-'} | "
        f"{'yes' if s['stale'] else 'no'} | {s['credit']} | {s['licence']} |"
        for s in sources
    ]
    lines += [
        "",
        f"{TRACKED_MODELS.credit} ({TRACKED_MODELS.licence}).",
        "",
        "## Checking the files",
        "",
        f"`{CHECKSUMS}` holds the SHA-256 of every other file: `sha256sum -c {CHECKSUMS}` in this folder checks them.",
        "",
    ]
    return "\n".join(lines)


def checksum_manifest(folder: Path) -> str:
    """`sha256sum` lines for every file of the folder but the manifest itself, by relative path."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS):
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        lines.append(f"{digest.hexdigest()}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def export_release(published: Path, to: Path, manifest: Mapping, *, exported_at: dt.datetime) -> Path:
    """Write the release folder `atom-release-<as-of date>` under `to` and return it. The folder is built beside
    its final name and renamed into place, so a failed export leaves no partial release and a re-run replaces it."""
    if not published.exists():
        raise ReleaseError(f"no published marts at {published}: run `atom demo` or `atom refresh` first")
    conn = duckdb.connect(str(published), read_only=True)
    try:
        as_of = data_as_of(conn)
        folder = to / f"atom-release-{as_of}"
        with built_beside(folder) as staging:
            marts = write_tables(conn, staging, manifest)
            sources = source_dates(conn)
            dictionary = {
                "release": folder.name,
                "data_as_of": as_of.isoformat(),
                "exported_at": exported_at.isoformat(),
                "sources": sources,
                "tables": [dataclasses.asdict(mart) for mart in marts],
            }
            (staging / "dictionary.json").write_text(json.dumps(dictionary, indent=2) + "\n", encoding="utf-8")
            (staging / "DICTIONARY.md").write_text(dictionary_markdown(marts, title=TITLE), encoding="utf-8")
            (staging / "README.md").write_text(readme(as_of, sources, marts, exported_at), encoding="utf-8")
            (staging / "CITATION.cff").write_text(
                citation_cff(title=f"{TITLE}, data as of {as_of}", version=as_of, released=exported_at.date()),
                encoding="utf-8",
            )
            (staging / CHECKSUMS).write_text(checksum_manifest(staging), encoding="utf-8")
    finally:
        conn.close()
    return folder

"""The published copy is swapped whole: readers keep what they opened, failures leave it untouched."""

import duckdb
import pytest

from orchestration.publication.copy import publish_marts
from tests.warehouse_snapshot import table_contents


def make_warehouse(path, value: int) -> None:
    conn = duckdb.connect(str(path))
    conn.execute("create schema if not exists marts")
    conn.execute("create schema if not exists staging")
    conn.execute("create or replace table marts.figures as select ? as value", [value])
    conn.execute("create or replace table staging.scratch as select 1 as x")
    conn.close()


def test_a_reader_keeps_the_marts_it_opened_while_a_new_copy_is_published(tmp_path):
    warehouse, published = tmp_path / "w.duckdb", tmp_path / "published" / "atom.duckdb"
    make_warehouse(warehouse, 1)
    publish_marts(warehouse, published)
    reader = duckdb.connect(str(published), read_only=True)
    make_warehouse(warehouse, 2)
    publish_marts(warehouse, published)
    assert reader.execute("select value from marts.figures").fetchone() == (1,)
    reader.close()
    assert table_contents(published, ("marts",)) == {"marts.figures": [(2,)]}
    assert list(published.parent.glob(".*tmp")) == []


def test_only_the_marts_are_published(tmp_path):
    warehouse, published = tmp_path / "w.duckdb", tmp_path / "p.duckdb"
    make_warehouse(warehouse, 7)
    assert publish_marts(warehouse, published) == {"marts.figures": 1}
    assert "staging.scratch" not in table_contents(published)


def test_a_failed_publication_leaves_the_published_copy_as_it_was(tmp_path):
    warehouse, published = tmp_path / "w.duckdb", tmp_path / "p.duckdb"
    make_warehouse(warehouse, 3)
    publish_marts(warehouse, published)
    before = published.read_bytes()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(RuntimeError, match="nothing to publish"):
        publish_marts(empty, published)
    assert published.read_bytes() == before
    assert list(tmp_path.glob(".*tmp")) == []

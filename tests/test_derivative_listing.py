"""The incremental listing of new models, over real HTTP to the replay server, and the derivative search."""

import datetime as dt

import pyarrow as pa
import pytest

from ingestion.huggingface import HubSettings
from ingestion.huggingface.derivative_days import stored_bases
from ingestion.huggingface.derivatives import declared_bases, derivatives_of, list_models_since
from replay.server import ReplayHub
from orchestration.tracked_models import tracked_model_ids

PAGE = 10


@pytest.fixture(scope="module")
def small_pages():
    with ReplayHub.from_sample(page_size=PAGE) as server:
        yield server


def newest_first(hub) -> list[tuple[str, dt.datetime]]:
    state = hub.state.sort_by([("createdAt", "descending"), ("id", "ascending")])
    return list(zip(state.column("id").to_pylist(), state.column("createdAt").to_pylist()))


def listing_pages(hub, since: int) -> list[dict]:
    return [entry for entry in hub.request_log[since:] if entry["path"] == "/api/models"]


def test_the_listing_stops_at_the_watermark(small_pages):
    models = newest_first(small_pages)
    watermark = models[24][1]
    since = len(small_pages.request_log)
    listed = list_models_since(HubSettings(endpoint=small_pages.url), watermark)

    assert [record["id"] for record in listed.records] == [model_id for model_id, _ in models[:24]]
    # 24 new models and the one at the watermark sit on the first three pages of ten: no fourth page is asked.
    pages = listing_pages(small_pages, since)
    assert len(pages) == 3 == listed.requests
    assert all(page["query"].get("sort") in (["createdAt"], "createdAt") for page in pages)
    assert listed.next_watermark == models[0][1].replace(tzinfo=dt.timezone.utc)


def test_a_day_with_nothing_new_costs_one_request(small_pages):
    newest = newest_first(small_pages)[0][1]
    since = len(small_pages.request_log)
    listed = list_models_since(HubSettings(endpoint=small_pages.url), newest)
    assert listed.records == [] and listed.requests == 1 == len(listing_pages(small_pages, since))
    assert listed.next_watermark == newest.replace(tzinfo=dt.timezone.utc)


def record(model_id, bases=(), relation="finetune", tags=None):
    base_models = {"relation": relation, "models": [{"id": base} for base in bases]} if bases else None
    return {"id": model_id, "baseModels": base_models, "tags": tags or []}


def test_derivatives_of_derivatives_are_found_in_any_order_and_cycles_end():
    records = [
        record("someone/child-of-child", ["someone/child"]),
        record("someone/child", ["Qwen/Qwen3-8B"]),
        record("someone/merge", ["mistralai/Mistral-7B-v0.1", "unrelated/base"], relation="merge"),
        record("someone/unrelated", ["unrelated/base"]),
        record("loop/a", ["loop/b"]),
        record("loop/b", ["loop/a"]),
        record("someone/tagged", tags=["base_model:Qwen/Qwen3-8B", "base_model:adapter:Qwen/Qwen3-8B"]),
    ]
    records.append(record("Qwen/Qwen3-8B", ["Qwen/Qwen3-8B-Base"]))
    kept = derivatives_of(records, tracked={"Qwen/Qwen3-8B", "mistralai/Mistral-7B-v0.1"})
    assert sorted(r["id"] for r in kept) == ["someone/child", "someone/child-of-child", "someone/merge", "someone/tagged"]


def test_a_listing_searches_only_the_stored_derivatives_its_records_name():
    records = [
        record("new/a", ["stored/one", "Qwen/Qwen3-8B"]),
        record("new/b", tags=["base_model:finetune:stored/two"]),
        record("new/c", ["nobody/stored-this"]),
    ]
    stored = pa.array(["stored/zero", "stored/one", "stored/two", "stored/three"])
    assert stored_bases(records, stored) == {"stored/one", "stored/two"}
    assert stored_bases([], stored) == set()


def test_bases_come_from_the_field_else_from_the_tags():
    assert declared_bases(record("a/b", ["x/y", "z/w"], relation="merge")) == ("merge", ["x/y", "z/w"])
    assert declared_bases(record("a/b", tags=["base_model:x/y", "base_model:quantized:x/y"])) == ("quantized", ["x/y"])
    assert declared_bases(record("a/b", tags=["text-generation"])) == (None, [])


def test_the_sample_listing_finds_derivatives_of_tracked_models_and_of_their_derivatives(hub):
    listed = list_models_since(HubSettings(endpoint=hub.url), dt.datetime(2022, 11, 30, tzinfo=dt.timezone.utc))
    tracked = set(tracked_model_ids())
    kept = derivatives_of(listed.records, tracked=tracked)
    kept_ids = {r["id"] for r in kept}
    assert not kept_ids & tracked
    assert all(set(declared_bases(r)[1]) & (tracked | kept_ids) for r in kept)
    second_generation = [r for r in kept if not set(declared_bases(r)[1]) & tracked]
    assert second_generation, "the sample holds derivatives of derivatives"
    # Listing back to before the first tracked model reads the whole sample: one request per page of 100.
    assert listed.requests in (-(-len(listed.records) // 100), len(listed.records) // 100 + 1)

"""The replay Hub through the real huggingface_hub client, and the sample history reconstruction rules."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import EntryNotFoundError, RemoteEntryNotFoundError, RepositoryNotFoundError

from replay.sample_history import reconstruct_counters, snapshot_dates
from replay.server import ReplayHub

EXPAND = ["downloads", "downloadsAllTime", "createdAt", "safetensors", "baseModels"]
BASE = "Qwen/Qwen2.5-7B-Instruct"

@pytest.fixture(scope="module")
def hub():
    with ReplayHub.from_sample(page_size=100) as server:
        yield server


@pytest.fixture()
def small_hub(hub):
    # A private server for tests that mutate state or inject faults, so they cannot leak into others.
    with ReplayHub(hub.state.slice(0, 250), hub.history, page_size=100) as server:
        yield server


def _state_rows(hub: ReplayHub) -> dict[str, dict]:
    return {row["id"]: row for row in hub.state.to_pylist()}


def _author_with_most_models(hub: ReplayHub) -> tuple[str, int]:
    counts = Counter(model_id.split("/", 1)[0] for model_id in hub.state.column("id").to_pylist())
    return counts.most_common(1)[0]


def test_pagination_returns_every_model_once_and_stays_on_loopback(hub):
    author, expected = _author_with_most_models(hub)
    assert expected > 100
    start = len(hub.request_log)

    models = list(HfApi(endpoint=hub.url).list_models(author=author, expand=EXPAND))

    ids = [m.id for m in models]
    assert len(ids) == len(set(ids)) == expected
    assert all(m.downloads_all_time is not None and m.created_at is not None for m in models)  # expand kept
    assert set(ids) == {i for i in hub.state.column("id").to_pylist() if i.split("/", 1)[0] == author}
    pages = [e for e in hub.request_log[start:] if e["path"] == "/api/models"]
    assert len(pages) == -(-expected // 100) >= 2
    assert all(e["host"].startswith("127.0.0.1:") for e in pages)
    assert "cursor" in pages[1]["query"] and pages[1]["query"]["author"] == [author]


def test_expand_parses_into_model_info_fields(hub):
    row = _state_rows(hub)[BASE]
    (model,) = [m for m in HfApi(endpoint=hub.url).list_models(search=BASE, expand=EXPAND) if m.id == BASE]

    assert model.downloads == row["downloads"]
    assert model.downloads_all_time == row["downloadsAllTime"]
    assert model.created_at.replace(tzinfo=None) == row["createdAt"].replace(microsecond=0)
    assert model.safetensors.total == row["safetensors"]["total"]
    assert all(v is not None for v in model.safetensors.parameters.values())
    # huggingface_hub 2.4 keeps the raw dict in base_models despite documenting list[str].
    assert model.base_models == {
        "relation": row["baseModels"]["relation"],
        "models": [{"id": m["id"]} for m in row["baseModels"]["models"]],
    }
    assert model.likes is None and model.tags is None  # not requested, not sent


def test_filter_on_base_model_tag_sorted_newest_first(hub):
    tag = f"base_model:finetune:{BASE}"
    expected = [r for r in hub.state.to_pylist() if tag in (r["tags"] or [])]
    assert expected

    models = list(HfApi(endpoint=hub.url).list_models(filter=tag, sort="created_at", expand=["createdAt", "tags"]))

    assert {m.id for m in models} == {r["id"] for r in expected}
    assert all(tag in m.tags for m in models)
    created = [m.created_at for m in models]
    assert created == sorted(created, reverse=True)
    assert hub.request_log[-1]["query"]["sort"] == ["createdAt"]


def test_model_info_full_object_and_not_found(hub):
    api = HfApi(endpoint=hub.url)
    info = api.model_info(BASE)
    assert info.downloads_all_time == _state_rows(hub)[BASE]["downloadsAllTime"]
    assert info.card_data is not None and info.gated is False and info.author == "Qwen"
    with pytest.raises(RepositoryNotFoundError):
        api.model_info("no-such-org/no-such-model")


def test_archive_download_matches_history_and_is_monotone(hub, tmp_path):
    history = hub.history
    dates = [hub.as_of - timedelta(days=400), hub.as_of - timedelta(days=60), hub.as_of]
    dates = [max(d for d in hub.archive_dates if d <= target) for target in dates]
    frames = {}
    for day in dates:
        path = hf_hub_download(
            repo_id=hub.archive_repo,
            filename=f"models/{day.isoformat()}/models.parquet",
            repo_type="dataset",
            endpoint=hub.url,
            cache_dir=tmp_path,
        )
        table = pq.read_table(path)
        assert set(hub.state.column_names) < set(table.column_names)
        assert table.schema.field("downloads").type == hub.state.schema.field("downloads").type
        expected_provenance = "observed" if day == hub.as_of else "reconstructed"
        assert set(table.column("provenance").to_pylist()) == {expected_provenance}
        on_day = history.filter(pc.equal(history.column("snapshot_date"), pa.scalar(day, pa.date32())))
        truth = {
            r["model_id"]: (r["downloads_all_time"], r["downloads_30d"]) for r in on_day.to_pylist()
        }
        got = {r["id"]: (r["downloadsAllTime"], r["downloads"]) for r in table.select(
            ["id", "downloadsAllTime", "downloads"]).to_pylist()}
        assert got == truth
        frames[day] = got

    first, middle, last = (frames[d] for d in dates)
    assert set(first) <= set(middle) <= set(last)
    assert all(first[m][0] <= middle[m][0] for m in first)
    assert all(middle[m][0] <= last[m][0] for m in middle)
    state = _state_rows(hub)
    assert all(last[m] == (state[m]["downloadsAllTime"], state[m]["downloads"]) for m in last)


def test_archive_missing_date_raises_entry_not_found(hub, tmp_path):
    with pytest.raises(RemoteEntryNotFoundError) as caught:
        hf_hub_download(
            repo_id=hub.archive_repo,
            filename="models/1999-01-01/models.parquet",
            repo_type="dataset",
            endpoint=hub.url,
            cache_dir=tmp_path,
        )
    assert isinstance(caught.value, EntryNotFoundError)
    assert caught.value.response.headers["X-Error-Code"] == "EntryNotFound"


def test_archive_dates_listed_through_repo_tree(hub):
    folders = list(
        HfApi(endpoint=hub.url).list_repo_tree(hub.archive_repo, path_in_repo="models", repo_type="dataset")
    )
    assert [f.path for f in folders] == [f"models/{d.isoformat()}" for d in hub.archive_dates]


def test_state_replacement_and_faults(small_hub):
    api = HfApi(endpoint=small_hub.url)
    assert len(list(api.list_models())) == 250

    small_hub.state = small_hub.state.slice(0, 120)
    assert len(list(api.list_models())) == 120

    ids = small_hub.state.column("id").to_pylist()
    ids[0] = None
    small_hub.state = small_hub.state.set_column(0, "id", pa.array(ids, pa.string()))
    raw = [m.id for m in api.list_models(limit=3)]
    assert raw[0] is None and len(raw) == 3

    small_hub.inject_fault("/api/models", 200, body=b"{not json")
    with pytest.raises(ValueError):
        list(api.list_models())

    # huggingface_hub sleeps Retry-After + 1 s, so this one retry costs a second.
    small_hub.inject_fault("/api/models", 429, headers={"Retry-After": "0"})
    before = len(small_hub.request_log)
    assert len(list(api.list_models(limit=5))) == 5
    assert [e["path"] for e in small_hub.request_log[before:]] == ["/api/models", "/api/models"]


@pytest.mark.parametrize(
    ("created", "all_time", "last_30d"),
    [
        (date(2023, 3, 1), 1_000_000, 40_000),
        (date(2025, 11, 2), 5_432_101, 2_000_000),
        (date(2026, 5, 1), 7_777, 7_777),
        (date(2024, 1, 5), 0, 0),
        (date(2024, 1, 5), None, None),
        (datetime(2026, 5, 20, 8, 0), 12, 12),
    ],
)
def test_reconstruct_counters_properties(created, all_time, last_30d):
    as_of = date(2026, 5, 20)
    every_day = [as_of - timedelta(days=k) for k in range(1400)]
    rows = reconstruct_counters(created, as_of, all_time, last_30d, every_day)
    created_day = created.date() if isinstance(created, datetime) else created
    by_day = {d: (at, d30) for d, at, d30 in rows}

    assert min(by_day) == created_day and max(by_day) == as_of
    assert by_day[as_of] == (all_time or 0, last_30d or 0)
    cumulative = [at for _, at, _ in rows]
    assert cumulative == sorted(cumulative) and all(isinstance(v, int) for v in cumulative)
    if created_day < as_of:
        assert by_day[created_day][0] == 0
    for day, (at, d30) in by_day.items():
        if day != as_of:
            assert d30 == at - by_day.get(day - timedelta(days=30), (0, 0))[0]
    if created_day < as_of - timedelta(days=30):
        assert by_day[as_of - timedelta(days=30)][0] == max(0, (all_time or 0) - (last_30d or 0))
        assert (all_time or 0) - by_day[as_of - timedelta(days=30)][0] == (last_30d or 0)
        anchor = by_day[as_of - timedelta(days=30)][0]
        if anchor:
            # Concave: the first half of the pre-window span earns more than the second half.
            span = (as_of - timedelta(days=30) - created_day).days
            mid = by_day[created_day + timedelta(days=span // 2)][0]
            assert mid > anchor - mid


def test_snapshot_dates_daily_then_weekly():
    as_of = date(2026, 5, 20)
    dates = snapshot_dates(as_of, datetime(2022, 3, 2, 23, 29))
    assert dates[-120:] == [as_of - timedelta(days=k) for k in range(119, -1, -1)]
    weekly = dates[:-120]
    assert weekly[-1] == as_of - timedelta(days=126)
    assert all((b - a).days == 7 for a, b in zip(weekly, weekly[1:]))
    assert weekly[0] >= date(2022, 12, 1) and weekly[0] - timedelta(days=7) < date(2022, 12, 1)
    assert snapshot_dates(as_of, date(2026, 5, 1))[0] == date(2026, 5, 1)

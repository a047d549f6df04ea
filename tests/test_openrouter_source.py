"""The OpenRouter source over real HTTP (requests) to the replay service: exact token counts, the catalogue, and
a rankings backfill that keeps to the request limits, on a shortened clock."""

import datetime as dt
import json

import dagster as dg
import duckdb
import pytest

from ingestion.errors import SourceDataError, SourceUnavailableError
from ingestion.openrouter.client import OpenRouterClient
from ingestion.openrouter.pacing import RequestPacer
from ingestion.openrouter.rankings import fetch_rankings, rankings_days, rankings_table
from ingestion.openrouter.settings import OpenRouterSettings
from replay.openrouter import SAMPLE_DIR, ReplayOpenRouter
from orchestration.openrouter.assets import PROGRESS_TAG as RANKINGS_PROGRESS_TAG
from orchestration.openrouter.assets import openrouter_rankings_daily
from orchestration.resources import OpenRouterSource, WarehouseResource

KEY = "sk-or-test-secret"
START = dt.date(2025, 12, 1)
DAYS = [START + dt.timedelta(days=n) for n in range(12)]


class Clock:
    """A shared fake clock: sleeping moves it on at once, so a minute of pacing takes no time."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 5, 21, 3, tzinfo=dt.timezone.utc).timestamp()
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


def service(clock, per_minute):
    return ReplayOpenRouter.from_sample(api_key=KEY, per_minute=per_minute, clock=clock)


def client(server, clock, *, per_minute=30, per_day=500, days_per_request=1, spent_today=0):
    settings = OpenRouterSettings(
        base_url=server.url, api_key=KEY, requests_per_minute=per_minute, requests_per_day=per_day,
        days_per_request=days_per_request,
    )
    pacer = RequestPacer(per_minute, per_day, spent_today=spent_today, clock=clock, sleep=clock.sleep)
    return OpenRouterClient(settings, pacer)


def collect():
    stored: dict[dt.date, list[dict]] = {}
    calls: list[dt.date] = []

    def store(by_day, meta):
        for day, rows in by_day.items():
            calls.append(day)
            stored[day] = rows

    return stored, calls, store


def test_a_token_count_above_2_to_the_53_survives_exactly(clock, tmp_path):
    expected = {
        row["model_permaslug"]: int(row["total_tokens"])
        for row in json.loads((SAMPLE_DIR / "rankings_daily.json").read_text())["data"]
        if row["date"] == START.isoformat()
    }
    assert expected["other"] > 2**53 and float(expected["other"]) != expected["other"]
    with service(clock, per_minute=30) as server:
        pull = client(server, clock).rankings(START, START)
    assert {row["model_permaslug"]: row["total_tokens"] for row in pull.rows} == expected
    assert pull.meta["start_date"] == pull.meta["end_date"] == START.isoformat() and pull.meta["as_of"]
    # Through the warehouse's column type too.
    conn = duckdb.connect(str(tmp_path / "exact.duckdb"))
    conn.register("incoming", rankings_table(pull.rows, pull.meta))
    conn.execute("create table rankings as select * from incoming")
    stored = conn.execute("select total_tokens::varchar from rankings where model_permaslug = 'other'").fetchone()[0]
    assert int(stored) == expected["other"]


def test_a_backfill_paces_itself_under_the_per_minute_limit(clock):
    with service(clock, per_minute=5) as server:
        source = client(server, clock, per_minute=5)
        stored, calls, store = collect()
        outcome = fetch_rankings(source, DAYS, store)
    assert calls == DAYS and outcome.stored == DAYS and outcome.stopped is None
    assert [entry["status"] for entry in server.request_log] == [200] * 12
    # Twelve requests at five a minute: two waits, each until the oldest request of the minute has aged out.
    assert len(clock.slept) == 2 and sum(clock.slept) > 60
    assert all(rows and rows[-1]["model_permaslug"] == "other" for rows in stored.values())


def test_a_backfill_that_hits_the_rate_limit_waits_and_resumes_without_gaps_or_duplicates(clock):
    with service(clock, per_minute=3) as server:
        source = client(server, clock, per_minute=30)  # the client does not know the stricter limit
        stored, calls, store = collect()
        outcome = fetch_rankings(source, DAYS, store)
    statuses = [entry["status"] for entry in server.request_log]
    assert statuses.count(429) >= 3 and statuses.count(200) == 12
    assert calls == DAYS and outcome.stored == DAYS
    asked = [entry["query"]["start_date"][0] for entry in server.request_log if entry["status"] == 200]
    assert asked == [day.isoformat() for day in DAYS]
    assert clock.slept and all(seconds >= 1 for seconds in clock.slept)


def test_a_spent_daily_budget_stops_the_backfill_and_the_next_day_resumes_where_it_stopped(clock):
    with service(clock, per_minute=30) as server:
        stored, calls, store = collect()
        first = fetch_rankings(client(server, clock, per_day=5), DAYS, store)
        assert first.stored == DAYS[:5] and first.not_reached == DAYS[5:]
        assert "daily budget of 5" in first.stopped and "resumes" in first.stopped
        clock.now += 24 * 3600
        second = fetch_rankings(client(server, clock, per_day=500), first.not_reached, store)
    assert second.stored == DAYS[5:] and second.stopped is None
    assert calls == DAYS and sorted(stored) == DAYS
    assert len([entry for entry in server.request_log if entry["status"] == 200]) == 12


def test_windows_of_several_days_cost_one_request_each(clock):
    with service(clock, per_minute=30) as server:
        stored, calls, store = collect()
        fetch_rankings(client(server, clock, days_per_request=5), DAYS, store)
    assert len(server.request_log) == 3 and calls == DAYS


def test_days_before_the_dataset_are_not_asked_for(clock):
    with service(clock, per_minute=30) as server:
        stored, calls, store = collect()
        outcome = fetch_rankings(client(server, clock), [dt.date(2024, 12, 31), dt.date(2025, 1, 1)], store)
    assert outcome.before_dataset == [dt.date(2024, 12, 31)] and calls == [dt.date(2025, 1, 1)]
    assert len(server.request_log) == 1


def test_the_catalogue_needs_no_key_and_the_rankings_name_the_missing_one(clock):
    with service(clock, per_minute=30) as server:
        settings = OpenRouterSettings(base_url=server.url)
        source = OpenRouterClient(settings, RequestPacer(30, 500, clock=clock, sleep=clock.sleep))
        models = source.models()
        with pytest.raises(SourceUnavailableError, match="OPENROUTER_API_KEY"):
            source.rankings(START, START)
    assert {"id", "canonical_slug", "hugging_face_id", "created", "pricing"} <= set(models[0])
    assert any(model.get("benchmarks", {}).get("artificial_analysis") for model in models)
    assert KEY not in repr(OpenRouterSettings(base_url="x", api_key=KEY))


def test_a_count_that_is_not_a_whole_number_is_rejected_naming_the_row(clock):
    with service(clock, per_minute=30) as server:
        server.by_day[START] = [{"date": START.isoformat(), "model_permaslug": "qwen/qwen3-235b-a22b-04-28", "total_tokens": "1.5e20"}]
        with pytest.raises(SourceDataError, match="qwen3-235b-a22b-04-28.*1.5e20"):
            client(server, clock).rankings(START, START)


def test_a_rankings_run_whose_days_are_all_stored_says_every_day_is_done(tmp_path, monkeypatch):
    with ReplayOpenRouter.from_sample() as server:
        monkeypatch.setenv("OPENROUTER_API_KEY", server.api_key)
        resources = {"warehouse": WarehouseResource(home=str(tmp_path)), "openrouter": OpenRouterSource(base_url=server.url)}
        tags = {"dagster/asset_partition_range_start": "2025-03-01", "dagster/asset_partition_range_end": "2025-03-03"}
        with dg.instance_for_test() as instance:
            labels = []
            for _ in range(2):
                result = dg.materialize([openrouter_rankings_daily], resources=resources, instance=instance, tags=tags)
                labels.append(instance.get_run_by_id(result.run_id).tags[RANKINGS_PROGRESS_TAG])
            second_run_materialized = result.asset_materializations_for_node("raw__openrouter_rankings_daily")
    # The first run fetched the three days, the second found them stored: both say three of three are done.
    assert labels == ["3 of 3 days (100%)", "3 of 3 days (100%)"]
    assert second_run_materialized == []  # it stored nothing, so it materialized no partition


def test_a_run_reaching_today_catches_up_the_last_weeks_complete_days_and_a_past_day_is_fetched_again():
    today = dt.date(2026, 5, 21)
    reaching = rankings_days([dt.date(2026, 5, 20), today], today)
    assert reaching.days == [dt.date(2026, 5, day) for day in range(14, 21)] and reaching.skip_stored
    assert reaching.not_stored({dt.date(2026, 5, 14), dt.date(2026, 5, 20)}) == [dt.date(2026, 5, d) for d in range(15, 20)]
    single = rankings_days([dt.date(2026, 3, 3)], today)
    assert single.days == [dt.date(2026, 3, 3)] and single.not_stored({dt.date(2026, 3, 3)}) == [dt.date(2026, 3, 3)]
    several = rankings_days([dt.date(2026, 3, 3), dt.date(2026, 3, 4)], today)
    assert several.not_stored({dt.date(2026, 3, 3)}) == [dt.date(2026, 3, 4)]

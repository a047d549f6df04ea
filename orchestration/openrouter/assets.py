"""The raw OpenRouter tables: the model catalogue, replaced whole each run, and the daily token rankings."""

import datetime as dt

import dagster as dg
import pyarrow as pa

from expectations.openrouter import catalogue_suite, rankings_frame, rankings_suite
from expectations.validation import run_suite
from ingestion.openrouter.catalogue import catalogue_table
from ingestion.openrouter.client import DATASET_START, OpenRouterClient
from ingestion.openrouter.pacing import RequestPacer
from ingestion.openrouter.rankings import fetch_rankings, rankings_days, rankings_table
from orchestration.calendar import utc_today
from orchestration.outcome import rejected, stored_day
from orchestration.progress import RunProgress
from orchestration.partitions import daily_partitions, days_of
from orchestration.raw_asset import raw_asset
from orchestration.resources import OpenRouterSource, WarehouseResource
from orchestration.source_reads import source_read
from orchestration.sources import OPENROUTER_CATALOGUE, OPENROUTER_RANKINGS
from orchestration.warehouse import (
    add_requests_today,
    read_before_day,
    replace_day,
    replace_table,
    requests_on,
)

CATALOGUE_KEY = dg.AssetKey(["raw", "openrouter_models"])
RANKINGS_KEY = dg.AssetKey(["raw", "openrouter_rankings_daily"])
CATALOGUE_CHECK, RANKINGS_CHECK = "catalogue_quality", "rankings_quality"
PROGRESS_TAG = "atom/rankings_days_done"


@raw_asset(
    key=CATALOGUE_KEY,
    kinds={"duckdb", "openrouter"},
    description="OpenRouter's model catalogue (ids, Hugging Face repo, creation date, pricing, Artificial Analysis "
    "indexes when present), replaced whole by each refresh.",
    check_specs=[
        dg.AssetCheckSpec(
            CATALOGUE_CHECK,
            asset=CATALOGUE_KEY,
            blocking=True,
            description="Great Expectations suite before the catalogue is stored: schema, ids present and unique, not empty.",
        )
    ],
)
def openrouter_models(context: dg.AssetExecutionContext, warehouse: WarehouseResource, openrouter: OpenRouterSource):
    """Read the catalogue, validate it and replace raw.openrouter_models; without OPENROUTER_API_KEY the OpenRouter
    source is off and nothing is read (the catalogue needs no key, but it serves only the rankings)."""
    with source_read(context, warehouse, OPENROUTER_CATALOGUE) as read:
        read.skip_if_switched_off()
        settings = openrouter.settings()
        if not settings.api_key:
            read.skip("OPENROUTER_API_KEY is not set: the OpenRouter source is off")
        client = OpenRouterClient(settings, RequestPacer(settings.requests_per_minute, settings.requests_per_day))
        table = catalogue_table(client.models(), utc_today())
        result = run_suite(catalogue_suite(), table.to_pandas())
        if not result.success:
            message = f"the OpenRouter catalogue was rejected, the stored one is kept: {result.message()}"
            yield dg.AssetCheckResult(check_name=CATALOGUE_CHECK, passed=False, description=message)
            raise dg.Failure(description=message)
        with warehouse.writing() as paths:
            replace_table(paths.warehouse, "raw", "openrouter_models", table)
        read.stored(table.num_rows, utc_today())
        yield dg.AssetCheckResult(check_name=CATALOGUE_CHECK, passed=True, description=f"{table.num_rows} models")
        yield dg.MaterializeResult(metadata={"models": table.num_rows, "base_url": settings.base_url})


@raw_asset(
    key=RANKINGS_KEY,
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds={"duckdb", "openrouter"},
    description="OpenRouter's daily top-50 models by tokens and the day's 'other' row, one row per model per UTC "
    "day from 2025-01-01, token counts exact, with each pull's meta block (its citation's as-of time).",
    check_specs=[
        dg.AssetCheckSpec(
            RANKINGS_CHECK,
            asset=RANKINGS_KEY,
            blocking=True,
            description="Great Expectations suite on each day's rows before they are stored: schema, only that day, "
            "one row per model, counts and the meta block present.",
        )
    ],
)
def openrouter_rankings_daily(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, openrouter: OpenRouterSource
):
    """Fetch the window's days in as few requests as the API allows, paced to its limits, storing each day whole.

    A backfill of several days skips the days already stored, so a run stopped by the daily request budget
    resumes where it stopped; a single past day is always fetched again; a run that reaches today fetches the
    complete days of the last week that are not stored yet. Without OPENROUTER_API_KEY nothing is
    fetched and the run says so.
    """
    with source_read(context, warehouse, OPENROUTER_RANKINGS) as read:
        read.skip_if_switched_off()
        settings = openrouter.settings()
        today = utc_today()
        plan = rankings_days(days_of(context.partition_time_window), today)
        paths = warehouse.paths()
        if not settings.api_key:
            read.skip("OPENROUTER_API_KEY is not set: no rankings fetched")
        in_dataset = len([day for day in plan.days if day >= DATASET_START])
        stored_days: set[dt.date] = set()
        if plan.skip_stored and plan.days:
            with warehouse.writing():
                stored_days = {found for (found,) in read_before_day(
                    paths.warehouse, "raw", "openrouter_rankings_daily", "select distinct date from {table} where date < ?",
                    max(plan.days) + dt.timedelta(days=1),
                )}
        days = plan.not_stored(stored_days)
        with warehouse.writing():
            spent = requests_on(paths.warehouse, "openrouter_requests", today)
        pacer = RequestPacer(settings.requests_per_minute, settings.requests_per_day, spent_today=spent)
        client = OpenRouterClient(settings, pacer)
        # Days stored by an earlier run count as done, so a run with nothing left to fetch says all are done.
        to_fetch = len([day for day in days if day >= DATASET_START])
        progress = RunProgress(context, asked=in_dataset, tag=PROGRESS_TAG, done=in_dataset - to_fetch)
        failure: list[dg.AssetCheckResult] = []
        batch_rows: dict[dt.date, int] = {}

        def store(by_day: dict[dt.date, list[dict]], meta: dict[str, str]) -> None:
            # One suite per response: a window's days are checked together, then each day is stored whole.
            batches = {day: rankings_table(rows, meta) for day, rows in by_day.items()}
            window = pa.concat_tables(batches.values())
            result = run_suite(rankings_suite([day.isoformat() for day in by_day]), rankings_frame(window))
            if not result.success:
                failure.append(rejected(RANKINGS_CHECK, f"rankings of {min(by_day)} to {max(by_day)}", [result]))
                raise dg.Failure(description=failure[-1].description)
            for day, batch in batches.items():
                with warehouse.writing():
                    replace_day(paths.warehouse, "raw", "openrouter_rankings_daily", day, batch, "date")
                batch_rows[day] = batch.num_rows
                stored_day(context, RANKINGS_KEY, day, batch.num_rows)
                progress.advance(f"{day.isoformat()}: {batch.num_rows} ranking rows stored")

        try:
            outcome = fetch_rankings(client, days, store)
        except dg.Failure:
            yield failure[-1]
            raise
        finally:
            with warehouse.writing():
                add_requests_today(paths.warehouse, "openrouter_requests", today, client.requests)
        if outcome.stopped:
            raise dg.Failure(description=f"{outcome.stopped} ({len(outcome.stored)} day(s) stored, "
                             f"{len(outcome.not_reached)} not reached)")
        stored_rows = sum(batch_rows.values())
        read.stored(stored_rows, max(outcome.stored, default=None))
        yield dg.AssetCheckResult(
            check_name=RANKINGS_CHECK,
            passed=True,
            description=f"{len(outcome.stored)} day(s) passed",
            metadata={
                "days_stored": len(outcome.stored),
                "rows_stored": stored_rows,
                "days_before_dataset": len(outcome.before_dataset),
                "requests": client.requests,
                "seconds_paced": round(pacer.waited, 1),
                "base_url": settings.base_url,
            },
        )

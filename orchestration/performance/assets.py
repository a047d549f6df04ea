"""The raw performance tables: the Arena and Epoch AI replaced whole by each refresh, Artificial Analysis one day at a
time as each day is read; a batch is stored only once its Great Expectations suite passes."""

import datetime as dt
from dataclasses import dataclass

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from expectations.performance import artificial_analysis_suite, epoch_suite, leaderboard_suite
from expectations.validation import run_suite
from ingestion.artificial_analysis.models import DAILY_READ
from ingestion.artificial_analysis.reads import read_new_days
from ingestion.epoch.models import epoch_table, fetch_epoch_csv
from ingestion.errors import SourceAbsentError
from ingestion.huggingface.settings import without_credentials
from ingestion.lmarena.leaderboard import download_leaderboard
from orchestration.calendar import day_spans, utc_today
from orchestration.outcome import rejected
from orchestration.raw_asset import raw_asset
from orchestration.resources import ArtificialAnalysisSource, EpochSource, HubSource, WarehouseResource
from orchestration.source_reads import SourceRead, source_read
from orchestration.sources import ARTIFICIAL_ANALYSIS, EPOCH, LMARENA
from orchestration.warehouse import connect, replace_days, replace_table, table_exists

QUALITY = "quality"


def _check(key: dg.AssetKey, description: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(QUALITY, asset=key, blocking=True, description=description)


def _store(warehouse: WarehouseResource, read: SourceRead, rows: pa.Table, suite, metadata: dict, data_as_of):
    """Validate the rows, then replace the raw table whole; a failed suite keeps the stored table."""
    table_name = read.source.raw_table
    result = run_suite(suite, rows.to_pandas())
    if not result.success:
        failed = rejected(QUALITY, f"raw.{table_name} as read on {utc_today()}", [result])
        yield failed
        raise dg.Failure(description=failed.description)
    with warehouse.writing() as paths:
        replace_table(paths.warehouse, "raw", table_name, rows)
    read.stored(rows.num_rows, data_as_of)
    yield dg.AssetCheckResult(check_name=QUALITY, passed=True, description=f"{rows.num_rows} rows passed")
    yield dg.MaterializeResult(metadata={"rows": rows.num_rows, **metadata})


LEADERBOARD_KEY = dg.AssetKey(["raw", "lmarena_leaderboard"])


@raw_asset(
    key=LEADERBOARD_KEY,
    kinds={"duckdb", "huggingface"},
    description="LMArena's text leaderboard, every publish date and category: one Arena rating per model, "
    "read from the lmarena-ai/leaderboard-dataset Hub dataset and replaced whole by each refresh.",
    check_specs=[_check(LEADERBOARD_KEY, "Great Expectations suite before storing: schema, ratings present and "
                        "plausible, one rating per model, category and publish date.")],
)
def lmarena_leaderboard(context: dg.AssetExecutionContext, warehouse: WarehouseResource, hub: HubSource):
    """Download the dataset's text file through hf_hub_download, validate it and replace raw.lmarena_leaderboard."""
    with source_read(context, warehouse, LMARENA) as read:
        read.skip_if_switched_off()
        repo, filename = hub.lmarena()
        try:
            rows = download_leaderboard(hub.settings(), utc_today(), repo=repo, filename=filename)
        except SourceAbsentError as error:
            read.skip(str(error))
        dates = rows.column("leaderboard_publish_date")
        yield from _store(warehouse, read, rows, leaderboard_suite(),
                          {"file": f"{repo}/{filename}", "publish_dates": len(set(dates.to_pylist()))},
                          pc.max(dates).as_py())


AA_KEY = dg.AssetKey(["raw", "artificial_analysis_models"])


@dataclass(frozen=True)
class StoredReads:
    """The days of Artificial Analysis already stored, and the last of them read from the daily reads."""

    days: set[dt.date]
    last_daily_read: dt.date | None


def data_updated(day: dt.date | None) -> dict:
    """The metadata that dates the table by the newest day it holds, so that its freshness check ages with the data
    rather than with the last refresh."""
    if day is None:
        return {}
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)
    return {"dagster/last_updated_timestamp": dg.MetadataValue.timestamp(start)}


def stored_reads(path) -> StoredReads:
    """What raw.artificial_analysis_models holds already (nothing when the warehouse has no such table)."""
    conn = connect(path, read_only=True)
    try:
        if not table_exists(conn, "raw", ARTIFICIAL_ANALYSIS.raw_table):
            return StoredReads(set(), None)
        rows = conn.execute(
            f"select fetched_on, bool_or(read_from = '{DAILY_READ}') from raw.{ARTIFICIAL_ANALYSIS.raw_table} "
            "group by fetched_on"
        ).fetchall()
    finally:
        conn.close()
    return StoredReads({day for day, _ in rows}, max((day for day, daily in rows if daily), default=None))


@raw_asset(
    key=AA_KEY,
    kinds={"duckdb", "api"},
    description="Artificial Analysis's leaderboard, one row per model and day read (indexes, creator country, "
    "open-weights flag, Hub repo, OpenRouter id): every day its public daily reads hold, and today from its API "
    "when AA_API_KEY is set; each day is stored whole, once.",
    check_specs=[_check(AA_KEY, "Great Expectations suite before storing: schema, one row per model and day read, "
                        "indexes in 0..100.")],
)
def artificial_analysis_models(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, artificial_analysis: ArtificialAnalysisSource
):
    """Read the days not stored yet, validate them together and add them to raw.artificial_analysis_models."""
    with source_read(context, warehouse, ARTIFICIAL_ANALYSIS) as read:
        read.skip_if_switched_off()
        settings = artificial_analysis.settings()
        if not settings.daily_reads_url and not settings.api_key:
            read.skip("not configured: AA_DAILY_READS_URL is empty and AA_API_KEY is not set")
        with warehouse.writing() as paths:
            stored = stored_reads(paths.warehouse)
        reads = read_new_days(settings, stored.last_daily_read, stored.days, utc_today())
        for reason in reads.not_read:
            context.log.info(f"Artificial Analysis: {reason}")
        if reads.missing_days:
            context.log.info(f"Artificial Analysis: no daily read published for {day_spans(reads.missing_days)}")
        if not reads.tables:
            newest = max(stored.days, default=None)
            read.stored(0, newest)
            yield dg.AssetCheckResult(check_name=QUALITY, passed=True, description="no day left to read")
            yield dg.MaterializeResult(metadata={"days_read": 0, "rows": 0, **data_updated(newest)})
            return
        rows = pa.concat_tables(reads.tables)
        result = run_suite(artificial_analysis_suite(), rows.to_pandas())
        if not result.success:
            failed = rejected(QUALITY, f"Artificial Analysis reads of {day_spans(reads.days)}", [result])
            yield failed
            raise dg.Failure(description=failed.description)
        with warehouse.writing() as paths:
            replace_days(paths.warehouse, "raw", ARTIFICIAL_ANALYSIS.raw_table, rows, "fetched_on")
        read.stored(rows.num_rows, reads.days[-1])
        yield dg.AssetCheckResult(check_name=QUALITY, passed=True,
                                  description=f"{rows.num_rows} rows of {len(reads.days)} day(s) passed")
        yield dg.MaterializeResult(metadata={
            "days_read": len(reads.days), "rows": rows.num_rows, "first_day": str(reads.days[0]),
            "last_day": str(reads.days[-1]), "days_not_published": len(reads.missing_days),
            "daily_reads_url": without_credentials(settings.daily_reads_url) or "off", **data_updated(reads.days[-1]),
        })


EPOCH_KEY = dg.AssetKey(["raw", "epoch_models"])


@raw_asset(
    key=EPOCH_KEY,
    kinds={"duckdb", "csv"},
    description="Epoch AI's 'Data on AI Models' (CC BY 4.0): organisation, country, parameters, publication date "
    "and accessibility of notable models, replaced whole by each refresh; the warehouse's cross-check source.",
    check_specs=[_check(EPOCH_KEY, "Great Expectations suite before storing: schema, model names present, "
                        "parameter counts positive.")],
)
def epoch_models(context: dg.AssetExecutionContext, warehouse: WarehouseResource, epoch: EpochSource):
    """Download the CSV with requests, validate it and replace raw.epoch_models."""
    with source_read(context, warehouse, EPOCH) as read:
        read.skip_if_switched_off()
        settings = epoch.settings()
        url = without_credentials(settings.url)
        csv = epoch_table(fetch_epoch_csv(settings), utc_today(), url)
        if csv.unnamed_lines:
            context.log.info(f"{len(csv.unnamed_lines)} line(s) of {url} name no model and were skipped")
        yield from _store(warehouse, read, csv.rows, epoch_suite(),
                          {"url": url, "lines_without_a_model": len(csv.unnamed_lines)}, utc_today())

"""The raw performance tables, each replaced whole by a refresh once its Great Expectations suite passes."""

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from expectations.performance import artificial_analysis_suite, epoch_suite, leaderboard_suite
from expectations.validation import run_suite
from ingestion.artificial_analysis.client import aa_models_table, fetch_models
from ingestion.epoch.models import epoch_table, fetch_epoch_csv
from ingestion.errors import SourceAbsentError
from ingestion.huggingface.settings import without_credentials
from ingestion.lmarena.leaderboard import download_leaderboard, leaderboard_location
from orchestration.calendar import utc_today
from orchestration.outcome import rejected
from orchestration.raw_asset import raw_asset
from orchestration.resources import ArtificialAnalysisSource, EpochSource, HubSource, WarehouseResource
from orchestration.source_reads import SourceRead, source_read
from orchestration.sources import ARTIFICIAL_ANALYSIS, EPOCH, LMARENA
from orchestration.warehouse import replace_table

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
        repo, filename = leaderboard_location()
        try:
            rows = download_leaderboard(hub.settings(), utc_today(), repo=repo, filename=filename)
        except SourceAbsentError as error:
            read.skip(str(error))
        dates = rows.column("leaderboard_publish_date")
        yield from _store(warehouse, read, rows, leaderboard_suite(),
                          {"file": f"{repo}/{filename}", "publish_dates": len(set(dates.to_pylist()))},
                          pc.max(dates).as_py())


AA_KEY = dg.AssetKey(["raw", "artificial_analysis_models"])


@raw_asset(
    key=AA_KEY,
    kinds={"duckdb", "api"},
    description="Artificial Analysis's models with their intelligence, coding and math indexes, from its API "
    "when AA_API_KEY is set (otherwise empty: the marts use OpenRouter's Artificial Analysis block).",
    check_specs=[_check(AA_KEY, "Great Expectations suite before storing: schema, ids unique, indexes in 0..100.")],
)
def artificial_analysis_models(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, artificial_analysis: ArtificialAnalysisSource
):
    """Read the models API and replace raw.artificial_analysis_models; without a key, keep the table as it is."""
    with source_read(context, warehouse, ARTIFICIAL_ANALYSIS) as read:
        read.skip_if_switched_off()
        settings = artificial_analysis.settings()
        if not settings.api_key:
            read.skip("AA_API_KEY is not set: Artificial Analysis scores come from OpenRouter's catalogue")
        rows = aa_models_table(fetch_models(settings), utc_today())
        yield from _store(warehouse, read, rows, artificial_analysis_suite(), {"base_url": settings.base_url}, utc_today())


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

"""The published copy of the marts, refreshed only after every upstream check has passed."""


from collections.abc import Sequence

import dagster as dg

from orchestration.partitions import daily_partitions
from orchestration.publication.copy import publish_marts
from orchestration.resources import WarehouseResource

PUBLISHED_KEY = dg.AssetKey(["published", "marts"])


def build_published_marts(mart_keys: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publication asset, downstream of the given mart assets."""

    @dg.asset(
        key=PUBLISHED_KEY,
        deps=list(mart_keys),
        group_name="published",
        partitions_def=daily_partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        kinds={"duckdb"},
        description=(
            "A read-only copy of the marts for SQL users (atom query), replaced atomically after a refresh "
            "whose checks all passed."
        ),
    )
    def published_marts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        paths = warehouse.paths()
        window = context.partition_time_window
        note = f"partition window {window.start.date()} to {window.end.date()} (end exclusive)"
        counts = publish_marts(paths.warehouse, paths.published, note=note)
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(paths.published)),
                "tables": dg.MetadataValue.json(counts),
            }
        )

    return published_marts

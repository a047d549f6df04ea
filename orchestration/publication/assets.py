"""The published copy of the marts, refreshed only after every upstream check has passed."""


from collections.abc import Sequence

import dagster as dg

from orchestration.publication.copy import publish_marts
from orchestration.resources import WarehouseResource

PUBLISHED_KEY = dg.AssetKey(["published", "marts"])


# A mart materialized on its own (from the UI) is published too, once no mart is being built and every blocking
# dbt test of the marts passed; a refresh publishes in its own run, which leaves nothing for this to do.
REPUBLISH = dg.AutomationCondition.eager() & dg.AutomationCondition.all_deps_blocking_checks_passed()


def build_published_marts(mart_keys: Sequence[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publication asset, downstream of the given mart assets."""

    @dg.asset(
        key=PUBLISHED_KEY,
        deps=list(mart_keys),
        group_name="published",
        kinds={"duckdb"},
        description=(
            "A read-only copy of the marts for SQL users (atom query), replaced atomically after a refresh "
            "whose checks all passed."
        ),
        automation_condition=REPUBLISH,
    )
    def published_marts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.writing() as paths:
            context.log.info(f"publishing the marts to {paths.published}")
            counts = publish_marts(paths.warehouse, paths.published, note=f"run {context.run_id}")
            context.log.info(f"published the marts: {len(counts)} tables")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(paths.published)),
                "tables": dg.MetadataValue.json(counts),
            }
        )

    return published_marts

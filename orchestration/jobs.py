"""The refresh job (raw → staging → marts → published → report) and its daily schedule."""

import dagster as dg

from orchestration.partitions import daily_partitions

refresh_job = dg.define_asset_job(
    name="refresh",
    selection=dg.AssetSelection.all(),
    partitions_def=daily_partitions,
    executor_def=dg.in_process_executor,
    description="Ingest the selected days, rebuild the dbt layers, publish the marts and redraw the report.",
)

# Late in the UTC day, so that today's partition reads counters the Hub has already updated today.
daily_refresh_schedule = dg.build_schedule_from_partitioned_job(
    refresh_job, hour_of_day=23, minute_of_hour=0, name="daily_refresh"
)

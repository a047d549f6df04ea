{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='date',
    )
}}
-- The Hub's two download counters for every tracked model on every stored snapshot day, with its attributes.
with snapshots as (
    select * from {{ ref('stg_hf__model_snapshots') }}
    {% if is_incremental() %}
    where {{ in_partition_window('snapshot_date') }}
    {% endif %}
),

models as (
    select * from {{ ref('int_tracked_models') }}
),

final as (
    select
        snapshots.snapshot_date as date,
        snapshots.model_id,
        models.org,
        models.family,
        models.region,
        models.size_bucket,
        snapshots.downloads_all_time,
        snapshots.downloads_30d,
        snapshots.provenance
    from snapshots
    inner join models
        on snapshots.model_id = models.model_id
)

select * from final

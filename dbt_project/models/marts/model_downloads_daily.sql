{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where {{ in_refresh_window('date') }}{% endif %}",
    )
}}
-- The Hub's two download counters for every tracked model on every stored snapshot day, with the model's
-- attributes as they were when the day was stored (a full refresh re-reads changed attributes).
with snapshots as (
    select * from {{ ref('int_hf__model_snapshots_daily') }}
    {% if is_incremental() %}
    where {{ in_refresh_window('date') }}
    {% endif %}
),

models as (
    select * from {{ ref('int_tracked_models') }}
),

final as (
    select
        snapshots.date,
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

-- The Hub's two download counters for every tracked model on every stored snapshot day, with today's attributes.
with snapshots as (
    select * from {{ ref('int_hf__model_snapshots_daily') }}
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

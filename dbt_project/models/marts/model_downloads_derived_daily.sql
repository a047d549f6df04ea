-- Daily downloads of every tracked model on every calendar day, derived from its snapshots, with its attributes.
with derived as (
    select * from {{ ref('int_hf__model_daily_downloads') }}
),

models as (
    select * from {{ ref('int_tracked_models') }}
),

final as (
    select
        derived.date,
        derived.model_id,
        models.org,
        models.family,
        models.region,
        models.size_bucket,
        derived.downloads,
        derived.downloads_all_time_estimate,
        derived.has_snapshot,
        derived.is_gap_filled or derived.is_stall_spread or derived.is_counter_decrease as is_estimated
    from derived
    inner join models
        on derived.model_id = models.model_id
)

select * from final

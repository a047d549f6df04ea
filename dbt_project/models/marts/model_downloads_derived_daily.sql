{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{{ delete_recomputed_days('date') }}",
    )
}}
-- Daily downloads of every tracked model on every calendar day, derived from its snapshots, with its attributes
-- as they were when the day was computed (a full refresh re-reads changed attributes).
with derived as (
    select * from {{ ref('int_hf__model_daily_downloads') }}
    {% if is_incremental() %}
    where date >= {{ recompute_from() }}
    {% endif %}
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

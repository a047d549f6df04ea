{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['model_id', 'date'],
        pre_hook="{{ delete_spans_ending_in_window() }}",
    )
}}
-- Daily downloads of every tracked model on every calendar day, derived from its snapshots, with its attributes
-- as they were when the day was computed (a full refresh re-reads changed attributes).
with derived as (
    select * from {{ ref('int_hf__model_daily_downloads') }}
    {% if is_incremental() %}
    -- Only a day whose span ends in the window or later can have changed (a resolved stall's days among them).
    where date >= {{ recompute_from() }} and anchor_date >= {{ refresh_window_start() }}
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
        derived.anchor_date,
        derived.has_snapshot,
        derived.is_gap_filled or derived.is_stall_spread or derived.is_counter_decrease as is_estimated
    from derived
    inner join models
        on derived.model_id = models.model_id
)

select * from final

{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{{ delete_changed_quality_flags() }}",
    )
}}
-- Every day on which a model's derived downloads needed a correction or disagree with the Hub, with a one-line reason.
-- The days recomputed, and separately the estimates 30 days earlier that their cross-check reads. An incremental
-- refresh rewrites the flags of the days whose span ends in the window or later, every deletion flag (a day present
-- or missing in the window can move a model's last sighting) and every spike flag (a changed day moves the medians
-- after it) from the recomputed days on; the other days' flags cannot change.
with derived as (
    select
        *,
        {% if is_incremental() %}anchor_date >= {{ refresh_window_start() }}{% else %}true{% endif %} as is_recomputed
    from {{ ref('int_hf__model_daily_downloads') }}
    {% if is_incremental() %}
    where date >= {{ recompute_from() }} and (anchor_date >= {{ refresh_window_start() }} or is_deleted_after)
    {% endif %}
),

month_before as (
    select model_id, date, downloads_all_time_estimate from {{ ref('int_hf__model_daily_downloads') }}
    {% if is_incremental() %}
    where date >= {{ recompute_from() }} - interval 30 day
    {% endif %}
),

spikes as (
    select * from {{ ref('int_hf__download_spikes') }}
    {% if is_incremental() %}
    where date >= {{ recompute_from() }}
    {% endif %}
),

with_30d_check as (
    select
        derived.*,
        derived.downloads_all_time_estimate - month_before.downloads_all_time_estimate as growth_over_30_days
    from derived
    left join month_before
        on derived.model_id = month_before.model_id
        and month_before.date = derived.date - interval 30 day
),

flags as (
    select date, model_id, 'counter_decreased' as flag,
        'all-time counter went down to ' || reported_all_time || '; read as its earlier maximum, so no growth that day' as reason
    from with_30d_check where is_counter_decrease and is_recomputed
    union all
    select date, model_id, 'stall_spread',
        'all-time counter froze while the 30-day counter showed downloads; the growth after it was spread over the stalled days'
    from with_30d_check where is_stall_spread and is_recomputed
    union all
    select date, model_id, 'gap_filled',
        'no snapshot this day; growth between the snapshots around it spread evenly'
    from with_30d_check where is_gap_filled and is_recomputed
    union all
    select date, model_id, 'no_baseline',
        'first snapshot of a model created earlier: its daily downloads that day are unknown'
    from with_30d_check where is_first_snapshot_without_baseline and is_recomputed
    union all
    select date, model_id, 'deleted_from_hub',
        'last day the model was seen; later snapshots no longer list it'
    from with_30d_check where is_deleted_after
    union all
    select date, model_id, 'spike',
        'derived downloads of ' || downloads || ' are '
        || coalesce(round(factor, 1) || ' times', 'far above') || ' the median of the '
        || {{ var('spike_history_days') }} || ' days before (' || round(trailing_median)::bigint || '), above the bound of ' || round(bound)::bigint
        || case when {{ var('cap_download_spikes') }} then '; the monthly marts count it up to the bound'
            else '; kept in the monthly marts' end
    from spikes
    union all
    select date, model_id, 'inconsistent_30d',
        'the 30-day counter says ' || reported_30d || ' but the all-time counter grew ' || growth_over_30_days || ' over 30 days'
    from with_30d_check
    where is_recomputed
      and has_snapshot
      and reported_30d is not null
      and growth_over_30_days is not null
      and abs(reported_30d - growth_over_30_days) > greatest(
          {{ var('thirty_day_tolerance_downloads', 100) }},
          {{ var('thirty_day_tolerance_share', 0.1) }} * greatest(reported_30d, growth_over_30_days)
      )
),

final as (
    select flags.date, flags.model_id, flags.flag, flags.reason
    from flags
    inner join {{ ref('int_tracked_models') }} as models
        on flags.model_id = models.model_id
)

select * from final

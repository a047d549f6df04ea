{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where date >= {{ recompute_from() }}{% endif %}",
    )
}}
-- The days whose derived downloads for a model exceed a robust bound of its own recent history: more than
-- spike_factor times the median of its spike_history_days days before, and more than spike_floor_downloads. Only
-- days since the model's release count as history, and a model is judged only once it has a whole history window,
-- so a launch's ramp is never a spike. A refresh recomputes every day from recompute_from() on: a day changed by the
-- window can move the median of the days after it.
with released as (
    select model_id, release_date from {{ ref('int_tracked_models') }}
),

daily as (
    select derived.model_id, derived.date, derived.downloads
    from {{ ref('int_hf__model_daily_downloads') }} as derived
    inner join released
        on derived.model_id = released.model_id
    where derived.downloads is not null
      and (released.release_date is null or derived.date >= released.release_date)
    {% if is_incremental() %}
      and derived.date >= {{ recompute_from() }} - interval {{ var('spike_history_days') }} day
    {% endif %}
),

-- The window is the rows before the day; a model's days are consecutive, and a day is judged only when those rows
-- are exactly the spike_history_days calendar days before it (a ROWS frame is several times cheaper than RANGE).
judged as (
    select
        model_id,
        date,
        downloads,
        median(downloads) over history as trailing_median,
        count(downloads) over history as history_days,
        min(date) over history as history_starts
    from daily
    window history as (
        partition by model_id order by date
        rows between {{ var('spike_history_days') }} preceding and 1 preceding
    )
),

final as (
    select
        date,
        model_id,
        downloads,
        trailing_median,
        greatest({{ var('spike_factor') }} * trailing_median, {{ var('spike_floor_downloads') }}) as bound,
        downloads / nullif(trailing_median, 0) as factor
    from judged
    where history_days = {{ var('spike_history_days') }}
      and history_starts = date - {{ var('spike_history_days') }}
      and downloads > greatest({{ var('spike_factor') }} * trailing_median, {{ var('spike_floor_downloads') }})
    {% if is_incremental() %}
      and date >= {{ recompute_from() }}
    {% endif %}
)

select * from final

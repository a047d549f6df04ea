{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where month >= date_trunc('month', {{ recompute_from() }}){% endif %}",
    )
}}
-- Each tracked model's downloads within each calendar month and its all-time count at the month's last snapshot.
-- With cap_download_spikes, a month's downloads leave out what its spike days had above their bound; the all-time
-- count stays the Hub's.
-- An incremental refresh recomputes the months from recompute_from() on, carrying each model's earlier peak.
-- daily and warehouse_days each read the model itself: a CTE with two readers is materialized whole by DuckDB.
with daily as (
    select * from {{ ref('model_downloads_daily') }}
    {% if is_incremental() %}
    where date >= date_trunc('month', {{ recompute_from() }})
    {% endif %}
),

earlier_months as (
    {% if is_incremental() %}
    select model_id, max(cumulative_downloads) as cumulative_before
    from {{ this }}
    where month < date_trunc('month', {{ recompute_from() }})
    group by 1
    {% else %}
    select cast(null as varchar) as model_id, cast(null as bigint) as cumulative_before where false
    {% endif %}
),

models as (
    select * from {{ ref('int_tracked_models') }}
),

spike_months as (
    select
        date_trunc('month', date)::date as month,
        model_id,
        cast(round(sum(downloads - bound)) as bigint) as spike_downloads
    from {{ ref('int_hf__download_spikes') }}
    {% if is_incremental() %}
    where date >= date_trunc('month', {{ recompute_from() }})
    {% endif %}
    group by 1, 2
),

warehouse_days as (
    select min(date) as first_snapshot_date, max(date) as last_snapshot_date from {{ ref('model_downloads_daily') }}
),

-- Each month's first counted snapshot is kept: a model's first month grows from it when nothing before is known.
model_months as (
    select
        date_trunc('month', date)::date as month,
        model_id,
        max(date) as last_snapshot_date,
        max(downloads_all_time) as highest_all_time,
        min(date) filter (where downloads_all_time is not null) as first_counted_date,
        arg_min(downloads_all_time, date) filter (where downloads_all_time is not null) as first_all_time,
        bool_or(provenance = 'reconstructed') as is_reconstructed
    from daily
    group by 1, 2
),

-- The all-time counter is read as its running maximum, so a glitch that lowers it is neither a loss nor,
-- once it recovers, counted twice. The count before each month is the previous month's, or for the first month an
-- incremental refresh recomputes, the peak stored for the months it keeps.
cumulative as (
    select
        model_months.*,
        greatest(
            max(model_months.highest_all_time) over (by_model rows between unbounded preceding and current row),
            earlier_months.cumulative_before
        ) as cumulative_downloads,
        greatest(
            max(model_months.highest_all_time) over (by_model rows between unbounded preceding and 1 preceding),
            earlier_months.cumulative_before
        ) as previous_cumulative
    from model_months
    left join earlier_months
        on model_months.model_id = earlier_months.model_id
    window by_model as (partition by model_months.model_id order by model_months.month)
),

-- A model's first observed month is the first with a count and nothing counted before it (its first snapshot is
-- in that month, so the rows an incremental refresh reads, whole months, hold it). A model created after the
-- warehouse's first snapshot has nothing before observation, so its whole count is growth; for any other (its
-- creation unknown included) the downloads before its first snapshot are unknown, so the month reports the growth
-- observed from that snapshot on, never null.
observed as (
    select
        cumulative.*,
        models.org,
        models.family,
        models.region,
        models.size_bucket,
        cumulative.previous_cumulative is null and cumulative.cumulative_downloads is not null as is_first_month,
        coalesce(models.hub_created_at >= warehouse_days.first_snapshot_date, false) as is_observed_since_creation,
        warehouse_days.last_snapshot_date as warehouse_last_snapshot_date
    from cumulative
    inner join models
        on cumulative.model_id = models.model_id
    cross join warehouse_days
),

counted as (
    select
        observed.*,
        case
            when not is_first_month then cumulative_downloads - previous_cumulative
            when is_observed_since_creation then cumulative_downloads
            else cumulative_downloads - first_all_time
        end as observed_downloads,
        coalesce(spike_months.spike_downloads, 0) as spike_downloads
    from observed
    left join spike_months
        on observed.month = spike_months.month
        and observed.model_id = spike_months.model_id
),

final as (
    select
        month,
        model_id,
        org,
        family,
        region,
        size_bucket,
        case
            when {{ var('cap_download_spikes') }} then observed_downloads - least(spike_downloads, observed_downloads)
            else observed_downloads
        end as downloads,
        spike_downloads,
        cast({{ var('cap_download_spikes') }} as boolean) as spikes_capped,
        cumulative_downloads,
        last_snapshot_date,
        case when is_first_month and not is_observed_since_creation then first_counted_date end as observation_starts,
        (date_trunc('month', warehouse_last_snapshot_date)::date = month and warehouse_last_snapshot_date < last_day(month))
            or (is_first_month and not is_observed_since_creation and first_counted_date > month) as is_partial_month,
        case when is_reconstructed then 'reconstructed' else 'observed' end as provenance
    from counted
)

select * from final

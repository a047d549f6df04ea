{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where month >= date_trunc('month', {{ recompute_from() }}){% endif %}",
    )
}}
-- Each tracked model's downloads within each calendar month and its all-time count at the month's last snapshot.
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

warehouse_days as (
    select min(date) as first_snapshot_date, max(date) as last_snapshot_date from {{ ref('model_downloads_daily') }}
),

model_months as (
    select
        date_trunc('month', date)::date as month,
        model_id,
        max(date) as last_snapshot_date,
        max(downloads_all_time) as highest_all_time,
        bool_or(provenance = 'reconstructed') as is_reconstructed
    from daily
    group by 1, 2
),

-- The all-time counter is read as its running maximum, so a glitch that lowers it is neither a loss nor,
-- once it recovers, counted twice.
cumulative as (
    select
        model_months.*,
        earlier_months.cumulative_before,
        greatest(
            max(model_months.highest_all_time) over (
                partition by model_months.model_id order by model_months.month
                rows between unbounded preceding and current row
            ),
            coalesce(earlier_months.cumulative_before, 0)
        ) as cumulative_downloads
    from model_months
    left join earlier_months
        on model_months.model_id = earlier_months.model_id
),

-- Growth within the month; a model first seen after observation began counts from zero, while the
-- downloads a model had before the first stored snapshot are not attributed to any month.
final as (
    select
        cumulative.month,
        cumulative.model_id,
        models.org,
        models.family,
        models.region,
        models.size_bucket,
        case
            when coalesce(lag(cumulative.cumulative_downloads) over by_model, cumulative.cumulative_before) is not null
                then cumulative.cumulative_downloads
                    - coalesce(lag(cumulative.cumulative_downloads) over by_model, cumulative.cumulative_before)
            when models.hub_created_at >= warehouse_days.first_snapshot_date
                then cumulative.cumulative_downloads
        end as downloads,
        cumulative.cumulative_downloads,
        cumulative.last_snapshot_date,
        date_trunc('month', warehouse_days.last_snapshot_date)::date = cumulative.month
            and warehouse_days.last_snapshot_date < last_day(cumulative.month) as is_partial_month,
        case when cumulative.is_reconstructed then 'reconstructed' else 'observed' end as provenance
    from cumulative
    inner join models
        on cumulative.model_id = models.model_id
    cross join warehouse_days
    window by_model as (partition by cumulative.model_id order by cumulative.month)
)

select * from final

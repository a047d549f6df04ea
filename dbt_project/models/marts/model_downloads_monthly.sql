-- Each tracked model's downloads within each calendar month and its all-time count at the month's last snapshot.
with daily as (
    select * from {{ ref('model_downloads_daily') }}
),

models as (
    select * from {{ ref('int_tracked_models') }}
),

observation_start as (
    select min(date) as first_snapshot_date from daily
),

model_months as (
    select
        date_trunc('month', date)::date as month,
        model_id,
        max(date) as last_snapshot_date,
        arg_max(downloads_all_time, date) as downloads_all_time,
        bool_or(provenance = 'reconstructed') as is_reconstructed
    from daily
    group by 1, 2
),

-- Growth within the month; a model first seen after observation began counts from zero, while the
-- downloads a model had before the first stored snapshot are not attributed to any month.
final as (
    select
        model_months.month,
        model_months.model_id,
        models.org,
        models.family,
        models.region,
        models.size_bucket,
        case
            when lag(model_months.downloads_all_time) over by_model is not null
                then greatest(0, model_months.downloads_all_time - lag(model_months.downloads_all_time) over by_model)
            when models.hub_created_at >= observation_start.first_snapshot_date
                then model_months.downloads_all_time
        end as downloads,
        model_months.downloads_all_time as cumulative_downloads,
        model_months.last_snapshot_date,
        model_months.last_snapshot_date < last_day(model_months.month) as is_partial_month,
        case when model_months.is_reconstructed then 'reconstructed' else 'observed' end as provenance
    from model_months
    inner join models
        on model_months.model_id = models.model_id
    cross join observation_start
    window by_model as (partition by model_months.model_id order by model_months.month)
)

select * from final

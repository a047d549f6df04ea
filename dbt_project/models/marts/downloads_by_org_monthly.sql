-- Each org's downloads within each calendar month and its cumulative downloads at the month's end.
with daily as (
    select * from {{ ref('model_downloads_daily') }}
),

models as (
    select * from {{ ref('int_tracked_models') }}
),

observation_start as (
    select min(date) as first_snapshot_date from daily
),

-- The month's last snapshot of each model carries its cumulative count at the month's end.
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
model_growth as (
    select
        model_months.*,
        case
            when lag(downloads_all_time) over by_model is not null
                then greatest(0, downloads_all_time - lag(downloads_all_time) over by_model)
            when models.hub_created_at >= observation_start.first_snapshot_date
                then downloads_all_time
        end as downloads
    from model_months
    inner join models
        on model_months.model_id = models.model_id
    cross join observation_start
    window by_model as (partition by model_months.model_id order by model_months.month)
),

final as (
    select
        model_growth.month,
        models.org,
        models.family,
        models.region,
        cast(sum(model_growth.downloads) as bigint) as downloads,
        cast(sum(model_growth.downloads_all_time) as bigint) as cumulative_downloads,
        cast(count(*) as integer) as models_reporting,
        max(model_growth.last_snapshot_date) as last_snapshot_date,
        max(model_growth.last_snapshot_date) < last_day(model_growth.month) as is_partial_month,
        case when bool_or(model_growth.is_reconstructed) then 'reconstructed' else 'observed' end as provenance
    from model_growth
    inner join models
        on model_growth.model_id = models.model_id
    group by 1, 2, 3, 4
)

select * from final

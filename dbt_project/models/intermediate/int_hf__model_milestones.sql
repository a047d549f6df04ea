-- Each tracked model's cumulative downloads at each RAM milestone: N days after its corrected release date, for N
-- in the var ram_milestone_days. The value is the derived series' all-time estimate on that day, interpolated
-- where the history has no snapshot for it; a milestone the history cannot know is kept with the reason.
with models as (
    select model_id, org, family, region, size_bucket, release_date
    from {{ ref('int_tracked_models') }}
),

series as (
    select model_id, date, downloads_all_time_estimate, has_snapshot, is_estimated
    from {{ ref('model_downloads_derived_daily') }}
),

observed as (
    select model_id, min(date) as first_observed, max(date) as last_observed
    from series
    group by 1
),

history as (
    select max(date) as as_of from series
),

milestones as (
    select
        models.*,
        milestone.days_since_release,
        cast(models.release_date + to_days(milestone.days_since_release) as date) as milestone_date
    from models
    cross join (
        select unnest({{ var("ram_milestone_days") }}) as days_since_release
    ) as milestone
),

final as (
    select
        milestones.model_id,
        milestones.org,
        milestones.family,
        milestones.region,
        milestones.size_bucket,
        milestones.release_date,
        milestones.days_since_release,
        milestones.milestone_date,
        series.downloads_all_time_estimate as downloads_at_milestone,
        coalesce(not series.has_snapshot or series.is_estimated, false) as is_interpolated,
        case
            when observed.model_id is null then 'never_observed'
            when milestones.release_date is null then 'no_release_date'
            when milestones.milestone_date > history.as_of then 'not_yet_reached'
            when milestones.milestone_date < observed.first_observed then 'before_history'
            when series.downloads_all_time_estimate is null then 'no_value'
            else 'known'
        end as milestone_status
    from milestones
    cross join history
    left join observed
        on milestones.model_id = observed.model_id
    left join series
        on milestones.model_id = series.model_id
        and milestones.milestone_date = series.date
)

select * from final

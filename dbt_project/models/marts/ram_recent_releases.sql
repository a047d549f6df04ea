-- The newest releases a reader asks about: tracked models released in the last 180 days of the history, each with
-- its latest milestone reached and that milestone's RAM scores, ranked by the score against the top-10 median
-- (a model not yet 7 days old is listed last, unscored).
with scores as (
    select * from {{ ref('ram_scores') }}
),

history as (
    select max(date) as as_of from {{ ref('model_downloads_derived_daily') }}
),

recent as (
    select distinct scores.model_id, scores.org, scores.region, scores.size_bucket, scores.release_date
    from scores
    cross join history
    where scores.release_date > history.as_of - interval 180 day
      -- A tracked model the warehouse never saw is in ram_scores, with that reason.
      and scores.milestone_status <> 'never_observed'
),

latest as (
    select *
    from scores
    where milestone_status = 'known'
    qualify row_number() over (partition by model_id order by days_since_release desc) = 1
),

final as (
    select
        rank() over (order by latest.ram_score_median_top_10 desc nulls last) as rank,
        recent.model_id,
        recent.org,
        recent.region,
        recent.size_bucket,
        recent.release_date,
        latest.days_since_release as latest_milestone_days,
        latest.downloads_at_milestone,
        latest.is_interpolated,
        latest.ram_score_median_top_10,
        latest.ram_score_tenth_ranked
    from recent
    left join latest
        on recent.model_id = latest.model_id
)

select * from final

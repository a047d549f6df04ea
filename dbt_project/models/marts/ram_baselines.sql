-- The two RAM baselines of each size bucket at each milestone (METHODOLOGY.md, section 3.6): the median of the
-- bucket's top 10 models by cumulative downloads at N days, and the 10th-ranked model's downloads at N made
-- monotonic over N. The reference is every tracked model of the bucket whose day-N value is known ("top 10 ever").
with known as (
    select size_bucket, days_since_release, model_id, downloads_at_milestone
    from {{ ref('int_hf__model_milestones') }}
    where milestone_status = 'known'
),

ranked as (
    select
        *,
        row_number() over (
            partition by size_bucket, days_since_release order by downloads_at_milestone desc, model_id
        ) as rank_at_milestone
    from known
),

by_milestone as (
    select
        size_bucket,
        days_since_release,
        count(*) as models_in_reference,
        median(downloads_at_milestone) filter (where rank_at_milestone <= 10) as median_top_10_downloads,
        max(downloads_at_milestone) filter (where rank_at_milestone = 10) as tenth_ranked_downloads
    from ranked
    group by 1, 2
),

final as (
    select
        size_bucket,
        days_since_release,
        models_in_reference,
        median_top_10_downloads,
        tenth_ranked_downloads,
        -- A later milestone's bar is never below an earlier one's; null until the bucket has a 10th model.
        max(tenth_ranked_downloads) over (
            partition by size_bucket order by days_since_release rows between unbounded preceding and current row
        ) as tenth_ranked_baseline
    from by_milestone
)

select * from final

-- Each tracked model's Relative Adoption Metric at each milestone: its cumulative downloads N days after release
-- divided by each baseline of its size bucket at N. Above 1: on track to be a top-10 model of its size, ever. A
-- milestone whose value cannot be known is listed with the reason and left unscored.
with milestones as (
    select * from {{ ref('int_hf__model_milestones') }}
),

baselines as (
    select * from {{ ref('ram_baselines') }}
),

final as (
    select
        -- Every column of the milestone, as int_hf__model_milestones describes it, then the bucket's baselines.
        milestones.*,
        baselines.median_top_10_downloads,
        baselines.tenth_ranked_baseline,
        case when milestones.milestone_status = 'known'
            then milestones.downloads_at_milestone / nullif(baselines.median_top_10_downloads, 0) end
            as ram_score_median_top_10,
        case when milestones.milestone_status = 'known'
            then milestones.downloads_at_milestone / nullif(baselines.tenth_ranked_baseline, 0) end
            as ram_score_tenth_ranked
    from milestones
    left join baselines
        on milestones.size_bucket = baselines.size_bucket
        and milestones.days_since_release = baselines.days_since_release
)

select * from final

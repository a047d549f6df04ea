-- Each org's share of its size bucket's downloads, monthly and cumulative (the paper's "DeepSeek holds 47% of 250B+").
with model_months as (
    select * from {{ ref('model_downloads_monthly') }}
),

grouped as (
    select
        month,
        size_bucket,
        org,
        region,
        cast(sum(downloads) as bigint) as downloads,
        cast(sum(cumulative_downloads) as bigint) as cumulative_downloads,
        min(observation_starts) as observation_starts,
        bool_or(is_partial_month) as is_partial_month,
        case when bool_or(provenance = 'reconstructed') then 'reconstructed' else 'observed' end as provenance
    from model_months
    group by 1, 2, 3, 4
),

final as (
    select
        month,
        size_bucket,
        org,
        region,
        downloads,
        cumulative_downloads,
        downloads / nullif(sum(downloads) over (partition by month, size_bucket), 0) as share_of_bucket_downloads,
        cumulative_downloads / nullif(sum(cumulative_downloads) over (partition by month, size_bucket), 0)
            as share_of_bucket_cumulative,
        observation_starts,
        is_partial_month,
        provenance
    from grouped
)

select * from final

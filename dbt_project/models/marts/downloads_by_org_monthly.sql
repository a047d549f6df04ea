-- Each org's downloads within each calendar month and its cumulative downloads at the month's end.
with model_months as (
    select * from {{ ref('model_downloads_monthly') }}
),

final as (
    select
        month,
        org,
        family,
        region,
        cast(sum(downloads) as bigint) as downloads,
        cast(sum(cumulative_downloads) as bigint) as cumulative_downloads,
        cast(count(*) as integer) as models_reporting,
        max(last_snapshot_date) as last_snapshot_date,
        -- The earliest start, as monthly_downloads_with_shares takes it: the org's figure holds growth from that day on.
        min(observation_starts) as observation_starts,
        bool_or(is_partial_month) as is_partial_month,
        case when bool_or(provenance = 'reconstructed') then 'reconstructed' else 'observed' end as provenance
    from model_months
    group by 1, 2, 3, 4
)

select * from final

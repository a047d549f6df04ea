-- Each month's most downloaded org against the next N orgs together (the paper's "Qwen against the next eight").
with org_months as (
    select
        month,
        org,
        downloads,
        observation_starts,
        is_partial_month,
        provenance,
        row_number() over (partition by month order by downloads desc, org) as org_rank
    from {{ ref('downloads_by_org_monthly') }}
    where downloads is not null
),

final as (
    select
        month,
        max(case when org_rank = 1 then org end) as leading_org,
        cast(max(case when org_rank = 1 then downloads end) as bigint) as leading_org_downloads,
        {{ var('next_orgs', 8) }} as next_orgs_counted,
        string_agg(case when org_rank between 2 and {{ var('next_orgs', 8) + 1 }} then org end, ', ' order by org_rank)
            as next_orgs,
        cast(sum(case when org_rank between 2 and {{ var('next_orgs', 8) + 1 }} then downloads end) as bigint)
            as next_orgs_downloads,
        max(case when org_rank = 1 then downloads end)
            / nullif(sum(case when org_rank between 2 and {{ var('next_orgs', 8) + 1 }} then downloads end), 0)
            as leader_to_next_ratio,
        min(observation_starts) as observation_starts,
        bool_or(is_partial_month) as is_partial_month,
        case when bool_or(provenance = 'reconstructed') then 'reconstructed' else 'observed' end as provenance
    from org_months
    group by month
)

select * from final

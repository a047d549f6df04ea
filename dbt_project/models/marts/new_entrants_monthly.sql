-- Monthly downloads of orgs whose first tracked model appeared on or after the var new_entrants_since.
with models as (
    select * from {{ ref('int_tracked_models') }}
),

org_debuts as (
    select org, min(release_date) as first_release_date
    from models
    group by org
),

final as (
    select
        org_months.month,
        org_months.org,
        org_months.region,
        org_debuts.first_release_date,
        org_months.downloads,
        org_months.cumulative_downloads,
        org_months.observation_starts,
        org_months.is_partial_month,
        org_months.provenance
    from {{ ref('downloads_by_org_monthly') }} as org_months
    inner join org_debuts
        on org_months.org = org_debuts.org
    where org_debuts.first_release_date >= cast('{{ var("new_entrants_since", "2025-01-01") }}' as date)
)

select * from final

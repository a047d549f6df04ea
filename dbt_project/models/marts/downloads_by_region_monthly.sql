-- Each region's monthly and cumulative downloads and its share of all tracked models' downloads.
with org_months as (
    select * from {{ ref('downloads_by_org_monthly') }}
),

regions as (
    select
        month,
        region,
        cast(sum(downloads) as bigint) as downloads,
        cast(sum(cumulative_downloads) as bigint) as cumulative_downloads,
        cast(sum(models_reporting) as integer) as models_reporting,
        max(last_snapshot_date) as last_snapshot_date,
        bool_or(is_partial_month) as is_partial_month,
        case when bool_or(provenance = 'reconstructed') then 'reconstructed' else 'observed' end as provenance
    from org_months
    group by 1, 2
),

final as (
    select
        month,
        region,
        downloads,
        cumulative_downloads,
        downloads / nullif(sum(downloads) over (partition by month), 0) as share_of_downloads,
        cumulative_downloads / nullif(sum(cumulative_downloads) over (partition by month), 0) as share_of_cumulative,
        models_reporting,
        last_snapshot_date,
        is_partial_month,
        provenance
    from regions
)

select * from final

-- The months in which one region's cumulative downloads passed another's (the paper's "China passed the U.S.").
with region_months as (
    select month, region, cumulative_downloads, provenance
    from {{ ref('downloads_by_region_monthly') }}
),

pairs as (
    select
        leader.month,
        leader.region,
        trailer.region as passed_region,
        leader.cumulative_downloads as region_cumulative,
        trailer.cumulative_downloads as passed_region_cumulative,
        case when 'reconstructed' in (leader.provenance, trailer.provenance) then 'reconstructed' else 'observed' end
            as provenance,
        lag(leader.cumulative_downloads - trailer.cumulative_downloads) over (
            partition by leader.region, trailer.region order by leader.month
        ) as previous_lead
    from region_months as leader
    inner join region_months as trailer
        on leader.month = trailer.month and leader.region <> trailer.region
),

final as (
    select
        month,
        region,
        passed_region,
        region_cumulative,
        passed_region_cumulative,
        provenance
    from pairs
    where region_cumulative > passed_region_cumulative
      and previous_lead <= 0
)

select * from final

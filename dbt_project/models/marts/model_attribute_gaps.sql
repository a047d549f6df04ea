-- Tracked models whose size or region is unknown, listed rather than dropped, with the reason.
with models as (
    select * from {{ ref('int_tracked_models') }}
),

final as (
    select model_id, org, 'size' as missing_attribute,
        'no curated size, no safetensors count in any snapshot, and no size in the name' as reason
    from models
    where size_bucket = 'unknown'
    union all
    select model_id, org, 'region' as missing_attribute,
        'the org is not in organization_regions, or is mapped to unknown' as reason
    from models
    where region = 'unknown'
)

select * from final

-- Region of each Hugging Face namespace.
with source as (
    select * from {{ ref('organization_regions') }}
),

final as (
    select
        hf_org as org,
        lower(region) as region
    from source
)

select * from final

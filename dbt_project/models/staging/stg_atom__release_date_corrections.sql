-- Public launch dates that correct the Hub's creation time.
with source as (
    select * from {{ ref('release_date_corrections') }}
),

final as (
    select
        model_id,
        actual_release_date as release_date
    from source
)

select * from final

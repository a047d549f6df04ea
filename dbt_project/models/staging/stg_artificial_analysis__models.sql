-- Typed view over the Artificial Analysis API's models; one row per Artificial Analysis model id.
with source as (
    select * from {{ source('performance', 'artificial_analysis_models') }}
),

final as (
    select
        id as aa_id,
        slug,
        name,
        creator_name,
        creator_slug,
        release_date,
        intelligence_index,
        coding_index,
        fetched_on
    from source
)

select * from final

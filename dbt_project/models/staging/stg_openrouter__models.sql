-- Typed view over OpenRouter's catalogue; one row per OpenRouter model id.
with source as (
    select * from {{ source('openrouter', 'openrouter_models') }}
),

final as (
    select
        id as openrouter_id,
        canonical_slug,
        nullif(trim(hugging_face_id), '') as hugging_face_id,
        name,
        created_at,
        aa_intelligence_index,
        aa_coding_index,
        fetched_on
    from source
)

select * from final

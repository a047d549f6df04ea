-- Typed view over Artificial Analysis's leaderboard, one row per model and day read, with the Hub repo of the
-- model's weights where Artificial Analysis links one (huggingface.co/org/name; other hosts give none).
with source as (
    select * from {{ source('performance', 'artificial_analysis_models') }}
),

final as (
    select
        fetched_on,
        read_from,
        id as aa_id,
        slug,
        name,
        creator_name,
        creator_slug,
        creator_country,
        release_date,
        is_open_weights,
        nullif(regexp_extract(huggingface_url, '^https?://huggingface\.co/([^/?#]+/[^/?#]+)', 1), '') as hub_model_id,
        openrouter_api_id,
        license_name,
        intelligence_index,
        intelligence_index_is_estimated,
        coding_index,
        agentic_index,
        total_parameters_b,
        active_parameters_b
    from source
)

select * from final

-- Typed view over OpenRouter's daily token rankings; one row per UTC day and model permaslug ('other' included).
with source as (
    select * from {{ source('openrouter', 'openrouter_rankings_daily') }}
),

final as (
    select
        cast(date as date) as date,
        model_permaslug,
        cast(total_tokens as decimal(38, 0)) as total_tokens,
        rank,
        model_permaslug = 'other' as is_other,
        meta_as_of,
        meta_version,
        meta_notice
    from source
)

select * from final

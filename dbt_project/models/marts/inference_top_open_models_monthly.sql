-- The month's top-10 open-weight models on OpenRouter by tokens, with each one's share of those ten's tokens.
with models as (
    select * from {{ ref('int_openrouter__monthly_tokens') }}
    where open_rank <= 10
),

final as (
    select
        month,
        open_rank as rank,
        hub_model_id,
        org,
        family,
        region,
        is_tracked,
        tokens,
        cast(tokens as double) / sum(cast(tokens as double)) over (partition by month) as share_of_top_10,
        days_ranked
    from models
)

select * from final

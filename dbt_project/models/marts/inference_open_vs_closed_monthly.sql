-- Open-weight against closed models' tokens on OpenRouter per month, within the daily top 50 (the 'other' row,
-- which OpenRouter does not break down, is shown apart).
with daily as (
    select * from {{ ref('stg_openrouter__rankings_daily') }}
),

matches as (
    select model_permaslug, is_open_weight from {{ ref('int_openrouter__model_matches') }}
),

monthly as (
    select
        cast(date_trunc('month', daily.date) as date) as month,
        coalesce(sum(daily.total_tokens) filter (where matches.is_open_weight), 0) as open_tokens,
        coalesce(sum(daily.total_tokens) filter (where not daily.is_other and not matches.is_open_weight), 0)
            as closed_tokens,
        coalesce(sum(daily.total_tokens) filter (where daily.is_other), 0) as other_tokens,
        cast(count(distinct daily.date) as integer) as days,
        max(daily.meta_as_of) as as_of,
        max(daily.meta_notice) as notice
    from daily
    left join matches
        on daily.model_permaslug = matches.model_permaslug
    group by 1
),

final as (
    select
        month,
        open_tokens,
        closed_tokens,
        other_tokens,
        cast(open_tokens as double) / nullif(cast(open_tokens + closed_tokens as double), 0) as open_share_of_top_50,
        days,
        as_of,
        notice
    from monthly
)

select * from final

-- Tokens per month and open-weight model (permaslugs of the same Hub repo added together), ranked within the
-- month among open-weight models.
with daily as (
    select * from {{ ref('stg_openrouter__rankings_daily') }}
    where not is_other
),

matches as (
    select * from {{ ref('int_openrouter__model_matches') }}
    where is_open_weight
),

monthly as (
    select
        cast(date_trunc('month', daily.date) as date) as month,
        matches.hub_model_id,
        any_value(matches.org) as org,
        any_value(matches.family) as family,
        any_value(matches.region) as region,
        bool_or(matches.is_tracked) as is_tracked,
        sum(daily.total_tokens) as tokens,
        count(distinct daily.date) as days_ranked,
        max(daily.date) as last_date
    from daily
    inner join matches
        on daily.model_permaslug = matches.model_permaslug
    group by 1, 2
),

final as (
    select
        *,
        cast(row_number() over (partition by month order by tokens desc, hub_model_id) as integer) as open_rank
    from monthly
)

select * from final

{# Each member of a dimension's share of open-weight tokens per month: among the month's top-10 open models (the
   paper's view) and among all open models ranked that month. #}
{% macro monthly_inference_shares(dimension) %}
with models as (
    select * from {{ ref('int_openrouter__monthly_tokens') }}
),

scoped as (
    select 'top_10_open' as scope, * from models where open_rank <= 10
    union all
    select 'all_open' as scope, * from models
),

grouped as (
    select
        scope,
        month,
        {{ dimension }},
        sum(tokens) as tokens,
        cast(count(*) as integer) as models
    from scoped
    group by 1, 2, 3
),

final as (
    select
        scope,
        month,
        {{ dimension }},
        tokens,
        cast(tokens as double) / sum(cast(tokens as double)) over (partition by scope, month) as share_of_tokens,
        models
    from grouped
)

select * from final
{% endmacro %}

-- For each benchmark and date, the best open-weight model of each region, and how far it is from the best closed
-- model then. Each date is one Arena publish date or one day Artificial Analysis's leaderboard was read: scores
-- compare only within one.
with scores as (
    select *, scored_on as period from {{ ref('int_performance__scores') }}
),

best_open as (
    select benchmark, period, source, region, hub_model_id, source_model, score
    from scores
    where is_open_weight
    qualify row_number() over (partition by benchmark, period, region order by score desc, source_model) = 1
),

best_closed as (
    select benchmark, period, source_model, score
    from scores
    where not is_open_weight
    qualify row_number() over (partition by benchmark, period order by score desc, source_model) = 1
),

final as (
    select
        best_open.benchmark,
        best_open.source,
        best_open.period,
        best_open.region,
        best_open.hub_model_id as best_open_model,
        best_open.source_model as best_open_source_name,
        best_open.score as best_open_score,
        best_closed.source_model as best_closed_model,
        best_closed.score as best_closed_score,
        best_open.score - best_closed.score as gap_to_closed,
        rank() over (partition by best_open.benchmark, best_open.period order by best_open.score desc) = 1
            as leads_open_models
    from best_open
    left join best_closed
        on best_open.benchmark = best_closed.benchmark
        and best_open.period = best_closed.period
)

select * from final

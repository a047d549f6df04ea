-- For each benchmark and date, the best open-weight model of each region, and how far it is from the best closed
-- model then. Arena: every publish date (ratings compare only within one). Artificial Analysis: every month, the
-- best score among the models released by its end, from one reading of the indexes. A model counts as open-weight
-- when it maps to a Hub repo; every other model counts as closed.
with scores as (
    select * from {{ ref('int_performance__scores') }}
),

arena_dates as (
    select distinct benchmark, scored_on as period
    from scores
    where source = 'lmarena'
),

release_months as (
    select
        benchmark,
        cast(unnest(generate_series(
            date_trunc('month', min(scored_on)), date_trunc('month', max(fetched_on)), interval 1 month
        )) as date) as period
    from scores
    where source <> 'lmarena'
    group by benchmark
),

standing as (
    select arena_dates.period, scores.*
    from arena_dates
    inner join scores
        on scores.source = 'lmarena'
        and scores.benchmark = arena_dates.benchmark
        and scores.scored_on = arena_dates.period
    union all
    select release_months.period, scores.*
    from release_months
    inner join scores
        on scores.source <> 'lmarena'
        and scores.benchmark = release_months.benchmark
        and scores.scored_on < release_months.period + interval 1 month
),

best_open as (
    select benchmark, period, source, region, hub_model_id, source_model, score, notice
    from standing
    where is_open_weight
    qualify row_number() over (partition by benchmark, period, region order by score desc, source_model) = 1
),

best_closed as (
    select benchmark, period, source_model, score
    from standing
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
            as leads_open_models,
        best_open.notice
    from best_open
    left join best_closed
        on best_open.benchmark = best_closed.benchmark
        and best_open.period = best_closed.period
)

select * from final

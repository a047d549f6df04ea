-- Arena and Artificial Analysis names the mapping did not tie to a Hub repo: with the best score each reached and
-- when it was last scored, so that a user sees which open models the aliases still miss. An Arena name without a
-- repo counts as closed; an Artificial Analysis name counts as Artificial Analysis lists it.
with scores as (
    select * from {{ ref('int_performance__scores') }}
    where hub_model_id is null
),

final as (
    select
        source,
        source_model,
        bool_or(is_open_weight) as is_open_weight,
        count(distinct benchmark) as benchmarks,
        max(score) filter (where benchmark = 'arena_text_overall') as best_arena_overall_rating,
        max(score) filter (where benchmark = 'aa_intelligence_index') as best_aa_intelligence_index,
        min(scored_on) as first_scored_on,
        max(scored_on) as last_scored_on
    from scores
    group by source, source_model
)

select * from final

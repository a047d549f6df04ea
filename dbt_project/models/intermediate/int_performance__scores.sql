-- One score per source model, benchmark and date it stands for, with the model's Hub repo, open-weight flag and
-- region. Arena ratings carry their publish date (they compare only within it, and within one category);
-- Artificial Analysis indexes the day they were read (the indexes are re-based from time to time), open-weight as
-- Artificial Analysis listed the model that day: a model whose weights came out later was closed before.
with arena as (
    select
        'lmarena' as source,
        'arena_text_' || category as benchmark,
        publish_date as scored_on,
        model_name as source_model,
        rating as score,
        fetched_on,
        cast(null as boolean) as listed_open_weights
    from {{ ref('stg_lmarena__leaderboard') }}
),

artificial_analysis as (
    select 'artificial_analysis' as source, 'aa_intelligence_index' as benchmark, fetched_on as scored_on,
           name as source_model, intelligence_index as score, fetched_on, is_open_weights as listed_open_weights
    from {{ ref('stg_artificial_analysis__models') }}
    union all
    select 'artificial_analysis', 'aa_coding_index', fetched_on, name, coding_index, fetched_on, is_open_weights
    from {{ ref('stg_artificial_analysis__models') }}
    union all
    select 'artificial_analysis', 'aa_agentic_index', fetched_on, name, agentic_index, fetched_on, is_open_weights
    from {{ ref('stg_artificial_analysis__models') }}
),

scores as (
    select * from arena
    union all
    select * from artificial_analysis
),

final as (
    select
        scores.source,
        scores.benchmark,
        scores.scored_on,
        scores.source_model,
        scores.score,
        scores.fetched_on,
        matches.hub_model_id,
        coalesce(scores.listed_open_weights, matches.is_open_weight) as is_open_weight,
        matches.is_tracked,
        matches.org,
        matches.family,
        matches.region
    from scores
    inner join {{ ref('int_performance__model_matches') }} as matches
        on scores.source = matches.source
        and scores.source_model = matches.source_model
    where scores.score is not null
      and scores.scored_on is not null
)

select * from final

-- One score per source model, benchmark and date it stands for, with the model's Hub repo and region. Arena
-- ratings carry their publish date (they compare only within it, and within one category). Artificial Analysis
-- indexes come from its API when it was read, else from the block in OpenRouter's catalogue; both are one reading,
-- dated by the model's release (the API's release date, or the catalogue's creation date). `notice` carries the
-- OpenRouter service's own notice (a made-up sample says so there) onto the scores taken from its catalogue.
with arena as (
    select
        'lmarena' as source,
        'arena_text_' || category as benchmark,
        publish_date as scored_on,
        model_name as source_model,
        rating as score,
        fetched_on,
        cast(null as varchar) as notice
    from {{ ref('stg_lmarena__leaderboard') }}
),

aa_api as (
    select 'artificial_analysis' as source, 'aa_intelligence_index' as benchmark, release_date as scored_on,
           name as source_model, intelligence_index as score, fetched_on, cast(null as varchar) as notice
    from {{ ref('stg_artificial_analysis__models') }}
    union all
    select 'artificial_analysis', 'aa_coding_index', release_date, name, coding_index, fetched_on, null
    from {{ ref('stg_artificial_analysis__models') }}
),

catalogue as (
    select
        catalogue.*,
        coalesce(catalogue.hugging_face_id, by_slug.hub_model_id, by_id.hub_model_id) as hub_model_id
    from {{ ref('stg_openrouter__models') }} as catalogue
    left join {{ ref('openrouter_aliases') }} as by_slug
        on catalogue.canonical_slug = by_slug.openrouter_slug
    left join {{ ref('openrouter_aliases') }} as by_id
        on catalogue.openrouter_id = by_id.openrouter_slug
),

openrouter_notice as (
    select max(meta_notice) as notice from {{ ref('stg_openrouter__rankings_daily') }}
),

-- The catalogue's block stands in only when the API was not read.
aa_openrouter as (
    select 'openrouter' as source, 'aa_intelligence_index' as benchmark, cast(created_at as date) as scored_on,
           openrouter_id as source_model, aa_intelligence_index as score, fetched_on, notice, hub_model_id
    from catalogue, openrouter_notice
    union all
    select 'openrouter', 'aa_coding_index', cast(created_at as date), openrouter_id, aa_coding_index, fetched_on,
           notice, hub_model_id
    from catalogue, openrouter_notice
),

named as (
    select scores.*, matches.hub_model_id
    from (select * from arena union all select * from aa_api) as scores
    left join {{ ref('int_performance__model_matches') }} as matches
        on scores.source = matches.source
        and scores.source_model = matches.source_model
    union all
    select * from aa_openrouter
    where not exists (select 1 from {{ ref('stg_artificial_analysis__models') }})
),

final as (
    select
        named.source,
        named.benchmark,
        named.scored_on,
        named.source_model,
        named.score,
        named.fetched_on,
        named.notice,
        named.hub_model_id,
        {{ hub_model_attributes('named.hub_model_id') }}
    from named
    {{ hub_model_attribute_joins('named.hub_model_id') }}
    where named.score is not null
      and named.scored_on is not null
)

select * from final

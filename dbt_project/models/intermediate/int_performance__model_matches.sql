-- Every model name on the Arena and on Artificial Analysis with the Hub repo of its weights, if any: first a
-- hand-kept alias, then the repo Artificial Analysis links (on the leaderboard, or through the crosswalk seed by its
-- slug), then the one tracked model whose repo name reads the same in letters and digits. An Arena model counts as
-- open-weight when it maps to a Hub repo; an Artificial Analysis model as Artificial Analysis lists it, and where
-- its org has no region of its own, its creator's country gives one.
with arena_names as (
    select distinct 'lmarena' as source, model_name as source_model
    from {{ ref('stg_lmarena__leaderboard') }}
),

aa_names as (
    select
        'artificial_analysis' as source,
        models.name as source_model,
        -- The latest day read speaks for the model.
        arg_max(coalesce(models.hub_model_id, crosswalk.hub_model_id), models.fetched_on)
            filter (where coalesce(models.hub_model_id, crosswalk.hub_model_id) is not null) as linked_hub_model_id,
        arg_max(models.is_open_weights, models.fetched_on)
            filter (where models.is_open_weights is not null) as listed_open_weights,
        arg_max(models.creator_country, models.fetched_on) as creator_country
    from {{ ref('stg_artificial_analysis__models') }} as models
    left join {{ ref('artificial_analysis_crosswalk') }} as crosswalk
        on models.slug = crosswalk.aa_slug
    where models.name is not null
    group by models.name
),

names as (
    select source, source_model, null as linked_hub_model_id, null as listed_open_weights, null as creator_country
    from arena_names
    union all
    select * from aa_names
),

aliases as (
    select * from {{ ref('benchmark_model_aliases') }}
),

tracked_names as (
    select model_id, {{ name_key('model_name') }} as name_key
    from {{ ref('int_tracked_models') }}
),

-- A name that reads like two tracked repos ties neither: the alias seed settles it.
name_matches as (
    select names.source, names.source_model, min(tracked_names.model_id) as hub_model_id
    from names
    inner join tracked_names
        on {{ name_key('names.source_model') }} = tracked_names.name_key
    group by names.source, names.source_model
    having count(*) = 1
),

matched as (
    select
        names.source,
        names.source_model,
        coalesce(aliases.hub_model_id, names.linked_hub_model_id, name_matches.hub_model_id) as hub_model_id,
        case
            when aliases.hub_model_id is not null then 'alias'
            when names.linked_hub_model_id is not null then 'artificial_analysis_link'
            when name_matches.hub_model_id is not null then 'name'
        end as match_method,
        names.listed_open_weights,
        names.creator_country
    from names
    left join aliases
        on names.source = aliases.source
        and names.source_model = aliases.source_model
    left join name_matches
        on names.source = name_matches.source
        and names.source_model = name_matches.source_model
),

attributed as (
    select
        matched.*,
        {{ hub_model_attributes('matched.hub_model_id') }}
    from matched
    {{ hub_model_attribute_joins('matched.hub_model_id') }}
),

final as (
    select
        attributed.source,
        attributed.source_model,
        attributed.hub_model_id,
        attributed.match_method,
        coalesce(attributed.listed_open_weights, attributed.is_open_weight) as is_open_weight,
        attributed.is_tracked,
        attributed.org,
        attributed.family,
        case
            when attributed.region = 'unknown' then coalesce(countries.region, 'unknown')
            else attributed.region
        end as region
    from attributed
    left join {{ ref('country_regions') }} as countries
        on attributed.creator_country = countries.iso_code
)

select * from final

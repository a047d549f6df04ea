-- Every model name on the Arena and the Artificial Analysis API with the Hub repo of its weights, if any: first a
-- hand-kept alias, then the one tracked model whose repo name reads the same in letters and digits. A model counts
-- as open-weight when it maps to a Hub repo; every other model is treated as closed.
with names as (
    select distinct 'lmarena' as source, model_name as source_model
    from {{ ref('stg_lmarena__leaderboard') }}
    union
    select distinct 'artificial_analysis' as source, name as source_model
    from {{ ref('stg_artificial_analysis__models') }}
    where name is not null
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
        coalesce(aliases.hub_model_id, name_matches.hub_model_id) as hub_model_id,
        case
            when aliases.hub_model_id is not null then 'alias'
            when name_matches.hub_model_id is not null then 'name'
        end as match_method
    from names
    left join aliases
        on names.source = aliases.source
        and names.source_model = aliases.source_model
    left join name_matches
        on names.source = name_matches.source
        and names.source_model = name_matches.source_model
),

final as (
    select
        matched.*,
        {{ hub_model_attributes('matched.hub_model_id') }}
    from matched
    {{ hub_model_attribute_joins('matched.hub_model_id') }}
)

select * from final

-- Every model permaslug in the rankings with the Hub repo of its weights, if any: first the catalogue's
-- hugging_face_id, then a hand-kept alias (dated permaslugs, renamed or retired models), then the repo Artificial
-- Analysis gives for that OpenRouter id (the crosswalk seed, where it names one repo). A model counts as open-weight
-- when it maps to a Hub repo.
with ranked as (
    select model_permaslug, sum(total_tokens) as total_tokens, min(date) as first_date, max(date) as last_date
    from {{ ref('stg_openrouter__rankings_daily') }}
    where not is_other
    group by model_permaslug
),

catalogue as (
    select * from {{ ref('stg_openrouter__models') }}
),

aliases as (
    select * from {{ ref('openrouter_aliases') }}
),

crosswalk as (
    select openrouter_api_id, min(hub_model_id) as hub_model_id
    from {{ ref('artificial_analysis_crosswalk') }}
    where openrouter_api_id is not null and hub_model_id is not null
    group by openrouter_api_id
    having count(distinct hub_model_id) = 1
),

matched as (
    select
        ranked.model_permaslug,
        coalesce(by_slug.openrouter_id, by_id.openrouter_id) as openrouter_id,
        coalesce(by_slug.hugging_face_id, by_id.hugging_face_id) as catalogue_hugging_face_id,
        coalesce(
            by_slug.hugging_face_id, by_id.hugging_face_id, aliases.hub_model_id, by_crosswalk.hub_model_id
        ) as hub_model_id,
        case
            when coalesce(by_slug.hugging_face_id, by_id.hugging_face_id) is not null then 'hugging_face_id'
            when aliases.hub_model_id is not null then 'alias'
            when by_crosswalk.hub_model_id is not null then 'artificial_analysis_crosswalk'
        end as match_method,
        coalesce(by_slug.openrouter_id, by_id.openrouter_id) is not null as in_catalogue,
        ranked.total_tokens,
        ranked.first_date,
        ranked.last_date
    from ranked
    left join catalogue as by_slug
        on ranked.model_permaslug = by_slug.canonical_slug
    left join catalogue as by_id
        on ranked.model_permaslug = by_id.openrouter_id
        and by_slug.openrouter_id is null
    left join aliases
        on ranked.model_permaslug = aliases.openrouter_slug
    left join crosswalk as by_crosswalk
        on coalesce(by_slug.openrouter_id, by_id.openrouter_id, ranked.model_permaslug) = by_crosswalk.openrouter_api_id
),

final as (
    select
        matched.*,
        {{ hub_model_attributes('matched.hub_model_id') }}
    from matched
    {{ hub_model_attribute_joins('matched.hub_model_id') }}
)

select * from final

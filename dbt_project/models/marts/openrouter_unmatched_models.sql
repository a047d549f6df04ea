-- The OpenRouter models the mapping to Hub repos misses, with their token volume, so a user sees what the
-- open-weight share leaves out.
with matches as (
    select * from {{ ref('int_openrouter__model_matches') }}
),

final as (
    select
        model_permaslug,
        openrouter_id,
        case
            when not in_catalogue then 'not_in_catalogue'
            else 'no_hugging_face_id'
        end as reason,
        case
            when not in_catalogue then 'the permaslug has no catalogue entry (retired or renamed): add an alias if its weights are open'
            else 'the catalogue names no Hub repo: counted as closed unless an alias maps it'
        end as explanation,
        total_tokens,
        first_date,
        last_date
    from matches
    where not is_open_weight
)

select * from final

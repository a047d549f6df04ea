-- Typed view over the Arena leaderboard; one row per publish date, category and model. Ratings compare only
-- within one publish date and category.
with source as (
    select * from {{ source('performance', 'lmarena_leaderboard') }}
),

final as (
    select
        leaderboard_publish_date as publish_date,
        category,
        model_name,
        organization,
        license,
        rating,
        rating_lower,
        rating_upper,
        vote_count,
        rank,
        fetched_on
    from source
)

select * from final

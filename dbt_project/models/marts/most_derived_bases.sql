-- The tracked models the community builds on most: derivatives of each tracked model, direct and through other
-- derivatives, by relation, ranked by derivatives past the download threshold.
with roots as (
    select * from {{ ref('int_hf__derivative_roots') }}
),

tracked as (
    select * from {{ ref('int_tracked_models') }}
),

counted as (
    select
        root_model_id as model_id,
        cast(count(*) filter (where is_counted) as integer) as derivatives,
        cast(count(*) filter (where is_counted and is_direct_base) as integer) as direct_derivatives,
        cast(count(*) filter (where is_counted and relation = 'finetune') as integer) as finetunes,
        cast(count(*) filter (where is_counted and relation = 'adapter') as integer) as adapters,
        cast(count(*) filter (where is_counted and relation = 'quantized') as integer) as quantized,
        cast(count(*) filter (where is_counted and relation = 'merge') as integer) as merges,
        cast(count(*) as integer) as derivatives_any_downloads,
        min(created_at) as first_derivative_at,
        max(created_at) as latest_derivative_at
    from roots
    group by root_model_id
),

final as (
    select
        cast(rank() over (order by counted.derivatives desc, counted.derivatives_any_downloads desc) as integer)
            as rank,
        counted.model_id,
        tracked.org,
        tracked.family,
        tracked.region,
        tracked.size_bucket,
        counted.derivatives,
        counted.direct_derivatives,
        counted.finetunes,
        counted.adapters,
        counted.quantized,
        counted.merges,
        counted.derivatives_any_downloads,
        counted.first_derivative_at,
        counted.latest_derivative_at
    from counted
    inner join tracked
        on counted.model_id = tracked.model_id
)

select * from final

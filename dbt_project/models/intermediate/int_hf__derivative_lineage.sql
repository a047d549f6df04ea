-- Every model each derivative reaches by following its declared bases, directly or through other derivatives:
-- one row per derivative and model reached.
with recursive

edges as (
    select distinct model_id as child_id, unnest(base_model_ids) as base_id
    from {{ ref('int_hf__derivatives') }}
),

-- UNION, not UNION ALL: a pair already reached is not walked again, so a cycle ends the walk, and merges of
-- merges do not multiply into one row per path.
reached(derivative_id, reached_id) as (
    select child_id, base_id from edges
    union
    select reached.derivative_id, edges.base_id
    from reached
    inner join edges
        on edges.child_id = reached.reached_id
),

final as (
    select
        reached.derivative_id,
        reached.reached_id,
        exists (
            select 1 from edges
            where edges.child_id = reached.derivative_id and edges.base_id = reached.reached_id
        ) as is_direct_base
    from reached
)

select * from final

-- What the derivative lineage could not resolve, one row per derivative and problem, each with a one-line reason.
with derivatives as (
    select * from {{ ref('int_hf__derivatives') }}
),

lineage as (
    select * from {{ ref('int_hf__derivative_lineage') }}
),

tracked as (
    select model_id from {{ ref('int_tracked_models') }}
),

edges as (
    select model_id as derivative_id, unnest(base_model_ids) as base_id from derivatives
),

unresolved_bases as (
    select
        edges.derivative_id,
        'unresolved_base' as issue,
        edges.base_id as detail,
        'a declared base is neither a tracked model nor a stored derivative of one (deleted, renamed, private, '
        || 'or outside the tracked lineage); it takes no share' as reason
    from edges
    where edges.base_id not in (select model_id from tracked)
      and edges.base_id not in (select model_id from derivatives)
),

-- A derivative that reaches itself sits on a cycle of declared bases.
cycles as (
    select
        lineage.derivative_id,
        'cycle' as issue,
        lineage.derivative_id as detail,
        'its chain of bases leads back to itself; the walk stopped there' as reason
    from lineage
    where lineage.derivative_id = lineage.reached_id
),

rootless as (
    select
        derivatives.model_id as derivative_id,
        'no_tracked_root' as issue,
        array_to_string(derivatives.base_model_ids, ' ') as detail,
        'none of its base chains reaches a tracked model, so it is left out of every share' as reason
    from derivatives
    where not exists (
        select 1
        from lineage
        inner join tracked
            on lineage.reached_id = tracked.model_id
        where lineage.derivative_id = derivatives.model_id
    )
),

stale as (
    select
        model_id as derivative_id,
        'stale_count' as issue,
        'counts read on ' || counts_observed_date || ', newest day read ' || as_of_date as detail,
        'its download count is older than 7 days, so the download threshold does not count it until it is read '
        || 'again' as reason
    from derivatives
    where not counts_are_fresh
),

final as (
    select * from unresolved_bases
    union all
    select * from cycles
    union all
    select * from rootless
    union all
    select * from stale
)

select * from final

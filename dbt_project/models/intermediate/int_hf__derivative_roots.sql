-- Each derivative's tracked root models with the roots' family, org and region, and the fraction of the
-- derivative each root carries.
--
-- The split rule: a derivative counts as ONE new derivative in total. It is divided equally among the distinct
-- families of its tracked roots, and within a family equally among that family's roots. A merge of a Qwen and a
-- Llama model counts 1/2 for Qwen and 1/2 for Llama; a merge of three Qwen checkpoints and one Llama model also
-- counts 1/2 each, since the question is which families the community builds on, and merging several
-- checkpoints of one family says no more about that than merging one. Shares by family, org or region then sum
-- to 1 each month. Bases outside the tracked lineage (deleted, renamed, or not derived from a tracked model)
-- take no fraction; they are reported in derivative_lineage_issues.
with lineage as (
    select * from {{ ref('int_hf__derivative_lineage') }}
),

tracked as (
    select * from {{ ref('int_tracked_models') }}
),

roots as (
    select
        lineage.derivative_id,
        lineage.reached_id as root_model_id,
        lineage.is_direct_base,
        tracked.family as root_family,
        tracked.org as root_org,
        tracked.region as root_region,
        tracked.size_bucket as root_size_bucket
    from lineage
    inner join tracked
        on lineage.reached_id = tracked.model_id
),

weighted as (
    select
        *,
        1.0
        / count(distinct root_family) over (partition by derivative_id)
        / count(*) over (partition by derivative_id, root_family) as weight
    from roots
),

final as (
    select
        weighted.derivative_id,
        weighted.root_model_id,
        weighted.is_direct_base,
        weighted.root_family,
        weighted.root_org,
        weighted.root_region,
        weighted.root_size_bucket,
        weighted.weight,
        derivatives.relation,
        derivatives.created_at,
        derivatives.created_month,
        derivatives.downloads_all_time,
        derivatives.is_counted
    from weighted
    inner join {{ ref('int_hf__derivatives') }} as derivatives
        on weighted.derivative_id = derivatives.model_id
)

select * from final

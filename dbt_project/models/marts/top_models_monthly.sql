{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where month >= date_trunc('month', {{ recompute_from() }}){% endif %}",
    )
}}
-- The most downloaded tracked models of each month, ranked (the top N is a filter on rank); a refresh re-ranks only
-- the months it recomputes.
with model_months as (
    select * from {{ ref('model_downloads_monthly') }}
    where downloads is not null
    {% if is_incremental() %}
        and month >= date_trunc('month', {{ recompute_from() }})
    {% endif %}
),

final as (
    select
        month,
        cast(rank() over (partition by month order by downloads desc, model_id) as integer) as rank,
        model_id,
        org,
        family,
        region,
        size_bucket,
        downloads,
        downloads / nullif(sum(downloads) over (partition by month), 0) as share_of_downloads,
        observation_starts,
        is_partial_month,
        provenance
    from model_months
)

select * from final
where rank <= {{ var('top_models_kept', 50) }}

-- One row per tracked model with the attributes every roll-up needs: org, family, region, size and release date.
with tracked as (
    select * from {{ ref('stg_atom__tracked_models') }}
),

latest_hub_state as (
    select
        model_id,
        min(created_at) as hub_created_at,
        arg_max(safetensors_total, snapshot_date) filter (where safetensors_total > 0) as safetensors_total
    from {{ ref('stg_hf__model_snapshots') }}
    group by model_id
),

-- A size read from the name: "8x7B" multiplies, "-135M" is millions, "-7B" / "-0.5B" are billions.
name_sizes as (
    select
        model_id,
        case
            when regexp_matches(model_name, '(?i)(^|[-_])\d+x\d+(\.\d+)?b($|[-_])')
                then cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+)x(\d+(\.\d+)?)b($|[-_])', 2) as double)
                   * cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+)x(\d+(\.\d+)?)b($|[-_])', 3) as double)
            when regexp_matches(model_name, '(?i)(^|[-_])\d+(\.\d+)?b($|[-_])')
                then cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+(\.\d+)?)b($|[-_])', 2) as double)
            when regexp_matches(model_name, '(?i)(^|[-_])\d+(\.\d+)?m($|[-_])')
                then cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+(\.\d+)?)m($|[-_])', 2) as double) / 1000
        end as name_params_b
    from tracked
),

sized as (
    select
        tracked.model_id,
        tracked.org,
        tracked.model_name,
        coalesce(families.family, tracked.org) as family,
        coalesce(regions.region, 'unknown') as region,
        latest_hub_state.hub_created_at,
        coalesce(
            corrections.release_date,
            cast(latest_hub_state.hub_created_at as date)
        ) as release_date,
        coalesce(
            parameters.total_params_b,
            latest_hub_state.safetensors_total / 1e9,
            name_sizes.name_params_b
        ) as total_params_b,
        case
            when parameters.total_params_b is not null then 'curated'
            when latest_hub_state.safetensors_total is not null then 'safetensors'
            when name_sizes.name_params_b is not null then 'name'
            else 'unknown'
        end as size_source
    from tracked
    left join {{ ref('model_families') }} as families
        on tracked.org = families.hf_org
    left join {{ ref('stg_atom__organization_regions') }} as regions
        on tracked.org = regions.org
    left join {{ ref('stg_atom__model_parameters') }} as parameters
        on tracked.model_id = parameters.model_id
    left join {{ ref('stg_atom__release_date_corrections') }} as corrections
        on tracked.model_id = corrections.model_id
    left join latest_hub_state
        on tracked.model_id = latest_hub_state.model_id
    left join name_sizes
        on tracked.model_id = name_sizes.model_id
),

final as (
    select
        sized.model_id,
        sized.org,
        sized.model_name,
        sized.family,
        sized.region,
        sized.hub_created_at,
        sized.release_date,
        sized.total_params_b,
        sized.size_source,
        coalesce(buckets.size_bucket, 'unknown') as size_bucket
    from sized
    left join {{ ref('size_buckets') }} as buckets
        on sized.total_params_b >= buckets.lower_params_b
        and (buckets.upper_params_b is null or sized.total_params_b < buckets.upper_params_b)
)

select * from final

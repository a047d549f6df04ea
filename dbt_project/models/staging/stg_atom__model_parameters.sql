-- Curated parameter counts per model, in billions.
with source as (
    select * from {{ ref('model_parameters') }}
),

final as (
    select
        model_id,
        total_params_b,
        active_params_b,
        is_moe
    from source
)

select * from final

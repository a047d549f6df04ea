-- The tracked mainline models, one row per Hugging Face repository.
with source as (
    select * from {{ ref('tracked_models') }}
),

final as (
    select
        modelId as model_id,
        org,
        model as model_name
    from source
)

select * from final

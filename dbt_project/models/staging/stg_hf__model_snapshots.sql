-- Typed, renamed view over the raw Hub snapshots; one row per model and snapshot day.
with source as (
    select * from {{ source('raw', 'hf_model_snapshots') }}
),

final as (
    select
        cast(snapshot_date as date) as snapshot_date,
        model_id,
        split_part(model_id, '/', 1) as org,
        cast(created_at as timestamp) as created_at,
        cast(last_modified as timestamp) as last_modified,
        cast(downloads_30d as bigint) as downloads_30d,
        cast(downloads_all_time as bigint) as downloads_all_time,
        cast(likes as bigint) as likes,
        pipeline_tag,
        library_name,
        cast(safetensors_total as bigint) as safetensors_total,
        provenance,
        source_name
    from source
)

select * from final

-- Typed view over the raw derivative rows; one row per derivative repo and day read.
with source as (
    select * from {{ source('raw', 'hf_derivatives') }}
),

final as (
    select
        cast(observed_date as date) as observed_date,
        model_id,
        author,
        cast(created_at as timestamptz) as created_at,
        relation,
        base_model_ids,
        base_models_raw,
        base_model_tags,
        cast(downloads_30d as bigint) as downloads_30d,
        cast(downloads_all_time as bigint) as downloads_all_time,
        cast(counts_as_of as date) as counts_as_of,
        source
    from source
)

select * from final

-- Typed view over Epoch AI's models; one row per line of its CSV, parameters in billions and open weights as a flag.
with source as (
    select * from {{ source('performance', 'epoch_models') }}
),

final as (
    select
        source_row,
        model as epoch_model,
        {{ name_key('model') }} as name_key,
        organization,
        country,
        parameters / 1e9 as params_b,
        publication_date,
        accessibility,
        accessibility like 'Open weights%' as is_open_weights,
        hf_developer_id,
        fetched_on
    from source
    where model is not null
)

select * from final

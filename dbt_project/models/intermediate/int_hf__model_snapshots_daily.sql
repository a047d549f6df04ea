{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{% if is_incremental() %}delete from {{ this }} where {{ in_refresh_window('date') }}{% endif %}",
    )
}}
-- The two Hub counters of every tracked model on every stored day: the day-grained table, which a
-- refresh rewrites only for its window (the window is emptied first, so a day re-run with fewer rows loses none).
with snapshots as (
    select * from {{ ref('stg_hf__model_snapshots') }}
    {% if is_incremental() %}
    where {{ in_refresh_window('snapshot_date') }}
    {% endif %}
),

final as (
    select
        snapshot_date as date,
        model_id,
        downloads_all_time,
        downloads_30d,
        provenance
    from snapshots
)

select * from final

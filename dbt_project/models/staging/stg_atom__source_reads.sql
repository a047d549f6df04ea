-- Typed view over the log of source reads, one row per raw step and run.
with source as (
    select * from {{ source('atom', 'source_reads') }}
),

final as (
    select
        source,
        raw_table,
        run_id,
        started_at,
        finished_at,
        status,
        rows_stored,
        data_as_of,
        reason,
        max_age_days
    from source
)

select * from final

-- Each source's last read, last good read and last failure, and how old the data it serves is today.
with reads as (
    select * from {{ ref('stg_atom__source_reads') }}
),

latest as (
    select
        source,
        arg_max(raw_table, finished_at) as raw_table,
        max(finished_at) as last_attempt_at,
        arg_max(status, finished_at) as last_status,
        arg_max(reason, finished_at) as last_reason,
        arg_max(max_age_days, finished_at) as max_age_days
    from reads
    group by 1
),

stored as (
    select
        source,
        max(finished_at) as last_success_at,
        -- A backfill of old days after a newer one does not make the data older than it is.
        max(data_as_of) as data_as_of
    from reads
    where status = 'stored'
    group by 1
),

failures as (
    select
        source,
        max(finished_at) as last_failure_at,
        arg_max(reason, finished_at) as last_failure_reason
    from reads
    where status = 'failed'
    group by 1
),

final as (
    select
        latest.source,
        latest.raw_table,
        latest.last_attempt_at,
        latest.last_status,
        latest.last_reason,
        stored.last_success_at,
        stored.data_as_of,
        date_diff('day', stored.data_as_of, cast(timezone('UTC', get_current_timestamp()) as date)) as age_days,
        latest.max_age_days,
        stored.data_as_of is null
            or date_diff('day', stored.data_as_of, cast(timezone('UTC', get_current_timestamp()) as date))
                > latest.max_age_days as is_stale,
        failures.last_failure_at,
        failures.last_failure_reason
    from latest
    left join stored
        on latest.source = stored.source
    left join failures
        on latest.source = failures.source
)

select * from final

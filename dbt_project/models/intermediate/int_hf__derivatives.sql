-- One row per derivative repo: its latest observation, and whether it passes the download threshold on counts
-- read no more than 7 days before the newest day read.
with observations as (
    select * from {{ ref('stg_hf__derivatives') }}
),

as_of as (
    select max(observed_date) as as_of_date from observations
),

described as (
    select
        model_id,
        arg_max(author, observed_date) as author,
        arg_max(created_at, observed_date) as created_at,
        arg_max(relation, observed_date) as relation,
        arg_max(base_model_ids, observed_date) as base_model_ids,
        min(observed_date) as first_observed_date
    from observations
    group by model_id
),

-- The newest counters: those describing the latest day, whichever day's read brought them.
counted as (
    select model_id, downloads_30d, downloads_all_time, counts_as_of as counts_observed_date
    from observations
    qualify row_number() over (partition by model_id order by counts_as_of desc, observed_date desc) = 1
),

latest as (
    select described.*, counted.downloads_30d, counted.downloads_all_time, counted.counts_observed_date
    from described
    inner join counted
        on described.model_id = counted.model_id
),

final as (
    select
        latest.model_id,
        latest.author,
        latest.created_at,
        cast(date_trunc('month', latest.created_at at time zone 'UTC') as date) as created_month,
        latest.relation,
        latest.base_model_ids,
        latest.downloads_30d,
        latest.downloads_all_time,
        latest.first_observed_date,
        latest.counts_observed_date,
        as_of.as_of_date,
        latest.counts_observed_date >= as_of.as_of_date - interval 7 day as counts_are_fresh,
        -- All-time downloads only grow, so a repo once past the threshold stays counted; a count older than 7 days
        -- is not used at all (the repo is listed among the lineage issues until it is read again).
        coalesce(
            latest.counts_observed_date >= as_of.as_of_date - interval 7 day
            and latest.downloads_all_time > {{ var('derivative_min_downloads') }},
            false
        ) as is_counted
    from latest
    cross join as_of
)

select * from final

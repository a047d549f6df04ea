{# Monthly and cumulative downloads of model_downloads_monthly grouped by one dimension, with each group's share. #}
{% macro monthly_downloads_with_shares(dimension) %}
with model_months as (
    select * from {{ ref('model_downloads_monthly') }}
),

grouped as (
    select
        month,
        {{ dimension }},
        cast(sum(downloads) as bigint) as downloads,
        cast(sum(cumulative_downloads) as bigint) as cumulative_downloads,
        cast(count(*) as integer) as models_reporting,
        max(last_snapshot_date) as last_snapshot_date,
        -- The earliest start: the group's figure holds growth observed from that day on, and is_partial_month already
        -- says that some of its models were observed for less of the month.
        min(observation_starts) as observation_starts,
        bool_or(is_partial_month) as is_partial_month,
        case when bool_or(provenance = 'reconstructed') then 'reconstructed' else 'observed' end as provenance
    from model_months
    group by 1, 2
),

final as (
    select
        month,
        {{ dimension }},
        downloads,
        cumulative_downloads,
        downloads / nullif(sum(downloads) over (partition by month), 0) as share_of_downloads,
        cumulative_downloads / nullif(sum(cumulative_downloads) over (partition by month), 0) as share_of_cumulative,
        models_reporting,
        last_snapshot_date,
        observation_starts,
        is_partial_month,
        provenance
    from grouped
)

select * from final
{% endmacro %}

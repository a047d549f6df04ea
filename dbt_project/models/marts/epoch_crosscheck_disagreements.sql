-- Where Epoch AI's data on a tracked model disagrees with the warehouse's own: the region (none of the countries
-- Epoch gives the organisation is in the warehouse's region), the size (more than 10% apart) or the access (Epoch
-- says the weights are not open). One row per model and field, with both values and the reason.
with matches as (
    select * from {{ ref('int_epoch__model_matches') }}
),

tracked as (
    select * from {{ ref('int_tracked_models') }}
),

epoch_regions as (
    select matches.model_id, list(distinct countries.region order by countries.region) as regions
    from matches
    cross join unnest(string_split(matches.country, ',')) as listed(country)
    inner join {{ ref('country_regions') }} as countries
        on trim(listed.country) = countries.country
    group by matches.model_id
),

region_checks as (
    select
        tracked.model_id,
        matches.epoch_model,
        matches.match_method,
        'region' as field,
        tracked.region as warehouse_value,
        matches.country || ' (' || array_to_string(epoch_regions.regions, ', ') || ')' as epoch_value,
        case
            when tracked.region = 'unknown' then 'the warehouse has no region for this organisation; Epoch names one'
            else 'the organisation''s countries in Epoch lie outside the warehouse''s region'
        end as reason
    from tracked
    inner join matches on tracked.model_id = matches.model_id
    inner join epoch_regions on tracked.model_id = epoch_regions.model_id
    where not list_contains(epoch_regions.regions, tracked.region)
),

size_checks as (
    select
        tracked.model_id,
        matches.epoch_model,
        matches.match_method,
        'parameters_b' as field,
        cast(round(tracked.total_params_b, 3) as varchar) as warehouse_value,
        cast(round(matches.params_b, 3) as varchar) as epoch_value,
        'sizes more than 10% apart (the warehouse''s size comes from ' || tracked.size_source || ')' as reason
    from tracked
    inner join matches on tracked.model_id = matches.model_id
    where tracked.total_params_b > 0
      and matches.params_b > 0
      and abs(matches.params_b - tracked.total_params_b) / tracked.total_params_b > 0.1
),

access_checks as (
    select
        tracked.model_id,
        matches.epoch_model,
        matches.match_method,
        'accessibility' as field,
        'open weights (on the Hub)' as warehouse_value,
        matches.accessibility as epoch_value,
        'Epoch does not list the weights as open' as reason
    from tracked
    inner join matches on tracked.model_id = matches.model_id
    where matches.accessibility is not null
      and not matches.is_open_weights
),

final as (
    select * from region_checks
    union all
    select * from size_checks
    union all
    select * from access_checks
)

select * from final

-- The warehouse's marts computed by one plain DuckDB script from raw.hf_model_snapshots, without dbt:
-- the yardstick the benchmark holds the dbt models against. {seeds} is the folder of the dbt seeds.
create schema if not exists plain;

create or replace table plain.tracked_models as
with tracked as (
    select modelId as model_id, org, model as model_name from read_csv('{seeds}/tracked_models.csv', all_varchar = true)
),
regions as (select hf_org, lower(region) as region from read_csv('{seeds}/organization_regions.csv', all_varchar = true)),
families as (select hf_org, family from read_csv('{seeds}/model_families.csv', all_varchar = true)),
parameters as (select model_id, try_cast(total_params_b as double) as total_params_b from read_csv('{seeds}/model_parameters.csv', all_varchar = true)),
corrections as (select model_id, try_cast(actual_release_date as date) as release_date from read_csv('{seeds}/release_date_corrections.csv', all_varchar = true)),
buckets as (select size_bucket, try_cast(lower_params_b as double) as lower_b, try_cast(upper_params_b as double) as upper_b from read_csv('{seeds}/size_buckets.csv', all_varchar = true)),
hub as (
    select model_id, min(created_at) as created_at,
        arg_max(safetensors_total, snapshot_date) filter (where safetensors_total > 0) as safetensors_total
    from raw.hf_model_snapshots group by 1
),
sized as (
    select tracked.model_id, tracked.org, coalesce(families.family, tracked.org) as family,
        coalesce(regions.region, 'unknown') as region, hub.created_at,
        coalesce(corrections.release_date, cast(hub.created_at as date)) as release_date,
        coalesce(parameters.total_params_b, hub.safetensors_total / 1e9,
            case
                when regexp_matches(model_name, '(?i)(^|[-_])\d+x\d+(\.\d+)?b($|[-_])')
                    then cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+)x(\d+(\.\d+)?)b($|[-_])', 2) as double)
                       * cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+)x(\d+(\.\d+)?)b($|[-_])', 3) as double)
                when regexp_matches(model_name, '(?i)(^|[-_])\d+(\.\d+)?b($|[-_])')
                    then cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+(\.\d+)?)b($|[-_])', 2) as double)
                when regexp_matches(model_name, '(?i)(^|[-_])\d+(\.\d+)?m($|[-_])')
                    then cast(regexp_extract(model_name, '(?i)(^|[-_])(\d+(\.\d+)?)m($|[-_])', 2) as double) / 1000
            end) as total_params_b
    from tracked
    left join families on tracked.org = families.hf_org
    left join regions on tracked.org = regions.hf_org
    left join parameters on tracked.model_id = parameters.model_id
    left join corrections on tracked.model_id = corrections.model_id
    left join hub on tracked.model_id = hub.model_id
)
select sized.*, coalesce(buckets.size_bucket, 'unknown') as size_bucket
from sized left join buckets
    on sized.total_params_b >= buckets.lower_b and (buckets.upper_b is null or sized.total_params_b < buckets.upper_b);

create or replace table plain.model_downloads_daily as
select s.snapshot_date as date, s.model_id, m.org, m.family, m.region, m.size_bucket,
    s.downloads_all_time, s.downloads_30d, s.provenance
from raw.hf_model_snapshots s join plain.tracked_models m using (model_id);

create or replace table plain.model_downloads_monthly as
with months as (
    select date_trunc('month', date)::date as month, model_id, max(date) as last_snapshot_date,
        arg_max(downloads_all_time, date) as cumulative_downloads
    from plain.model_downloads_daily group by 1, 2
),
start as (select min(date) as first_date from plain.model_downloads_daily)
select months.month, months.model_id, m.org, m.family, m.region, m.size_bucket,
    case
        when lag(cumulative_downloads) over w is not null then greatest(0, cumulative_downloads - lag(cumulative_downloads) over w)
        when m.created_at >= start.first_date then cumulative_downloads
    end as downloads,
    cumulative_downloads, last_snapshot_date
from months join plain.tracked_models m using (model_id) cross join start
window w as (partition by months.model_id order by months.month);

create or replace table plain.downloads_by_org_monthly as
select month, org, family, region, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads
from plain.model_downloads_monthly group by all;

create or replace table plain.downloads_by_region_monthly as
select month, region, downloads, cumulative_downloads,
    downloads / nullif(sum(downloads) over (partition by month), 0) as share_of_downloads,
    cumulative_downloads / nullif(sum(cumulative_downloads) over (partition by month), 0) as share_of_cumulative
from (select month, region, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads
      from plain.downloads_by_org_monthly group by all);

create or replace table plain.downloads_by_family_monthly as
select month, family, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads
from plain.model_downloads_monthly group by all;

create or replace table plain.downloads_by_size_bucket_monthly as
select month, size_bucket, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads
from plain.model_downloads_monthly group by all;

create or replace table plain.top_models_monthly as
select * from (
    select month, rank() over (partition by month order by downloads desc, model_id) as rank, model_id, org, downloads
    from plain.model_downloads_monthly where downloads is not null
) where rank <= 50;

-- Daily downloads between snapshots: running maximum against decreases, stalls and gaps spread evenly.
create or replace table plain.model_downloads_derived_daily as
with s as (
    select model_id, snapshot_date, downloads_all_time as all_time, downloads_30d as d30, created_at,
        max(downloads_all_time) over (partition by model_id order by snapshot_date) as eff,
        lag(downloads_all_time) over (partition by model_id order by snapshot_date) as prev_all_time,
        row_number() over (partition by model_id order by snapshot_date) as n
    from raw.hf_model_snapshots where downloads_all_time is not null
),
flagged as (
    select *, n > 1 and all_time = prev_all_time and coalesce(d30, 0) > 0 as stall from s
),
anchored as (
    select *, not stall or max(case when not stall then snapshot_date end) over (
        partition by model_id order by snapshot_date rows between 1 following and unbounded following) is null as anchor
    from flagged
),
anchors as (
    select model_id, snapshot_date, eff, created_at,
        lag(snapshot_date) over (partition by model_id order by snapshot_date) as prev_date,
        lag(eff) over (partition by model_id order by snapshot_date) as prev_eff
    from anchored where anchor
),
spans as (
    select model_id, snapshot_date, prev_date, eff, eff - prev_eff as growth, datediff('day', prev_date, snapshot_date) as span
    from anchors where prev_date is not null
)
select model_id, cast(prev_date + to_days(cast(i as integer)) as date) as date,
    cast(floor(growth * i / span) - floor(growth * (i - 1) / span) as bigint) as downloads,
    cast(eff - growth + floor(growth * i / span) as bigint) as downloads_all_time_estimate
from spans, range(1, span + 1) as t(i)
union all
select model_id, snapshot_date, case when cast(created_at as date) = snapshot_date then eff end, eff
from anchors where prev_date is null;

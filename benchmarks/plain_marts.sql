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

create or replace table plain.derived_days as
with s as (
    select model_id, snapshot_date, downloads_all_time as all_time, downloads_30d as d30, created_at,
        max(downloads_all_time) over (partition by model_id order by snapshot_date) as eff,
        max(downloads_all_time) over (partition by model_id order by snapshot_date rows between unbounded preceding and 1 preceding) as prior_max,
        lag(downloads_all_time) over (partition by model_id order by snapshot_date) as prev_all_time,
        row_number() over (partition by model_id order by snapshot_date) as n
    from raw.hf_model_snapshots where downloads_all_time is not null
),
flagged as (
    select *, n > 1 and all_time = prev_all_time and coalesce(d30, 0) > 0 as stall, all_time < prior_max as decrease from s
),
anchored as (
    select *, not stall or max(case when not stall then snapshot_date end) over (
        partition by model_id order by snapshot_date rows between 1 following and unbounded following) is null as anchor
    from flagged
),
anchors as (
    select model_id, snapshot_date, eff, created_at, all_time, d30, decrease,
        lag(snapshot_date) over (partition by model_id order by snapshot_date) as prev_date,
        lag(eff) over (partition by model_id order by snapshot_date) as prev_eff
    from anchored where anchor
),
stalls as (
    select st.model_id, st.snapshot_date, st.all_time, st.d30, min(a.snapshot_date) as anchor_date
    from anchored st join anchors a on st.model_id = a.model_id and a.snapshot_date > st.snapshot_date
    where not st.anchor group by 1, 2, 3, 4
),
spans as (
    select *, eff - prev_eff as growth, datediff('day', prev_date, snapshot_date) as span
    from anchors where prev_date is not null
),
days as (
    select model_id, cast(prev_date + to_days(cast(i as integer)) as date) as date, snapshot_date as anchor_date,
        i = span as anchor_day, false as first_snapshot,
        cast(floor(growth * i / span) - floor(growth * (i - 1) / span) as bigint) as downloads,
        cast(eff - growth + floor(growth * i / span) as bigint) as estimate, all_time, d30, decrease
    from spans, range(1, span + 1) as t(i)
    union all
    select model_id, snapshot_date, snapshot_date, true, true,
        case when cast(created_at as date) = snapshot_date then eff end, eff, all_time, d30, decrease
    from anchors where prev_date is null
),
last_seen as (select model_id, max(snapshot_date) as last_date from raw.hf_model_snapshots group by 1),
last_day as (select max(snapshot_date) as last_date from raw.hf_model_snapshots)
select d.model_id, d.date, d.downloads, d.estimate,
    d.anchor_day or st.snapshot_date is not null as has_snapshot,
    case when d.anchor_day then d.all_time else st.all_time end as reported_all_time,
    case when d.anchor_day then d.d30 else st.d30 end as reported_30d,
    d.first_snapshot and d.downloads is null as no_baseline,
    not d.anchor_day and st.snapshot_date is null as gap_filled,
    ss.anchor_date is not null and not d.first_snapshot as stall_spread,
    d.anchor_day and coalesce(d.decrease, false) as counter_decreased,
    d.date = ls.last_date and ls.last_date < last_day.last_date as deleted
from days d
left join stalls st on d.model_id = st.model_id and d.date = st.snapshot_date
left join (select distinct model_id, anchor_date from stalls) ss on d.model_id = ss.model_id and d.anchor_date = ss.anchor_date
join last_seen ls on d.model_id = ls.model_id
cross join last_day;

create or replace table plain.download_spikes as
-- A day above ten times the median of the model's 28 days before (all since its release) and above 1,000.
with daily as (
    select d.model_id, d.date, d.downloads
    from plain.derived_days d join plain.tracked_models m using (model_id)
    where d.downloads is not null and (m.release_date is null or d.date >= m.release_date)
),
judged as (
    select *, median(downloads) over w as trailing_median, count(downloads) over w as history_days,
        min(date) over w as history_starts
    from daily window w as (partition by model_id order by date rows between 28 preceding and 1 preceding)
)
select date, model_id, downloads, trailing_median, greatest(10 * trailing_median, 1000) as bound
from judged
where history_days = 28 and history_starts = date - 28 and downloads > greatest(10 * trailing_median, 1000);

create or replace table plain.model_downloads_monthly as
-- A model's first counted month grows from its first counted snapshot, unless it was created after the warehouse's
-- first snapshot: then from zero. That snapshot is where its observation starts.
with months as (
    select month, model_id, last_snapshot_date, first_date, first_all_time,
        max(highest) over (partition by model_id order by month) as cumulative_downloads
    from (
        select date_trunc('month', date)::date as month, model_id, max(date) as last_snapshot_date,
            max(downloads_all_time) as highest,
            min(date) filter (where downloads_all_time is not null) as first_date,
            arg_min(downloads_all_time, date) filter (where downloads_all_time is not null) as first_all_time
        from plain.model_downloads_daily group by 1, 2
    )
),
start as (select min(date) as first_date from plain.model_downloads_daily),
first_months as (
    select months.*, lag(cumulative_downloads) over w as previous,
        lag(cumulative_downloads) over w is null and cumulative_downloads is not null
            and not coalesce(m.created_at >= start.first_date, false) as from_first_snapshot
    from months join plain.tracked_models m using (model_id) cross join start
    window w as (partition by months.model_id order by months.month)
)
select f.month, f.model_id, m.org, m.family, m.region, m.size_bucket,
    case
        when previous is not null then greatest(0, cumulative_downloads - previous)
        when from_first_snapshot then cumulative_downloads - first_all_time
        else cumulative_downloads
    end as downloads,
    cumulative_downloads, last_snapshot_date,
    case when from_first_snapshot then f.first_date end as observation_starts,
    coalesce(spike_months.spike_downloads, 0) as spike_downloads
from first_months f join plain.tracked_models m using (model_id)
left join (
    select date_trunc('month', date)::date as month, model_id, cast(round(sum(downloads - bound)) as bigint) as spike_downloads
    from plain.download_spikes group by 1, 2
) spike_months on f.month = spike_months.month and f.model_id = spike_months.model_id;

create or replace table plain.downloads_by_org_monthly as
select month, org, family, region, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads,
    min(observation_starts) as observation_starts
from plain.model_downloads_monthly group by all;

create or replace table plain.downloads_by_region_monthly as
select month, region, downloads, cumulative_downloads,
    downloads / nullif(sum(downloads) over (partition by month), 0) as share_of_downloads,
    cumulative_downloads / nullif(sum(cumulative_downloads) over (partition by month), 0) as share_of_cumulative,
    observation_starts
from (select month, region, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads,
          min(observation_starts) as observation_starts
      from plain.downloads_by_org_monthly group by all);

create or replace table plain.downloads_by_family_monthly as
select month, family, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads,
    min(observation_starts) as observation_starts
from plain.model_downloads_monthly group by all;

create or replace table plain.downloads_by_size_bucket_monthly as
select month, size_bucket, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads,
    min(observation_starts) as observation_starts
from plain.model_downloads_monthly group by all;

create or replace table plain.top_models_monthly as
select * from (
    select month, rank() over (partition by month order by downloads desc, model_id) as rank, model_id, org, downloads,
        observation_starts
    from plain.model_downloads_monthly where downloads is not null
) where rank <= 50;

create or replace table plain.model_downloads_derived_daily as
select d.date, d.model_id, m.org, m.family, m.region, m.size_bucket, d.downloads, d.estimate as downloads_all_time_estimate,
    d.has_snapshot, d.gap_filled or d.stall_spread or d.counter_decreased as is_estimated
from plain.derived_days d join plain.tracked_models m using (model_id);

create or replace table plain.download_quality_flags as
with checked as (
    select d.*, d.estimate - before.estimate as growth_30
    from plain.derived_days d
    left join plain.derived_days before on d.model_id = before.model_id and before.date = d.date - interval 30 day
)
select date, model_id, flag from (
    select date, model_id, 'counter_decreased' as flag from checked where counter_decreased
    union all select date, model_id, 'stall_spread' from checked where stall_spread
    union all select date, model_id, 'gap_filled' from checked where gap_filled
    union all select date, model_id, 'no_baseline' from checked where no_baseline
    union all select date, model_id, 'deleted_from_hub' from checked where deleted
    union all select date, model_id, 'inconsistent_30d' from checked
    where has_snapshot and reported_30d is not null and growth_30 is not null
      and abs(reported_30d - growth_30) > greatest(100, 0.1 * greatest(reported_30d, growth_30))
    union all select date, model_id, 'spike' from plain.download_spikes
) join plain.tracked_models using (model_id);

create or replace table plain.org_share_by_size_bucket_monthly as
select month, size_bucket, org, downloads, cumulative_downloads,
    downloads / nullif(sum(downloads) over (partition by month, size_bucket), 0) as share_of_bucket_downloads,
    cumulative_downloads / nullif(sum(cumulative_downloads) over (partition by month, size_bucket), 0) as share_of_bucket_cumulative,
    observation_starts
from (select month, size_bucket, org, sum(downloads)::bigint as downloads, sum(cumulative_downloads)::bigint as cumulative_downloads,
          min(observation_starts) as observation_starts
      from plain.model_downloads_monthly group by all);

create or replace table plain.leading_org_vs_next_orgs_monthly as
with ranked as (
    select month, org, downloads, observation_starts, row_number() over (partition by month order by downloads desc, org) as r
    from plain.downloads_by_org_monthly where downloads is not null
)
select month, max(case when r = 1 then org end) as leading_org, max(case when r = 1 then downloads end) as leading_org_downloads,
    sum(case when r between 2 and 9 then downloads end) as next_orgs_downloads, min(observation_starts) as observation_starts
from ranked group by month;

create or replace table plain.region_crossovers as
with pairs as (
    select a.month, a.region, b.region as passed_region, a.cumulative_downloads as ca, b.cumulative_downloads as cb,
        lag(a.cumulative_downloads - b.cumulative_downloads) over (partition by a.region, b.region order by a.month) as previous_lead
    from plain.downloads_by_region_monthly a join plain.downloads_by_region_monthly b on a.month = b.month and a.region <> b.region
)
select month, region, passed_region, ca, cb from pairs where ca > cb and previous_lead <= 0;

create or replace table plain.new_entrants_monthly as
select o.* from plain.downloads_by_org_monthly o
join (select org, min(release_date) as first_release from plain.tracked_models group by org) d using (org)
where d.first_release >= date '2025-01-01';

create or replace table plain.model_attribute_gaps as
select model_id, org, 'size' as missing_attribute from plain.tracked_models where size_bucket = 'unknown'
union all
select model_id, org, 'region' from plain.tracked_models where region = 'unknown';

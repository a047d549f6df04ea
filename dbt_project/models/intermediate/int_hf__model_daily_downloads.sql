{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['model_id', 'date'],
        pre_hook="{{ delete_spans_ending_in_window() }}",
    )
}}
-- Daily downloads per model derived from consecutive all-time snapshots, one row per model and calendar day.
--
-- Rules (METHODOLOGY.md, section 2):
--   * a decrease of the all-time counter is clipped: the counter is read as its running maximum;
--   * a stall (all-time unchanged while the 30-day counter shows downloads) is not an anchor: the growth
--     the counter shows once it moves again is spread evenly over the stalled days;
--   * days without a snapshot are filled by spreading the growth between the snapshots around them;
--   * a model's first snapshot has no baseline, unless the model was created that day;
--   * a model missing from the Hub's later snapshots is marked deleted on its last day.
-- An incremental refresh recomputes the days from recompute_from() on and writes only the ones the window's
-- snapshots can change: those whose span ends in the window or later, and each model's days since its last moving
-- snapshot before the window (stalls the window may resolve, and the model's last sighting, which a missing day
-- turns into a deletion). Those days depend on nothing before the moving snapshot preceding that one, so each
-- model's snapshots are read from there on, found among the snapshots one more lookback earlier; a gap or stall
-- longer than the lookback needs a full refresh.
{% if is_incremental() %}
with recent as (
    select model_id, snapshot_date, downloads_all_time, downloads_30d, created_at
    from {{ ref('stg_hf__model_snapshots') }}
    where downloads_all_time is not null
      and snapshot_date >= {{ recompute_from() }} - interval {{ var("recompute_lookback_days") }} day
),

-- A moving snapshot is one that is not a stall (see `classified` below).
recent_moves as (
    select
        model_id,
        snapshot_date,
        not (
            coalesce(downloads_all_time = lag(downloads_all_time) over (partition by model_id order by snapshot_date), false)
            and coalesce(downloads_30d, 0) > 0
        ) as is_move
    from recent
),

-- Each model's last moving snapshot before the window, and the one before it, where its snapshots are read from.
context_starts as (
    select model_id, last_two_moves[1] as last_move_before_window, last_two_moves[2] as context_start
    from (
        select
            model_id,
            max(snapshot_date, 2) filter (where is_move and snapshot_date < {{ refresh_window_start() }}) as last_two_moves
        from recent_moves
        group by 1
    )
),

snapshots as (
    select recent.*
    from recent
    inner join context_starts
        on recent.model_id = context_starts.model_id
    where recent.snapshot_date >= coalesce(context_starts.context_start, date '0001-01-01')
),

-- The highest count each model reached before the snapshots read here, so decreases stay clipped: the stored
-- all-time estimate on the first day read, a moving snapshot's day, where it is the running maximum so far.
earlier_peaks as (
    select stored.model_id, stored.downloads_all_time_estimate as peak_before
    from {{ this }} as stored
    inner join context_starts
        on stored.model_id = context_starts.model_id and stored.date = context_starts.context_start
),
{% else %}
with snapshots as (
    select model_id, snapshot_date, downloads_all_time, downloads_30d, created_at
    from {{ ref('stg_hf__model_snapshots') }}
    where downloads_all_time is not null
),

earlier_peaks as (
    select cast(null as varchar) as model_id, cast(null as bigint) as peak_before where false
),
{% endif %}

-- The snapshots read run to the warehouse's last day, so the last day and each model's last sighting (below)
-- need not scan the earlier history.
last_warehouse_day as (
    select max(snapshot_date) as last_snapshot_date from snapshots
),

-- Every window over a model's snapshots is computed in this one pass, so DuckDB sorts the snapshots once.
ordered as (
    select
        snapshots.*,
        greatest(
            max(downloads_all_time) over by_model_to_date, coalesce(earlier_peaks.peak_before, 0)
        ) as effective_all_time,
        greatest(
            coalesce(max(downloads_all_time) over by_model_before, -1), coalesce(earlier_peaks.peak_before, -1)
        ) as highest_before,
        lag(downloads_all_time) over by_model as previous_all_time,
        row_number() over by_model as snapshot_number
    from snapshots
    left join earlier_peaks
        on snapshots.model_id = earlier_peaks.model_id
    window
        by_model as (partition by snapshots.model_id order by snapshots.snapshot_date),
        by_model_to_date as (
            partition by snapshots.model_id order by snapshots.snapshot_date
            rows between unbounded preceding and current row
        ),
        by_model_before as (
            partition by snapshots.model_id order by snapshots.snapshot_date
            rows between unbounded preceding and 1 preceding
        )
),

classified as (
    select
        *,
        downloads_all_time < highest_before as is_decrease,
        snapshot_number > 1
            and downloads_all_time = previous_all_time
            and coalesce(downloads_30d, 0) > 0 as is_stall
    from ordered
),

-- A stalled snapshot with no moving snapshot after it stays an anchor: nothing later can resolve it. "After it"
-- is read off the model's last moving snapshot, an unordered window that needs no second sort.
anchored as (
    select
        *,
        not is_stall
            or coalesce(max(case when not is_stall then snapshot_date end) over (partition by model_id), date '0001-01-01')
            < snapshot_date as is_anchor
    from classified
),

anchors as (
    select
        model_id,
        snapshot_date,
        effective_all_time,
        created_at,
        downloads_all_time as reported_all_time,
        downloads_30d as reported_30d,
        is_decrease,
        lag(snapshot_date) over (partition by model_id order by snapshot_date) as previous_anchor_date,
        lag(effective_all_time) over (partition by model_id order by snapshot_date) as previous_effective_all_time
    from anchored
    where is_anchor
),

-- Stalled snapshots are rare; each is resolved by the next anchor, whose growth covers it.
stalls as (
    select
        stalled.model_id,
        stalled.snapshot_date,
        stalled.downloads_all_time,
        stalled.downloads_30d,
        min(anchors.snapshot_date) as anchor_date
    from anchored as stalled
    inner join anchors
        on stalled.model_id = anchors.model_id and anchors.snapshot_date > stalled.snapshot_date
    where not stalled.is_anchor
    group by 1, 2, 3, 4
),

stalled_spans as (
    select distinct model_id, anchor_date from stalls
),

-- Each anchor covers the days since the previous anchor; its growth is spread evenly and exactly.
spans as (
    select
        *,
        effective_all_time - previous_effective_all_time as growth,
        datediff('day', previous_anchor_date, snapshot_date) as span_days
    from anchors
    where previous_anchor_date is not null
),

spread as (
    select
        spans.model_id,
        cast(spans.previous_anchor_date + to_days(cast(day_number as integer)) as date) as date,
        spans.snapshot_date as anchor_date,
        day_number = spans.span_days as is_anchor_day,
        false as is_first_snapshot,
        cast(
            floor(spans.growth * day_number / spans.span_days)
            - floor(spans.growth * (day_number - 1) / spans.span_days)
            as bigint
        ) as downloads,
        cast(spans.effective_all_time - spans.growth + floor(spans.growth * day_number / spans.span_days) as bigint)
            as downloads_all_time_estimate,
        spans.reported_all_time,
        spans.reported_30d,
        spans.is_decrease
    from spans,
        range(1, spans.span_days + 1) as days(day_number)
),

first_days as (
    select
        model_id,
        snapshot_date as date,
        snapshot_date as anchor_date,
        true as is_anchor_day,
        true as is_first_snapshot,
        case when cast(created_at as date) = snapshot_date then effective_all_time end as downloads,
        effective_all_time as downloads_all_time_estimate,
        reported_all_time,
        reported_30d,
        is_decrease
    from anchors
    where previous_anchor_date is null
),

days as (
    select * from spread
    union all
    select * from first_days
),

last_seen as (
    select model_id, max(snapshot_date) as last_seen_date from snapshots group by 1
),

final as (
    select
        days.model_id,
        days.date,
        days.anchor_date,
        days.downloads,
        days.downloads_all_time_estimate,
        days.is_anchor_day or stalls.snapshot_date is not null as has_snapshot,
        case when days.is_anchor_day then days.reported_all_time else stalls.downloads_all_time end
            as reported_all_time,
        case when days.is_anchor_day then days.reported_30d else stalls.downloads_30d end as reported_30d,
        days.is_first_snapshot and days.downloads is null as is_first_snapshot_without_baseline,
        not days.is_anchor_day and stalls.snapshot_date is null as is_gap_filled,
        stalled_spans.anchor_date is not null and not days.is_first_snapshot as is_stall_spread,
        days.is_anchor_day and coalesce(days.is_decrease, false) as is_counter_decrease,
        days.date = last_seen.last_seen_date
            and last_seen.last_seen_date < last_warehouse_day.last_snapshot_date as is_deleted_after
    from days
    left join stalls
        on days.model_id = stalls.model_id and days.date = stalls.snapshot_date
    left join stalled_spans
        on days.model_id = stalled_spans.model_id and days.anchor_date = stalled_spans.anchor_date
    inner join last_seen
        on days.model_id = last_seen.model_id
    cross join last_warehouse_day
)

{% if is_incremental() %}
select final.* from final
inner join context_starts
    on final.model_id = context_starts.model_id
where final.date >= {{ recompute_from() }}
  and (
      final.anchor_date >= {{ refresh_window_start() }}
      or final.date >= context_starts.last_move_before_window
  )
{% else %}
select * from final
{% endif %}

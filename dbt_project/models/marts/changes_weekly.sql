-- What moved in the latest complete week (Monday to Sunday) against the week before, one row per line of the report's
-- first section and of `atom changes`: models that entered or left the top 10 of the month so far, the biggest gainers
-- against their three weeks before, each region's and the leading orgs' share moves, the tracked releases of the two
-- weeks with their latest RAM scores, and the derivative bases that entered the ten most derived. Each row names the
-- mart its numbers come from.
with derived as (
    select date, model_id, org, region, downloads from {{ ref('model_downloads_derived_daily') }}
),

weeks as (
    select
        week_end - 6 as week_start,
        week_end,
        week_end - 13 as previous_start,
        week_end - 7 as previous_end,
        cast(date_trunc('month', week_end) as date) as month_start,
        cast(date_trunc('month', week_end - 7) as date) as previous_month_start
    from (select max(date) - cast(isodow(max(date)) % 7 as integer) as week_end from derived)
),

-- The days any line reads: the three weeks before the latest (the gainers' base) and both months so far.
model_days as (
    select derived.*, weeks.*
    from derived
    cross join weeks
    where derived.date between least(weeks.week_start - 21, weeks.previous_month_start) and weeks.week_end
),

month_so_far as (
    select
        model_id,
        sum(downloads) filter (where date between month_start and week_end) as now_downloads,
        sum(downloads) filter (where date between previous_month_start and previous_end) as before_downloads
    from model_days
    group by 1
),

month_ranks as (
    select
        *,
        case when now_downloads > 0 then row_number() over (order by coalesce(now_downloads, 0) desc, model_id) end
            as now_rank,
        case when before_downloads > 0 then row_number() over (order by coalesce(before_downloads, 0) desc, model_id) end
            as before_rank
    from month_so_far
),

top_10_lines as (
    select
        'top10_entered' as section,
        now_rank as position,
        model_id as subject,
        now_rank,
        before_rank,
        now_downloads as value_now,
        before_downloads as value_before,
        'entered the top 10 of ' || strftime(weeks.week_end, '%Y-%m') || ' so far at rank ' || now_rank
        || coalesce(' (rank ' || before_rank || ' a week before)', ' (unranked a week before)') || ', '
        || format('{:,}', now_downloads) || ' downloads in the month to ' || weeks.week_end as detail
    from month_ranks
    cross join weeks
    where now_rank <= {{ var('changes_top_n') }}
      and (before_rank is null or before_rank > {{ var('changes_top_n') }})
    union all
    select
        'top10_left',
        before_rank,
        model_id,
        now_rank,
        before_rank,
        now_downloads,
        before_downloads,
        'left the top 10 of ' || strftime(weeks.week_end, '%Y-%m') || ' so far: rank '
        || coalesce(cast(now_rank as varchar), 'none') || ', was ' || before_rank || ' a week before'
    from month_ranks
    cross join weeks
    where before_rank <= {{ var('changes_top_n') }}
      and (now_rank is null or now_rank > {{ var('changes_top_n') }})
),

-- A gainer needs every one of the four weeks' days derived, and a base of at least gainer_min_daily_downloads a day.
four_weeks as (
    select
        model_id,
        sum(downloads) filter (where date between week_start and week_end) as week_downloads,
        sum(downloads) filter (where date between week_start - 21 and week_start - 1) / 3.0 as base_downloads,
        count(downloads) filter (where date between week_start - 21 and week_end) as days_derived
    from model_days
    group by 1
),

gainer_lines as (
    select
        'gainer' as section,
        row_number() over (order by week_downloads / base_downloads desc, model_id) as position,
        model_id as subject,
        cast(null as bigint) as now_rank,
        cast(null as bigint) as before_rank,
        week_downloads as value_now,
        base_downloads as value_before,
        format('{:,}', week_downloads) || ' downloads this week, ' || printf('%.2f', week_downloads / base_downloads)
        || ' times the mean of its three weeks before (' || format('{:,.0f}', base_downloads) || ')' as detail
    from four_weeks
    where days_derived = 28
      and base_downloads >= 7 * {{ var('gainer_min_daily_downloads') }}
      and week_downloads > base_downloads
    qualify position <= {{ var('changes_top_n') }}
),

-- Each region's and each org's share of the tracked models' downloads in the two weeks, as one long table.
two_weeks as (
    select
        dimension.section,
        dimension.member,
        sum(model_days.downloads) filter (where model_days.date between model_days.week_start and model_days.week_end)
            as now_downloads,
        sum(model_days.downloads) filter (
            where model_days.date between model_days.previous_start and model_days.previous_end
        ) as before_downloads
    from model_days
    cross join lateral (
        select 'region_share' as section, model_days.region as member
        union all
        select 'org_share', model_days.org
    ) as dimension
    group by 1, 2
),

shares as (
    select
        section,
        member,
        100 * now_downloads / sum(now_downloads) over (partition by section) as now_share,
        100 * before_downloads / sum(before_downloads) over (partition by section) as before_share,
        row_number() over (partition by section order by now_downloads desc nulls last, member) as position
    from two_weeks
),

-- Every region, and the orgs with the most downloads this week.
share_lines as (
    select
        section,
        position,
        member as subject,
        cast(null as bigint) as now_rank,
        cast(null as bigint) as before_rank,
        now_share as value_now,
        before_share as value_before,
        printf('%.1f', coalesce(now_share, 0)) || '% of tracked downloads this week, '
        || printf('%+.1f', coalesce(now_share, 0) - coalesce(before_share, 0)) || ' points on the week before' as detail
    from shares
    where section = 'region_share' or position <= {{ var('changes_top_n') }}
),

latest_ram as (
    select model_id, days_since_release, ram_score_median_top_10
    from {{ ref('ram_scores') }}
    where milestone_status = 'known'
    qualify row_number() over (partition by model_id order by days_since_release desc) = 1
),

release_lines as (
    select
        'new_release' as section,
        row_number() over (order by tracked.release_date desc, tracked.model_id) as position,
        tracked.model_id as subject,
        cast(null as bigint) as now_rank,
        cast(null as bigint) as before_rank,
        latest_ram.ram_score_median_top_10 as value_now,
        cast(null as double) as value_before,
        'released ' || tracked.release_date || coalesce(
            '; RAM ' || printf('%.2f', latest_ram.ram_score_median_top_10) || ' at ' || latest_ram.days_since_release
            || ' days (its downloads over the median of its size bucket''s top 10 at that age)',
            '; no RAM score yet'
        ) as detail
    from {{ ref('int_tracked_models') }} as tracked
    cross join weeks
    left join latest_ram
        on tracked.model_id = latest_ram.model_id
    where tracked.release_date between weeks.previous_start and weeks.week_end
),

derived_bases as (
    select
        roots.root_model_id as model_id,
        count(*) filter (where cast(timezone('UTC', roots.created_at) as date) <= weeks.week_end) as now_count,
        count(*) filter (where cast(timezone('UTC', roots.created_at) as date) <= weeks.previous_end) as before_count
    from {{ ref('int_hf__derivative_roots') }} as roots
    cross join weeks
    where roots.is_counted
    group by 1
),

base_ranks as (
    select
        *,
        case when now_count > 0 then row_number() over (order by now_count desc, model_id) end as now_rank,
        case when before_count > 0 then row_number() over (order by before_count desc, model_id) end as before_rank
    from derived_bases
),

base_lines as (
    select
        'derived_base_entered' as section,
        now_rank as position,
        model_id as subject,
        now_rank,
        before_rank,
        now_count as value_now,
        before_count as value_before,
        'entered the 10 most derived at rank ' || now_rank || ' with ' || now_count || ' derivatives ('
        || (now_count - before_count) || ' new this week; ' || coalesce('rank ' || before_rank, 'unranked')
        || ' a week before)' as detail
    from base_ranks
    where now_rank <= {{ var('changes_top_n') }}
      and (before_rank is null or before_rank > {{ var('changes_top_n') }})
),

lines as (
    select *, 1 as section_order, 'model_downloads_derived_daily' as source_mart from top_10_lines
    where section = 'top10_entered'
    union all
    select *, 2, 'model_downloads_derived_daily' from top_10_lines where section = 'top10_left'
    union all
    select *, 3, 'model_downloads_derived_daily' from gainer_lines
    union all
    select *, 4, 'model_downloads_derived_daily' from share_lines where section = 'region_share'
    union all
    select *, 5, 'model_downloads_derived_daily' from share_lines where section = 'org_share'
    union all
    select *, 6, 'ram_scores' from release_lines
    union all
    select *, 7, 'most_derived_bases' from base_lines
),

final as (
    select
        weeks.week_start,
        weeks.week_end,
        weeks.previous_start as previous_week_start,
        weeks.previous_end as previous_week_end,
        cast(lines.section_order as integer) as section_order,
        lines.section,
        cast(lines.position as integer) as position,
        lines.subject,
        cast(lines.now_rank as integer) as rank_now,
        cast(lines.before_rank as integer) as rank_before,
        cast(lines.value_now as double) as value_now,
        cast(lines.value_before as double) as value_before,
        cast(lines.value_now as double) - cast(lines.value_before as double) as change,
        lines.detail,
        lines.source_mart
    from lines
    cross join weeks
)

select * from final

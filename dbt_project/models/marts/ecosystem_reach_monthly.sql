-- Each family's and region's ecosystem at each month's end: its tracked models' cumulative downloads plus those of
-- every counted derivative whose base chain reaches it (a merge split as the derivative shares split it), and the
-- share of that reach held by third-party repos, those whose author is not the root model's org. The paper's
-- curated list leaves these derivatives out.
with roots as (
    select
        roots.derivative_id,
        roots.root_family,
        roots.root_region,
        roots.weight,
        derivatives.author <> roots.root_org as is_third_party
    from {{ ref('int_hf__derivative_roots') }} as roots
    inner join {{ ref('int_hf__derivatives') }} as derivatives
        on roots.derivative_id = derivatives.model_id
    where roots.is_counted
),

counts as (
    select model_id, counts_as_of, max(downloads_all_time) as downloads_all_time
    from {{ ref('stg_hf__derivatives') }}
    where downloads_all_time is not null
    group by 1, 2
),

months as (
    select distinct month from {{ ref('downloads_by_region_monthly') }}
),

-- Each derivative's all-time count at a month's end: the highest read on or before the month's last day.
month_counts as (
    select months.month, counts.model_id, max(counts.downloads_all_time) as downloads_all_time
    from months
    inner join counts
        on counts.counts_as_of < months.month + interval 1 month
    group by 1, 2
),

reached as (
    select month_counts.month, roots.*, month_counts.downloads_all_time
    from roots
    inner join month_counts
        on roots.derivative_id = month_counts.model_id
),

derivative_reach as (
    {% for dimension in ['family', 'region'] %}
    select
        '{{ dimension }}' as dimension, root_{{ dimension }} as member, month,
        sum(weight * downloads_all_time) as derivative_downloads,
        coalesce(sum(weight * downloads_all_time) filter (where is_third_party), 0) as third_party_downloads
    from reached
    group by 1, 2, 3
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

own as (
    select 'family' as dimension, family as member, month, cumulative_downloads
    from {{ ref('downloads_by_family_monthly') }}
    union all
    select 'region' as dimension, region as member, month, cumulative_downloads
    from {{ ref('downloads_by_region_monthly') }}
),

final as (
    select
        coalesce(own.dimension, derivative_reach.dimension) as dimension,
        coalesce(own.member, derivative_reach.member) as member,
        coalesce(own.month, derivative_reach.month) as month,
        coalesce(own.cumulative_downloads, 0) as tracked_downloads,
        -- A merge's fractions make these sums fractional; they are rounded to 3 places because float sums depend
        -- on summation order, and a re-run must store the same values.
        round(coalesce(derivative_reach.derivative_downloads, 0), 3) as derivative_downloads,
        round(coalesce(own.cumulative_downloads, 0) + coalesce(derivative_reach.derivative_downloads, 0), 3)
            as ecosystem_downloads,
        round(coalesce(derivative_reach.third_party_downloads, 0), 3) as third_party_downloads,
        round(
            round(coalesce(derivative_reach.third_party_downloads, 0), 3)
            / nullif(round(coalesce(own.cumulative_downloads, 0) + coalesce(derivative_reach.derivative_downloads, 0), 3), 0),
            9
        ) as third_party_share
    from own
    full outer join derivative_reach
        on own.dimension = derivative_reach.dimension
        and own.member = derivative_reach.member
        and own.month = derivative_reach.month
)

select * from final

{# New derivatives of tracked models by month of creation, grouped by one dimension of their roots, with shares.
   Sums of fractions are rounded to 9 places: float sums depend on summation order, and a re-run must store the
   same values. #}
{% macro monthly_derivatives_with_shares(dimension) %}
with roots as (
    select * from {{ ref('int_hf__derivative_roots') }}
),

grouped as (
    select
        created_month as month,
        {{ dimension }},
        round(sum(weight) filter (where is_counted), 9) as new_derivatives,
        round(sum(weight), 9) as new_derivatives_any_downloads,
        cast(count(distinct derivative_id) filter (where is_counted) as integer) as derivatives_touching
    from roots
    group by 1, 2
),

final as (
    select
        month,
        {{ dimension }},
        coalesce(new_derivatives, 0) as new_derivatives,
        round(new_derivatives / nullif(sum(new_derivatives) over (partition by month), 0), 9) as share_of_new_derivatives,
        new_derivatives_any_downloads,
        derivatives_touching
    from grouped
)

select * from final
{% endmacro %}

{# The months in which one member of a dimension (a region, a family) passed another in cumulative downloads, after
   being at or below it the month before, from that dimension's monthly mart. #}
{% macro crossovers(monthly_mart, dimension) %}
with member_months as (
    select month, {{ dimension }} as member, cumulative_downloads, provenance
    from {{ ref(monthly_mart) }}
),

pairs as (
    select
        leader.month,
        leader.member,
        trailer.member as passed_member,
        leader.cumulative_downloads as member_cumulative,
        trailer.cumulative_downloads as passed_member_cumulative,
        case when 'reconstructed' in (leader.provenance, trailer.provenance) then 'reconstructed' else 'observed' end
            as provenance,
        lag(leader.cumulative_downloads - trailer.cumulative_downloads) over (
            partition by leader.member, trailer.member order by leader.month
        ) as previous_lead
    from member_months as leader
    inner join member_months as trailer
        on leader.month = trailer.month and leader.member <> trailer.member
),

final as (
    select
        month,
        member as {{ dimension }},
        passed_member as passed_{{ dimension }},
        member_cumulative as {{ dimension }}_cumulative,
        passed_member_cumulative as passed_{{ dimension }}_cumulative,
        provenance
    from pairs
    where member_cumulative > passed_member_cumulative
      and previous_lead <= 0
)

select * from final
{% endmacro %}

{# Local generic tests: the dbt package hub is out of reach, so these stand in for dbt_utils. #}

{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test between(model, column_name, min_value=none, max_value=none) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and (
    false
    {% if min_value is not none %} or {{ column_name }} < {{ min_value }} {% endif %}
    {% if max_value is not none %} or {{ column_name }} > {{ max_value }} {% endif %}
  )
{% endtest %}

{% test shares_sum_to_one(model, column_name, group_by, tolerance=0.000001) %}
select {{ group_by }}, sum({{ column_name }}) as total_share
from {{ model }}
group by {{ group_by }}
having sum({{ column_name }}) is not null
   and abs(sum({{ column_name }}) - 1) > {{ tolerance }}
{% endtest %}

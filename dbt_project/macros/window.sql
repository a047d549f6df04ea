{# The partition window of this run, end exclusive, as a SQL predicate on a date column. #}
{% macro in_partition_window(column) -%}
    {{ column }} >= cast('{{ var("min_date") }}' as date) and {{ column }} < cast('{{ var("max_date") }}' as date)
{%- endmacro %}

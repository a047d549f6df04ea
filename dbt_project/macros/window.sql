{# The partition window of this run, end exclusive, as a SQL predicate on a date column. #}
{% macro in_partition_window(column) -%}
    {{ column }} >= cast('{{ var("min_date") }}' as date) and {{ column }} < cast('{{ var("max_date") }}' as date)
{%- endmacro %}

{# The first day an incremental refresh recomputes: the window's start less a lookback, so that the days a new
   snapshot changes (spread gaps, resolved stalls, the 30-day check, a model last seen the day before) are redone. #}
{% macro recompute_from() -%}
    (cast('{{ var("min_date") }}' as date) - interval {{ var("recompute_lookback_days") }} day)
{%- endmacro %}

{# An incremental model's pre-hook: remove the rows a refresh is about to recompute. #}
{% macro delete_recomputed_days(column) -%}
    {% if is_incremental() %}delete from {{ this }} where {{ column }} >= {{ recompute_from() }}{% endif %}
{%- endmacro %}

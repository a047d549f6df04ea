{# The window of days this run refreshes, end exclusive, as a SQL predicate on a date column. Dagster sets it in
   ATOM_WINDOW_START / ATOM_WINDOW_END (env vars, not dbt vars, so a new window needs no re-parse); unset, it spans
   every day. #}
{% macro in_refresh_window(column) -%}
    {{ column }} >= cast('{{ env_var("ATOM_WINDOW_START", "1900-01-01") }}' as date) and {{ column }} < cast('{{ env_var("ATOM_WINDOW_END", "9999-12-31") }}' as date)
{%- endmacro %}

{# The first day an incremental refresh recomputes: the window's start less a lookback, so that the days a new
   snapshot changes (spread gaps, resolved stalls, the 30-day check, a model last seen the day before) are redone. #}
{% macro recompute_from() -%}
    (cast('{{ env_var("ATOM_WINDOW_START", "1900-01-01") }}' as date) - interval {{ var("recompute_lookback_days") }} day)
{%- endmacro %}

{# An incremental model's pre-hook: remove the rows a refresh is about to recompute. #}
{% macro delete_recomputed_days(column) -%}
    {% if is_incremental() %}delete from {{ this }} where {{ column }} >= {{ recompute_from() }}{% endif %}
{%- endmacro %}

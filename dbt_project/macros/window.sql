{# The window of days this run refreshes, end exclusive, as a SQL predicate on a date column. Dagster sets it in
   ATOM_WINDOW_START / ATOM_WINDOW_END (env vars, not dbt vars, so a new window needs no re-parse); unset, it spans
   every day. #}
{% macro in_refresh_window(column) -%}
    {{ column }} >= {{ refresh_window_start() }} and {{ column }} < cast('{{ env_var("ATOM_WINDOW_END", "9999-12-31") }}' as date)
{%- endmacro %}

{# The first day of the window this run refreshes. #}
{% macro refresh_window_start() -%}
    cast('{{ env_var("ATOM_WINDOW_START", "1900-01-01") }}' as date)
{%- endmacro %}

{# The first day an incremental refresh recomputes: the window's start less a lookback, so that the days a new
   snapshot changes (spread gaps, resolved stalls, the 30-day check, a model last seen the day before) are redone. #}
{% macro recompute_from() -%}
    ({{ refresh_window_start() }} - interval {{ var("recompute_lookback_days") }} day)
{%- endmacro %}

{# The pre-hook of the derived daily series: remove the recomputed days whose span ends in the window or later, the
   days a new snapshot can change or remove; `anchor_date` is the snapshot day whose growth a day shares. #}
{% macro delete_spans_ending_in_window() -%}
    {% if is_incremental() %}
    delete from {{ this }} where date >= {{ recompute_from() }} and anchor_date >= {{ refresh_window_start() }}
    {% endif %}
{%- endmacro %}

{# The pre-hook of the quality flags: remove the flags a refresh rewrites, those of the days whose span ends in the
   window or later (or that no longer exist) and every deletion and spike flag from the recomputed days on. #}
{% macro delete_changed_quality_flags() -%}
    {% if is_incremental() %}
    delete from {{ this }} as flags
    where flags.date >= {{ recompute_from() }}
      and (
          flags.flag in ('deleted_from_hub', 'spike')
          or not exists (
              select 1 from {{ ref('int_hf__model_daily_downloads') }} as derived
              where derived.model_id = flags.model_id
                and derived.date = flags.date
                and derived.date >= {{ recompute_from() }}
                and derived.anchor_date < {{ refresh_window_start() }}
          )
      )
    {% endif %}
{%- endmacro %}

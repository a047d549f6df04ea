{# The project's table and incremental materializations on DuckDB, each one build in one transaction.

   dbt-duckdb's own build a table under a temporary name, look up indexes and foreign keys, swap names and drop
   the old copy; an incremental run first copies its rows into a temporary table and compares columns. That
   catalog work costs more than many models' SQL, and a daily refresh runs every model. `create or replace
   table` is atomic in DuckDB, and `insert ... by name` fails on a column the stored table lacks, where a
   silent drop would lose it: a changed model needs a full refresh. An incremental model appends what it
   selects after its pre_hook deleted what it recomputes, or, with `incremental_strategy='delete+insert'` and a
   `unique_key`, replaces the stored rows whose keys it selects. Configurations these do not support are refused
   by name rather than ignored. #}

{% macro refuse_unsupported_config(materialization) %}
    {% if model['language'] != 'sql' %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": the " ~ materialization ~ " materialization builds SQL models only") }}
    {% endif %}
    {% set unsupported = ['partitioned_by', 'sorted_by', 'indexes', 'grants'] %}
    {% if materialization != 'incremental' or config.get('incremental_strategy') != 'delete+insert' %}
        {% do unsupported.extend(['unique_key', 'key_range_column']) %}
    {% endif %}
    {% for key in unsupported %}
        {% if config.get(key) %}
            {{ exceptions.raise_compiler_error(model['name'] ~ ": config " ~ key ~ " is not supported by the project's " ~ materialization ~ " materialization") }}
        {% endif %}
    {% endfor %}
    {% if config.get('contract', {}).enforced %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": enforced contracts are not supported by the project's " ~ materialization ~ " materialization") }}
    {% endif %}
    {% if config.get('incremental_strategy') not in (none, 'append', 'delete+insert') %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": incremental_strategy must be append or delete+insert") }}
    {% endif %}
    {% if config.get('incremental_strategy') == 'delete+insert' and not config.get('unique_key') %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": incremental_strategy delete+insert needs a unique_key") }}
    {% endif %}
    {% if config.get('on_schema_change') not in (none, 'ignore', 'fail') %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": a changed incremental model is rebuilt with --full-refresh; on_schema_change " ~ config.get('on_schema_change') ~ " is not supported") }}
    {% endif %}
{% endmacro %}

{# Hooks, then the one statement that builds the model, committed together; a view in the way is dropped in the
   same transaction. #}
{% macro build_in_one_transaction(existing_relation, build_sql, pre_hooks, post_hooks) %}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {% if existing_relation is not none and not existing_relation.is_table %}
        {{ drop_relation_if_exists(existing_relation) }}
    {% endif %}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {% call statement('main') -%}
        {{ build_sql }}
    {%- endcall %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
{% endmacro %}

{# The stored rows whose key the model selects are replaced by the selected rows. `key_range_column` names a key
   (a date or a number) whose selected range bounds the search, so DuckDB skips the row groups before it. #}
{% macro replace_rows_by_key(target_relation, unique_key, key_range_column) %}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set selected = target_relation.identifier ~ '__selected' -%}
    create temp table {{ selected }} as (
        {{ sql }}
    );
    delete from {{ target_relation }} as stored
    using {{ selected }} as selected
    where {% for key in keys -%}
        {{ ' and ' if not loop.first }}stored.{{ key }} = selected.{{ key }}
    {%- endfor %}
    {%- if key_range_column %}
      and stored.{{ key_range_column }} >= (select min({{ key_range_column }}) from {{ selected }})
    {%- endif %};
    insert into {{ target_relation }} by name select * from {{ selected }};
    drop table {{ selected }}
{% endmacro %}

{% materialization table, adapter='duckdb' %}
    {{ refuse_unsupported_config('table') }}
    {%- set target_relation = this.incorporate(type='table') -%}
    {% set build_sql %}
        create or replace table {{ target_relation }} as (
            {{ sql }}
        )
    {% endset %}
    {{ build_in_one_transaction(load_cached_relation(this), build_sql, pre_hooks, post_hooks) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{% materialization incremental, adapter='duckdb' %}
    {{ refuse_unsupported_config('incremental') }}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {% set build_sql %}
        {% if existing_relation is none or not existing_relation.is_table or should_full_refresh() %}
            create or replace table {{ target_relation }} as (
                {{ sql }}
            )
        {% elif config.get('incremental_strategy') == 'delete+insert' %}
            {{ replace_rows_by_key(target_relation, config.get('unique_key'), config.get('key_range_column')) }}
        {% else %}
            insert into {{ target_relation }} by name (
                {{ sql }}
            )
        {% endif %}
    {% endset %}
    {{ build_in_one_transaction(existing_relation, build_sql, pre_hooks, post_hooks) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

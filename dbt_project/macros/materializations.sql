{# The project's table and incremental materializations on DuckDB, each one statement in one transaction.

   dbt-duckdb's own build a table under a temporary name, look up indexes and foreign keys, swap names and drop
   the old copy; an incremental run first copies its rows into a temporary table and compares columns. That
   catalog work costs more than many models' SQL, and a daily refresh runs every model. `create or replace
   table` is atomic in DuckDB, and `insert ... by name` fails on a column the stored table lacks, where a
   silent drop would lose it: a changed model needs a full refresh. Configurations these do not support are
   refused by name rather than ignored. #}

{% macro refuse_unsupported_config(materialization) %}
    {% if model['language'] != 'sql' %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": the " ~ materialization ~ " materialization builds SQL models only") }}
    {% endif %}
    {% for key in ['unique_key', 'partitioned_by', 'sorted_by', 'indexes', 'grants'] %}
        {% if config.get(key) %}
            {{ exceptions.raise_compiler_error(model['name'] ~ ": config " ~ key ~ " is not supported by the project's " ~ materialization ~ " materialization") }}
        {% endif %}
    {% endfor %}
    {% if config.get('contract', {}).enforced %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": enforced contracts are not supported by the project's " ~ materialization ~ " materialization") }}
    {% endif %}
    {% if config.get('incremental_strategy') not in (none, 'append') %}
        {{ exceptions.raise_compiler_error(model['name'] ~ ": incremental_strategy must be append (a pre_hook deletes what a run recomputes)") }}
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
        {% else %}
            insert into {{ target_relation }} by name (
                {{ sql }}
            )
        {% endif %}
    {% endset %}
    {{ build_in_one_transaction(existing_relation, build_sql, pre_hooks, post_hooks) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{# The org, family and region of the Hub repo in `hub_id`: the tracked model's own when it is tracked, else its
   namespace's. `hub_model_attribute_joins` brings in the three tables these columns read. #}
{% macro hub_model_attributes(hub_id) -%}
    {{ hub_id }} is not null as is_open_weight,
    tracked.model_id is not null as is_tracked,
    split_part({{ hub_id }}, '/', 1) as org,
    coalesce(tracked.family, families.family, split_part({{ hub_id }}, '/', 1)) as family,
    coalesce(tracked.region, regions.region, 'unknown') as region
{%- endmacro %}

{% macro hub_model_attribute_joins(hub_id) -%}
    left join {{ ref('int_tracked_models') }} as tracked
        on {{ hub_id }} = tracked.model_id
    left join {{ ref('model_families') }} as families
        on split_part({{ hub_id }}, '/', 1) = families.hf_org
    left join {{ ref('stg_atom__organization_regions') }} as regions
        on split_part({{ hub_id }}, '/', 1) = regions.org
{%- endmacro %}

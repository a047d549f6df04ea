{# A model name reduced to lower-case letters and digits, so that "Llama 3.3 70B", "llama-3.3-70b" and
   "Llama-3.3-70B" meet on one key. #}
{% macro name_key(column) -%}
lower(regexp_replace({{ column }}, '[^A-Za-z0-9]', '', 'g'))
{%- endmacro %}

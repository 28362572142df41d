{#- Generic tests the schema uses, so the models need no dbt_utils (`dbt deps` is not always possible). -#}
{% test product_warehouse_at_least(model, column_name, minimum) %}
select {{ column_name }} from {{ model }} where {{ column_name }} < {{ minimum }}
{% endtest %}

{% test product_warehouse_not_before(model, column_name, other_column) %}
select {{ column_name }} from {{ model }} where {{ column_name }} < {{ other_column }}
{% endtest %}

{#- Rows nobody can be attributed to (neither anonymous_id nor user_id): the models leave them out; this test, at
    warn, says how many there are on every build. -#}
{% test product_warehouse_attributable(model) %}
select * from {{ model }} where anonymous_id is null and user_id is null
{% endtest %}

{#- A weight column that must sum to 1 within each group (attribution: per conversion). -#}
{% test product_warehouse_sums_to_one(model, column_name, group_by) %}
select {{ group_by }} from {{ model }} group by {{ group_by }} having abs(sum({{ column_name }}) - 1) > 0.000001
{% endtest %}

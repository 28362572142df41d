{{ config(materialized='view') }}
{#- What identity stitching reads: every event, plus identify calls in self-contained mode. -#}
select session_key, user_id, event_ts, received_at, event_id
from {{ ref('int_product_warehouse__events') }}
{% if product_warehouse_mode() == 'self-contained' %}
union all
select anonymous_id as session_key, user_id, event_ts, received_at, event_id
from {{ ref('stg_product_warehouse__identifies') }}
where anonymous_id is not null
{% endif %}

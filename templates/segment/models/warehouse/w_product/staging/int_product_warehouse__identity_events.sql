{{ config(materialized='view') }}
{#- What identity stitching reads: every delivery, plus identify calls in self-contained mode. Duplicates do not
    matter here: stitching takes the latest sighting, and a duplicate is the same sighting again. -#}
select session_key, user_id, event_ts, received_at, event_id
from {{ ref('int_product_warehouse__deliveries') }}
{% if product_warehouse_mode() == 'self-contained' %}
union all
select anonymous_id as session_key, user_id, event_ts, received_at, event_id
from {{ ref('stg_product_warehouse__identifies') }}
where anonymous_id is not null
{% endif %}

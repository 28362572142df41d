{{ config(materialized='view', enabled=(var('product-warehouse-mode', 'package') == 'self-contained')) }}
{#- Segment identify calls: they tie an anonymous_id to a user_id. Self-contained mode only. -#}
select
    cast(id as {{ dbt.type_string() }}) as event_id,
    cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    cast({{ adapter.quote('timestamp') }} as {{ dbt.type_timestamp() }}) as event_ts,
    cast(received_at as {{ dbt.type_timestamp() }}) as received_at
from {{ product_warehouse_relation('cdp-identifies-table', 'identifies') }}

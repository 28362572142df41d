{{ config(materialized='ephemeral', enabled=(var('product-warehouse-mode', 'self-contained') == 'self-contained')) }}
{#- Segment identify calls: they tie an anonymous_id to a user_id. Self-contained mode only.
    Ephemeral: only stg_product_warehouse__events reads it (dbt inlines it there as a CTE), so no run re-creates a view. -#}
select
    cast(id as {{ dbt.type_string() }}) as event_id,
    cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    {{ product_warehouse_utc(adapter.quote('timestamp')) }} as event_ts,
    {{ product_warehouse_utc('received_at') }} as received_at
from {{ product_warehouse_relation('cdp-identifies-table', 'identifies') }}

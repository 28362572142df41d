{{ config(materialized='ephemeral') }}
{#- Segment track calls, one row per delivery. `event_text` is the name as sent ("Order Completed").
    Ephemeral: only stg_product_warehouse__events reads it (dbt inlines it there as a CTE), so no run re-creates a view. -#}
select
    cast(id as {{ dbt.type_string() }}) as event_id,
    cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    {{ product_warehouse_utc(adapter.quote('timestamp')) }} as event_ts,
    {{ product_warehouse_utc('received_at') }} as received_at,
    cast(coalesce(event_text, event) as {{ dbt.type_string() }}) as event_name,
    cast(context_page_url as {{ dbt.type_string() }}) as event_url,
    cast(context_user_agent as {{ dbt.type_string() }}) as user_agent,
    {{ product_warehouse_segment_session_id() }} as cdp_session_id,
    cast(context_page_referrer as {{ dbt.type_string() }}) as referrer,
    cast(context_campaign_source as {{ dbt.type_string() }}) as utm_source,
    cast(context_campaign_medium as {{ dbt.type_string() }}) as utm_medium,
    cast(context_campaign_name as {{ dbt.type_string() }}) as utm_campaign
from {{ product_warehouse_relation('cdp-tracks-table', 'tracks') }}

{{ config(materialized='ephemeral') }}
{#- Amplitude's export as the canonical events relation the shared models read: one row per upload ($insert_id is
    the event's id, shared by duplicate uploads; uuid is each row's), page views as '[Amplitude] Page Viewed',
    $identify events tying a device_id to a user_id, session_id the session's start in ms (-1: none). The export
    holds no user agent, so device is Unknown. Ephemeral: only the deliveries table reads it. -#}
select
    cast(coalesce({{ adapter.quote('$insert_id') }}, uuid) as {{ dbt.type_string() }}) as event_id,
    case
        when event_type = '[Amplitude] Page Viewed' then 'page'
        when event_type = '$identify' then 'identify'
        else 'track'
    end as event_type,
    cast(case
        when event_type = '[Amplitude] Page Viewed' then 'page_view'
        when event_type = '$identify' then null
        else event_type
    end as {{ dbt.type_string() }}) as event_name,
    {{ product_warehouse_json_text('event_properties', '[Amplitude] Page URL') }} as event_url,
    cast(device_id as {{ dbt.type_string() }}) as anonymous_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    {{ product_warehouse_utc('event_time') }} as event_ts,
    {{ product_warehouse_utc('server_upload_time') }} as received_at,
    {{ product_warehouse_device('cast(null as ' ~ dbt.type_string() ~ ')') }} as device,
    {{ product_warehouse_device_category('cast(null as ' ~ dbt.type_string() ~ ')') }} as device_category,
    {{ product_warehouse_session_id('session_id', '-1') }} as cdp_session_id,
    {{ product_warehouse_json_text('event_properties', 'referrer') }} as referrer,
    {{ product_warehouse_json_text('event_properties', 'utm_source') }} as utm_source,
    {{ product_warehouse_json_text('event_properties', 'utm_medium') }} as utm_medium,
    {{ product_warehouse_json_text('event_properties', 'utm_campaign') }} as utm_campaign
from {{ product_warehouse_relation('cdp-events-table', 'events') }}

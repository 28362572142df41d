{{ config(materialized='ephemeral') }}
{#- PostHog's events export as the canonical events relation the shared models read: one row per delivery (uuid is
    the event's id), $pageview as page views, $screen as screens, $identify tying the device ($anon_distinct_id)
    to the user. distinct_id is the device's id until the user is identified, the user's after: it is the user
    where it differs from the device. Properties are JSON, read through product_warehouse_json_text. Ephemeral:
    only the deliveries table reads it. -#}
with

parsed as (
    select
        uuid, event, {{ adapter.quote('timestamp') }} as event_time, inserted_at, distinct_id,
        coalesce(
            {{ product_warehouse_json_text('properties', '$device_id') }},
            {{ product_warehouse_json_text('properties', '$anon_distinct_id') }}
        ) as device_id,
        {{ product_warehouse_json_text('properties', '$session_id') }} as session_id,
        {{ product_warehouse_json_text('properties', '$current_url') }} as current_url,
        {{ product_warehouse_json_text('properties', '$raw_user_agent') }} as user_agent,
        {{ product_warehouse_json_text('properties', '$referrer') }} as referrer,
        {{ product_warehouse_json_text('properties', 'utm_source') }} as utm_source,
        {{ product_warehouse_json_text('properties', 'utm_medium') }} as utm_medium,
        {{ product_warehouse_json_text('properties', 'utm_campaign') }} as utm_campaign
    from {{ product_warehouse_relation('cdp-events-table', 'events') }}
)

select
    cast(uuid as {{ dbt.type_string() }}) as event_id,
    case
        when event = '$pageview' then 'page'
        when event = '$screen' then 'screen'
        when event = '$identify' then 'identify'
        else 'track'
    end as event_type,
    cast(case
        when event = '$pageview' then 'page_view'
        when event = '$identify' then null
        else event
    end as {{ dbt.type_string() }}) as event_name,
    current_url as event_url,
    device_id as anonymous_id,
    cast(case when device_id is null or distinct_id <> device_id then distinct_id end as {{ dbt.type_string() }}) as user_id,
    {{ product_warehouse_utc('event_time') }} as event_ts,
    {{ product_warehouse_utc('inserted_at') }} as received_at,
    {{ product_warehouse_device('user_agent') }} as device,
    {{ product_warehouse_device_category('user_agent') }} as device_category,
    {{ product_warehouse_session_id('session_id') }} as cdp_session_id,
    referrer, utm_source, utm_medium, utm_campaign
from parsed

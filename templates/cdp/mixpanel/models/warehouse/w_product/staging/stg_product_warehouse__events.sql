{{ config(materialized='ephemeral') }}
{#- Mixpanel's events as Fivetran's connector loads them (the `event` table fivetran/mixpanel reads) as the
    canonical events relation the shared models read: one row per load (insert_id is the event's id), page views as
    $mp_web_page_view, $identify tying the device (distinct_id_before_identity) to the user. distinct_id is the
    device's id until the user is identified, the user's after: it is the user where it differs from the device.
    Received is when Fivetran loaded the row (_fivetran_synced). Mixpanel has no session id (its sessions come from
    inactivity, as here) and the table no user agent, so device is Unknown. Ephemeral: only the deliveries table
    reads it. -#}
with

raw_events as (
    select
        insert_id, name, {{ adapter.quote('time') }} as event_time, _fivetran_synced, distinct_id, current_url, referrer,
        coalesce(device_id, distinct_id_before_identity) as device_id,
        {{ product_warehouse_json_text('properties', 'utm_source') }} as utm_source,
        {{ product_warehouse_json_text('properties', 'utm_medium') }} as utm_medium,
        {{ product_warehouse_json_text('properties', 'utm_campaign') }} as utm_campaign
    from {{ product_warehouse_relation('cdp-events-table', 'event') }}
)

select
    cast(insert_id as {{ dbt.type_string() }}) as event_id,
    case
        when name = '$mp_web_page_view' then 'page'
        when name = '$identify' then 'identify'
        else 'track'
    end as event_type,
    cast(case
        when name = '$mp_web_page_view' then 'page_view'
        when name = '$identify' then null
        else name
    end as {{ dbt.type_string() }}) as event_name,
    cast(current_url as {{ dbt.type_string() }}) as event_url,
    cast(device_id as {{ dbt.type_string() }}) as anonymous_id,
    cast(case when device_id is null or distinct_id <> device_id then distinct_id end as {{ dbt.type_string() }}) as user_id,
    {{ product_warehouse_utc('event_time') }} as event_ts,
    {{ product_warehouse_utc('_fivetran_synced') }} as received_at,
    {{ product_warehouse_device('cast(null as ' ~ dbt.type_string() ~ ')') }} as device,
    {{ product_warehouse_device_category('cast(null as ' ~ dbt.type_string() ~ ')') }} as device_category,
    cast(null as {{ dbt.type_string() }}) as cdp_session_id,
    cast(referrer as {{ dbt.type_string() }}) as referrer,
    cast(utm_source as {{ dbt.type_string() }}) as utm_source,
    cast(utm_medium as {{ dbt.type_string() }}) as utm_medium,
    cast(utm_campaign as {{ dbt.type_string() }}) as utm_campaign
from raw_events

{{ config(materialized='ephemeral') }}
{#- Snowplow's enriched events (atomic.events) as the canonical events relation the shared models read: page views
    and structured and self-describing events, one row per delivery (an event_id loaded twice is a duplicate; the
    shared models keep its first delivery). Page pings, transactions and the rest are left out. Snowplow has no
    identify calls: its trackers set user_id on the events after sign-in, which identity stitching reads.
    derived_tstamp is the device's time corrected for its clock's skew; collector_tstamp is when Snowplow received
    the event. Ephemeral: only the deliveries table reads it. -#}
select
    cast(event_id as {{ dbt.type_string() }}) as event_id,
    case when event = 'page_view' then 'page' else 'track' end as event_type,
    cast(case
        when event = 'page_view' then 'page_view'
        when event = 'struct' then coalesce(se_action, event_name)
        else event_name
    end as {{ dbt.type_string() }}) as event_name,
    cast(page_url as {{ dbt.type_string() }}) as event_url,
    cast(domain_userid as {{ dbt.type_string() }}) as anonymous_id,
    cast(user_id as {{ dbt.type_string() }}) as user_id,
    {{ product_warehouse_utc('derived_tstamp') }} as event_ts,
    {{ product_warehouse_utc('collector_tstamp') }} as received_at,
    {{ product_warehouse_device('useragent') }} as device,
    {{ product_warehouse_device_category('useragent') }} as device_category,
    {{ product_warehouse_session_id('domain_sessionid') }} as cdp_session_id,
    cast(page_referrer as {{ dbt.type_string() }}) as referrer,
    cast(mkt_source as {{ dbt.type_string() }}) as utm_source,
    cast(mkt_medium as {{ dbt.type_string() }}) as utm_medium,
    cast(mkt_campaign as {{ dbt.type_string() }}) as utm_campaign
from {{ product_warehouse_relation('cdp-events-table', 'events') }}
where event in ('page_view', 'struct', 'unstruct')

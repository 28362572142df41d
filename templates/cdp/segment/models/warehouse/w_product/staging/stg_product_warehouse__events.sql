{{ config(materialized='ephemeral') }}
{#- Segment's calls (and RudderStack's: the same layout) as the canonical events relation the shared models read:
    page views and tracks, one row per delivery, and in self-contained mode the identify calls (event_type
    'identify': identity stitching reads them, the facts do not). Ephemeral: only the deliveries table reads it. -#}
with

{% if product_warehouse_mode() == 'self-contained' %}
pages as (
    select
        event_id, 'page' as event_type, 'page_view' as event_name, event_url, anonymous_id, user_id, event_ts, received_at,
        {{ product_warehouse_device('user_agent') }} as device,
        {{ product_warehouse_device_category('user_agent') }} as device_category,
        cdp_session_id, referrer, utm_source, utm_medium, utm_campaign
    from {{ ref('stg_product_warehouse__pages') }}
),
{% else %}
pages as (
    {#- The dbt-labs/segment package's page views: it already derived device and device_category. -#}
    select
        cast(page_view_id as {{ dbt.type_string() }}) as event_id, 'page' as event_type, 'page_view' as event_name,
        cast(page_url as {{ dbt.type_string() }}) as event_url,
        cast(anonymous_id as {{ dbt.type_string() }}) as anonymous_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        {{ product_warehouse_utc('tstamp') }} as event_ts,
        {{ product_warehouse_utc('received_at_tstamp') }} as received_at,
        cast(device as {{ dbt.type_string() }}) as device,
        cast(device_category as {{ dbt.type_string() }}) as device_category,
        cast(null as {{ dbt.type_string() }}) as cdp_session_id,
        cast(referrer as {{ dbt.type_string() }}) as referrer,
        cast(utm_source as {{ dbt.type_string() }}) as utm_source,
        cast(utm_medium as {{ dbt.type_string() }}) as utm_medium,
        cast(utm_campaign as {{ dbt.type_string() }}) as utm_campaign
    from {{ ref(var('cdp-events-model', 'segment_web_page_views')) }}
),
{% endif %}

tracks as (
    select
        event_id, 'track' as event_type, event_name, event_url, anonymous_id, user_id, event_ts, received_at,
        {{ product_warehouse_device('user_agent') }} as device,
        {{ product_warehouse_device_category('user_agent') }} as device_category,
        cdp_session_id, referrer, utm_source, utm_medium, utm_campaign
    from {{ ref('stg_product_warehouse__tracks') }}
)

{% if product_warehouse_mode() == 'self-contained' %}
, identifies as (
    select
        event_id, 'identify' as event_type,
        cast(null as {{ dbt.type_string() }}) as event_name, cast(null as {{ dbt.type_string() }}) as event_url,
        anonymous_id, user_id, event_ts, received_at,
        cast(null as {{ dbt.type_string() }}) as device, cast(null as {{ dbt.type_string() }}) as device_category,
        cast(null as {{ dbt.type_string() }}) as cdp_session_id, cast(null as {{ dbt.type_string() }}) as referrer,
        cast(null as {{ dbt.type_string() }}) as utm_source, cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign
    from {{ ref('stg_product_warehouse__identifies') }}
)
{% endif %}

select * from pages
union all
select * from tracks
{% if product_warehouse_mode() == 'self-contained' %}
union all
select * from identifies
{% endif %}

{{
    config(
        materialized='incremental',
        unique_key=['event_id', 'event_type', 'received_at'],
        incremental_strategy=product_warehouse_incremental_strategy(),
        on_schema_change='fail'
    )
}}
{#- Every delivery of every page view and track event, normalised, with the key it is sessionized by: the
    anonymous_id (one browser or device), or the user_id for server-side events without one. Rows with neither
    cannot be attributed to anybody and are left out. Duplicate deliveries are still here: they are removed by
    product_warehouse_events() after the rows are narrowed to the session keys a run rebuilds (a duplicate has the
    same key as its original), so an incremental run never deduplicates the whole history.
    A table, filled incrementally: the normalising (time zones, device from the user agent) costs more than
    anything downstream, so each raw row pays it once — an incremental run reads the raw rows received since the
    last run (less the lookback) and replaces that window. -#}
{%- set lookback = var('product-warehouse-lookback-seconds', 259200) -%}
with

{% if product_warehouse_mode() == 'self-contained' %}
pages as (
    select
        event_id, 'page' as event_type, 'page_view' as event_name, event_url, anonymous_id, user_id, event_ts, received_at,
        {{ product_warehouse_device('user_agent') }} as device,
        {{ product_warehouse_device_category('user_agent') }} as device_category
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
        cast(device_category as {{ dbt.type_string() }}) as device_category
    from {{ ref(var('cdp-events-model', 'segment_web_page_views')) }}
),
{% endif %}

tracks as (
    select
        event_id, 'track' as event_type, event_name, event_url, anonymous_id, user_id, event_ts, received_at,
        {{ product_warehouse_device('user_agent') }} as device,
        {{ product_warehouse_device_category('user_agent') }} as device_category
    from {{ ref('stg_product_warehouse__tracks') }}
),

deliveries as (
    select * from pages
    union all
    select * from tracks
)

select
    deliveries.*,
    coalesce(anonymous_id, {{ dbt.concat(["'user:'", 'user_id']) }}) as session_key
from deliveries
where event_id is not null
  and (anonymous_id is not null or user_id is not null)
{% if is_incremental() %}
  and received_at > (select {{ dbt.dateadd('second', -1 * lookback, 'max(received_at)') }} from {{ this }})
{% endif %}

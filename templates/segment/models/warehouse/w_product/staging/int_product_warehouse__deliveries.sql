{{
    config(
        materialized='incremental',
        pre_hook="{{ product_warehouse_session_settings() }}",
        unique_key=['event_id', 'event_type', 'received_at'],
        incremental_strategy=product_warehouse_append_strategy(),
        on_schema_change='fail'
    )
}}
{#- Every delivery of every page view and track event (and, in self-contained mode, every identify call with an
    anonymous_id), normalised, with the key it is sessionized by: the anonymous_id (one browser or device), or the
    user_id for server-side events without one. Rows with neither cannot be attributed to anybody and are left out.
    Duplicate deliveries are still here: they are removed by product_warehouse_events() after the rows are narrowed
    to the session keys a run rebuilds (a duplicate has the same key as its original), so an incremental run never
    deduplicates the whole history.
    A table, filled incrementally: the normalising (time zones, device from the user agent) costs more than
    anything downstream, so each raw row pays it once. An incremental run reads the raw rows received since the
    latest one held (less the lookback, for late loads) and inserts those it does not hold yet, stamped with the
    time they were loaded (loaded_at, UTC). Every model downstream rebuilds the keys with rows loaded after the
    latest stamp it holds itself: its work follows what arrived, not the lookback window. -#}
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

{% if product_warehouse_mode() == 'self-contained' %}
identifies as (
    {#- Identify calls tie an anonymous_id to a user_id: identity stitching reads them, the facts do not. -#}
    select
        event_id, 'identify' as event_type,
        cast(null as {{ dbt.type_string() }}) as event_name, cast(null as {{ dbt.type_string() }}) as event_url,
        anonymous_id, user_id, event_ts, received_at,
        cast(null as {{ dbt.type_string() }}) as device, cast(null as {{ dbt.type_string() }}) as device_category
    from {{ ref('stg_product_warehouse__identifies') }}
    where anonymous_id is not null
),
{% endif %}

deliveries as (
    select * from pages
    union all
    select * from tracks
    {% if product_warehouse_mode() == 'self-contained' %}
    union all
    select * from identifies
    {% endif %}
)

select
    deliveries.*,
    coalesce(anonymous_id, {{ dbt.concat(["'user:'", 'user_id']) }}) as session_key,
    {{ product_warehouse_utc(dbt.current_timestamp()) }} as loaded_at
from deliveries
where event_id is not null
  and (anonymous_id is not null or user_id is not null)
{% if is_incremental() %}
  {%- set window_start = '(select ' ~ dbt.dateadd('second', -1 * lookback, 'max(received_at)') ~ ' from ' ~ this ~ ')' %}
  and received_at > {{ window_start }}
  {#- Only the rows it does not hold yet: held rows keep their stamp. Both sides are narrowed to the window, so the
      anti-join never reads the whole history. #}
  and not exists (
    select 1 from {{ this }} as held
    where held.received_at > {{ window_start }}
      and held.event_id = deliveries.event_id
      and held.event_type = deliveries.event_type
      and held.received_at = deliveries.received_at
  )
{% endif %}

{{
    config(
        materialized='incremental',
        pre_hook="{{ product_warehouse_session_settings() }}",
        unique_key=['event_id', 'event_type', 'received_at'],
        incremental_strategy=product_warehouse_append_strategy(),
        on_schema_change='fail'
    )
}}{{ product_warehouse_table_format() }}
{#- Every delivery of every event of the CDP (and every identify call with an anonymous id), normalised by the
    CDP's staging model, with the key it is sessionized by: the anonymous_id (one browser or device), or the
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

deliveries as (
    {#- The CDP's staging (stg_product_warehouse__events): its events onto the canonical columns. -#}
    select
        event_id, event_type, event_name, event_url, anonymous_id, user_id, event_ts, received_at, device,
        device_category, cdp_session_id, referrer, utm_source, utm_medium, utm_campaign
    from {{ ref('stg_product_warehouse__events') }}
)

select
    deliveries.*,
    coalesce(anonymous_id, {{ dbt.concat(["'user:'", 'user_id']) }}) as session_key,
    {{ product_warehouse_utc(dbt.current_timestamp()) }} as loaded_at
from deliveries
where event_id is not null
  and (anonymous_id is not null or user_id is not null)
  {#- An identify call ties an anonymous id to a user id: without the anonymous id it ties nothing. #}
  and (event_type <> 'identify' or anonymous_id is not null)
{% if is_incremental() %}
  {%- set window_start = '(select ' ~ product_warehouse_add_seconds(-1 * lookback, 'max(received_at)') ~ ' from ' ~ this ~ ')' %}
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

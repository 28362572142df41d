{{
    config(
        materialized='incremental',
        pre_hook="{{ product_warehouse_session_settings() }}",
        unique_key='session_key',
        incremental_strategy=product_warehouse_incremental_strategy(),
        product_warehouse_replace_keys=true,
        on_schema_change='fail'
    )
}}{{ product_warehouse_table_format() }}
/* depends_on: {{ ref('int_product_warehouse__identity_events') }}, {{ ref('int_product_warehouse__deliveries') }} */
{#- The incremental filter (product_warehouse_affected_keys) reads this model only when is_incremental(), which
    dbt cannot see while parsing: hence the hint above. -#}
{#- Grain: one row per session. A session is one session key's (one browser or device's) events that share the
    CDP's own session id, where the CDP has one (product-warehouse-sessions: native); otherwise a run of the key's
    events with no gap longer than the inactivity timeout, measured in whole seconds with dbt.datediff. Incremental runs rebuild
    every session of the affected keys (see product_warehouse_affected_keys), so late events land where they belong. -#}
{%- set timeout = product_warehouse_timeout_s() -%}
with

events as (
    {% if is_incremental() %}
    {{ product_warehouse_events(product_warehouse_affected_keys('max_loaded_at')) }}
    {% else %}
    {{ product_warehouse_events() }}
    {% endif %}
),

{% if product_warehouse_mode() == 'self-contained' %}
ordered as (
    select
        session_key, cdp_session_id, event_id, event_ts, received_at, loaded_at, device, device_category,
        referrer, utm_source, utm_medium, utm_campaign,
        lag(event_ts) over (partition by session_key, cdp_session_id order by event_ts, event_id) as previous_ts
    from events
),

numbered as (
    {#- A CDP session id holds one session, however long its gaps; events without one start a new session after
        more than the timeout without events. -#}
    select
        ordered.*,
        sum(case when previous_ts is null or (cdp_session_id is null and {{ dbt.datediff('previous_ts', 'event_ts', 'second') }} > {{ timeout }}) then 1 else 0 end)
            over (partition by session_key, cdp_session_id order by event_ts, event_id rows between unbounded preceding and current row) as session_index
    from ordered
),

marked as (
    {#- The window is spelled out each time: Snowflake and Redshift have no WINDOW clause. -#}
    {%- set session_events = 'partition by session_key, cdp_session_id, session_index order by event_ts, event_id rows between unbounded preceding and unbounded following' %}
    select
        numbered.*,
        first_value(event_id) over ({{ session_events }}) as first_event_id,
        first_value(device) over ({{ session_events }}) as first_device,
        first_value(device_category) over ({{ session_events }}) as first_device_category,
        {%- for column in ['referrer', 'utm_source', 'utm_medium', 'utm_campaign'] %}
        first_value({{ column }}) over ({{ session_events }}) as first_{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from numbered
),

sessions as (
    select
        {{ dbt.hash(dbt.concat(['session_key', "'|'", 'first_event_id'])) }} as product_session_pk,
        session_key,
        cdp_session_id,
        first_device as device,
        first_device_category as device_category,
        first_referrer as referrer,
        first_utm_source as utm_source,
        first_utm_medium as utm_medium,
        first_utm_campaign as utm_campaign,
        min(event_ts) as starting_ts,
        max(event_ts) as ending_ts,
        max(received_at) as max_received_at,
        max(loaded_at) as max_loaded_at
    from marked
    group by
        session_key, cdp_session_id, session_index, first_event_id, first_device, first_device_category, first_referrer,
        first_utm_source, first_utm_medium, first_utm_campaign
),
{% else %}
received as (
    select session_key, max(received_at) as max_received_at, max(loaded_at) as max_loaded_at
    from events
    group by session_key
),

sessions as (
    {#- The dbt-labs/segment package sessionized page views per anonymous_id already. -#}
    select
        {{ dbt.hash('cast(package_sessions.session_id as ' ~ dbt.type_string() ~ ')') }} as product_session_pk,
        cast(package_sessions.anonymous_id as {{ dbt.type_string() }}) as session_key,
        cast(null as {{ dbt.type_string() }}) as cdp_session_id,
        cast(package_sessions.referrer as {{ dbt.type_string() }}) as referrer,
        cast(package_sessions.utm_source as {{ dbt.type_string() }}) as utm_source,
        cast(package_sessions.utm_medium as {{ dbt.type_string() }}) as utm_medium,
        cast(package_sessions.utm_campaign as {{ dbt.type_string() }}) as utm_campaign,
        cast(package_sessions.device as {{ dbt.type_string() }}) as device,
        cast(package_sessions.device_category as {{ dbt.type_string() }}) as device_category,
        {{ product_warehouse_utc('package_sessions.session_start_tstamp') }} as starting_ts,
        {{ product_warehouse_utc('package_sessions.session_end_tstamp') }} as ending_ts,
        received.max_received_at,
        received.max_loaded_at
    from {{ ref(var('cdp-sessions-model', 'segment_web_sessions')) }} as package_sessions
    inner join received on received.session_key = cast(package_sessions.anonymous_id as {{ dbt.type_string() }})
),
{% endif %}

identity as (
    select session_key, product_user_pk from {{ ref('int_product_warehouse__identity') }}
)

select
    sessions.product_session_pk,
    identity.product_user_pk as product_user_fk,
    sessions.device,
    sessions.device_category,
    sessions.starting_ts,
    sessions.ending_ts,
    {{ dbt.datediff('sessions.starting_ts', 'sessions.ending_ts', 'second') }} as duration_s,
    row_number() over (
        partition by identity.product_user_pk
        order by sessions.starting_ts, sessions.product_session_pk
    ) as sequence,
    sessions.session_key,
    sessions.cdp_session_id,
    sessions.referrer,
    sessions.utm_source,
    sessions.utm_medium,
    sessions.utm_campaign,
    sessions.max_received_at,
    sessions.max_loaded_at
from sessions
inner join identity on identity.session_key = sessions.session_key

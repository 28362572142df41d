{{
    config(
        materialized='incremental',
        pre_hook="{{ product_warehouse_session_settings() }}",
        unique_key='session_key',
        incremental_strategy=product_warehouse_incremental_strategy(),
        on_schema_change='fail'
    )
}}
/* depends_on: {{ ref('int_product_warehouse__identity_events') }}, {{ ref('int_product_warehouse__deliveries') }} */
{#- The incremental filter (product_warehouse_affected_keys) reads this model only when is_incremental(), which
    dbt cannot see while parsing: hence the hint above. -#}
{#- Grain: one row per session. A session is a run of one session key's events (one browser or device) with no
    gap longer than the inactivity timeout, measured in whole seconds with dbt.datediff. Incremental runs rebuild
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
        session_key, event_id, event_ts, received_at, loaded_at, device, device_category,
        lag(event_ts) over (partition by session_key order by event_ts, event_id) as previous_ts
    from events
),

numbered as (
    select
        ordered.*,
        sum(case when previous_ts is null or {{ dbt.datediff('previous_ts', 'event_ts', 'second') }} > {{ timeout }} then 1 else 0 end)
            over (partition by session_key order by event_ts, event_id rows between unbounded preceding and current row) as session_index
    from ordered
),

firsts as (
    select session_key, session_index, event_id as first_event_id, device, device_category
    from (
        select
            numbered.*,
            row_number() over (partition by session_key, session_index order by event_ts, event_id) as position
        from numbered
    ) as ranked
    where position = 1
),

spans as (
    select
        session_key, session_index,
        min(event_ts) as starting_ts,
        max(event_ts) as ending_ts,
        max(received_at) as max_received_at,
        max(loaded_at) as max_loaded_at
    from numbered
    group by session_key, session_index
),

sessions as (
    select
        {{ dbt.hash(dbt.concat(['spans.session_key', "'|'", 'firsts.first_event_id'])) }} as product_session_pk,
        spans.session_key, firsts.device, firsts.device_category, spans.starting_ts, spans.ending_ts, spans.max_received_at,
        spans.max_loaded_at
    from spans
    inner join firsts
        on firsts.session_key = spans.session_key
        and firsts.session_index = spans.session_index
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
    sessions.max_received_at,
    sessions.max_loaded_at
from sessions
inner join identity on identity.session_key = sessions.session_key

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
{#- Grain: one row per event (page views and tracks), each delivered id once. An event with a CDP session id
    belongs to its key's session of that id; one without, to the latest session of its key without one that started
    at or before it and had not been inactive longer than the timeout. -#}
{%- set timeout = product_warehouse_timeout_s() -%}
with

events as (
    {% if is_incremental() %}
    {{ product_warehouse_events(product_warehouse_affected_keys('loaded_at')) }}
    {% else %}
    {{ product_warehouse_events() }}
    {% endif %}
),

sessions as (
    select product_session_pk, session_key, cdp_session_id, starting_ts, ending_ts
    from {{ ref('wh_product_sessions_fact') }}
    where session_key in (select session_key from events)
),

matched as (
    select
        events.*,
        sessions.product_session_pk,
        row_number() over (partition by events.event_id order by sessions.starting_ts desc) as match_rank
    from events
    left join sessions
        on sessions.session_key = events.session_key
        and (
            (events.cdp_session_id is not null and sessions.cdp_session_id = events.cdp_session_id)
            or (
                events.cdp_session_id is null and sessions.cdp_session_id is null
                and sessions.starting_ts <= events.event_ts
                and events.event_ts <= {{ product_warehouse_add_seconds(timeout, 'sessions.ending_ts') }}
            )
        )
),

identity as (
    select session_key, product_user_pk from {{ ref('int_product_warehouse__identity') }}
)

select
    {{ dbt.hash('matched.event_id') }} as product_event_pk,
    matched.product_session_pk as product_session_fk,
    identity.product_user_pk as product_user_fk,
    matched.event_id as segment_event_id,
    matched.event_ts,
    matched.event_name,
    matched.event_url,
    matched.event_type,
    matched.device,
    matched.device_category,
    matched.session_key,
    matched.received_at,
    matched.loaded_at
from matched
inner join identity on identity.session_key = matched.session_key
where matched.match_rank = 1

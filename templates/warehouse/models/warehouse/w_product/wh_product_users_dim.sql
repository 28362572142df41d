{{
    config(
        materialized='incremental',
        pre_hook="{{ product_warehouse_session_settings() }}",
        unique_key='product_user_pk',
        incremental_strategy=product_warehouse_incremental_strategy(),
        product_warehouse_replace_keys=true,
        on_schema_change='fail',
        post_hook="{{ product_warehouse_drop_departed_users() }}"
    )
}}{{ product_warehouse_table_format() }}
{#- Grain: one row per stitched user (a user_id, or an anonymous visitor who never identified). An incremental
    run recomputes only the users whose keys had rows loaded after the latest stamp this model holds and the
    users those keys belonged to before; a user left without events (merged into another) comes as a row without
    events, which replaces the old one and which the post-hook removes. -#}
with

{% if is_incremental() %}
touched as (
    select product_user_pk, previous_product_user_pk
    from {{ ref('int_product_warehouse__identity') }}
    where max_loaded_at > (select max(max_loaded_at) from {{ this }})
),

affected as (
    select product_user_pk from touched
    union
    select previous_product_user_pk from touched where previous_product_user_pk is not null
),
{% endif %}

users as (
    select product_user_pk, blended_user_id, max(max_received_at) as max_received_at, max(max_loaded_at) as max_loaded_at
    from {{ ref('int_product_warehouse__identity') }}
    {% if is_incremental() %}where product_user_pk in (select product_user_pk from affected){% endif %}
    group by product_user_pk, blended_user_id
),

{% if is_incremental() %}
batch as (
    select affected.product_user_pk, users.blended_user_id, users.max_received_at, users.max_loaded_at
    from affected
    left join users on users.product_user_pk = affected.product_user_pk
),

{#- The affected users' events and sessions, each fact read once: the statistics below read these three and two
    times, and filtering the whole fact each time (an IN per reference) cost PostgreSQL more than a full build. #}
affected_events as (
    select events.product_user_fk, events.event_ts, events.segment_event_id, events.device, events.device_category
    from {{ ref('wh_product_events_fact') }} as events
    inner join affected on affected.product_user_pk = events.product_user_fk
),

affected_sessions as (
    select sessions.product_user_fk, sessions.duration_s, sessions.starting_ts, sessions.product_session_pk,
        sessions.device, sessions.device_category
    from {{ ref('wh_product_sessions_fact') }} as sessions
    inner join affected on affected.product_user_pk = sessions.product_user_fk
),
{% endif %}
{%- set events_of_users = 'affected_events' if is_incremental() else ref('wh_product_events_fact') %}
{%- set sessions_of_users = 'affected_sessions' if is_incremental() else ref('wh_product_sessions_fact') %}

event_stats as (
    select
        product_user_fk,
        count(*) as total_events,
        min(event_ts) as first_seen_ts,
        max(event_ts) as last_seen_ts
    from {{ events_of_users }}
    group by product_user_fk
),

session_stats as (
    select
        product_user_fk,
        count(*) as total_sessions,
        sum(duration_s) as usage_time_s
    from {{ sessions_of_users }}
    group by product_user_fk
),

latest_session as (
    select product_user_fk, device, device_category
    from (
        select
            product_user_fk, device, device_category,
            row_number() over (partition by product_user_fk order by starting_ts desc, product_session_pk desc) as recency
        from {{ sessions_of_users }}
    ) as ranked
    where recency = 1
),

latest_event as (
    {#- Only for users without a session (package mode: tracks outside the package's sessions): ranking every
        event of every user would cost a window over the whole events fact on each run. -#}
    select product_user_fk, device, device_category
    from (
        select
            events.product_user_fk, events.device, events.device_category,
            row_number() over (partition by events.product_user_fk order by events.event_ts desc, events.segment_event_id desc) as recency
        from {{ events_of_users }} as events
        {# An anti-join, not NOT IN: PostgreSQL turns NOT IN over a large subquery into a rescan per row. #}
        left join session_stats on session_stats.product_user_fk = events.product_user_fk
        where session_stats.product_user_fk is null
    ) as ranked
    where recency = 1
)

{%- set users = 'batch' if is_incremental() else 'users' %}
select
    {{ users }}.product_user_pk,
    {{ users }}.blended_user_id as segment_blended_user_id,
    coalesce(latest_session.device, latest_event.device) as latest_device,
    coalesce(latest_session.device_category, latest_event.device_category) as latest_device_category,
    event_stats.first_seen_ts,
    event_stats.last_seen_ts,
    coalesce(session_stats.total_sessions, 0) as total_sessions,
    coalesce(session_stats.usage_time_s, 0) as usage_time_s,
    event_stats.total_events,
    {{ users }}.max_received_at,
    {{ users }}.max_loaded_at
from {{ users }}
{% if is_incremental() %}left{% else %}inner{% endif %} join event_stats on event_stats.product_user_fk = {{ users }}.product_user_pk
left join session_stats on session_stats.product_user_fk = {{ users }}.product_user_pk
left join latest_session on latest_session.product_user_fk = {{ users }}.product_user_pk
left join latest_event on latest_event.product_user_fk = {{ users }}.product_user_pk

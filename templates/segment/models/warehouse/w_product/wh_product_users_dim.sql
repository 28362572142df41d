{{ config(materialized='table') }}
{#- Grain: one row per stitched user (a user_id, or an anonymous visitor who never identified). Rebuilt from
    the two facts on every run: it is small next to them. -#}
with

users as (
    select distinct product_user_pk, blended_user_id from {{ ref('int_product_warehouse__identity') }}
),

event_stats as (
    select
        product_user_fk,
        count(*) as total_events,
        min(event_ts) as first_seen_ts,
        max(event_ts) as last_seen_ts
    from {{ ref('wh_product_events_fact') }}
    group by product_user_fk
),

session_stats as (
    select
        product_user_fk,
        count(*) as total_sessions,
        sum(duration_s) as usage_time_s
    from {{ ref('wh_product_sessions_fact') }}
    group by product_user_fk
),

latest_session as (
    select product_user_fk, device, device_category
    from (
        select
            product_user_fk, device, device_category,
            row_number() over (partition by product_user_fk order by starting_ts desc, product_session_pk desc) as recency
        from {{ ref('wh_product_sessions_fact') }}
    ) as ranked
    where recency = 1
),

latest_event as (
    {#- Only for users without a session (package mode: tracks outside the package's sessions): ranking every
        event of every user would cost a window over the whole events fact on each run. -#}
    select product_user_fk, device, device_category
    from (
        select
            product_user_fk, device, device_category,
            row_number() over (partition by product_user_fk order by event_ts desc, segment_event_id desc) as recency
        from {{ ref('wh_product_events_fact') }}
        where product_user_fk not in (select product_user_fk from session_stats)
    ) as ranked
    where recency = 1
)

select
    users.product_user_pk,
    users.blended_user_id as segment_blended_user_id,
    coalesce(latest_session.device, latest_event.device) as latest_device,
    coalesce(latest_session.device_category, latest_event.device_category) as latest_device_category,
    event_stats.first_seen_ts,
    event_stats.last_seen_ts,
    coalesce(session_stats.total_sessions, 0) as total_sessions,
    coalesce(session_stats.usage_time_s, 0) as usage_time_s,
    event_stats.total_events
from users
inner join event_stats on event_stats.product_user_fk = users.product_user_pk
left join session_stats on session_stats.product_user_fk = users.product_user_pk
left join latest_session on latest_session.product_user_fk = users.product_user_pk
left join latest_event on latest_event.product_user_fk = users.product_user_pk

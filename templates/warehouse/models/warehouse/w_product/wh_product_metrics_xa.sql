{{
    config(
        materialized='incremental',
        pre_hook="{{ product_warehouse_session_settings() }}",
        unique_key='date_day',
        incremental_strategy=product_warehouse_incremental_strategy(),
        on_schema_change='fail'
    )
}}
/* depends_on: {{ ref('int_product_warehouse__identity_events') }}, {{ ref('int_product_warehouse__identity') }} */
{#- The incremental filter (product_warehouse_affected_keys) reads these models only when is_incremental(), which
    dbt cannot see while parsing: hence the hint above. -#}
{#- Grain: one row per UTC day from the first to the last event day, days without events included. Active means at
    least one event that day; WAU counts the users active on days d-6..d, MAU on d-29..d (Amplitude's and
    Mixpanel's rolling windows). New users are first seen that day; returning users are the other active users.
    Sessions and their average duration are those starting that day.
    Incremental: a run rebuilds the days that can change — the days of the events of the session keys it rebuilt
    (their users may have changed: a visitor who signs in merges two users), the 29 days after each (the rolling
    windows), and days outside the range held (new first or last days, and the empty days in between). -#}
with

events as (
    select product_user_fk, session_key, {{ product_warehouse_day('event_ts') }} as date_day
    from {{ ref('wh_product_events_fact') }}
),

bounds as (
    select min(date_day) as first_day, max(date_day) as last_day from events
),

digits as (
    select 0 as n union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),

spine as (
    {#- Up to 10,000 days (27 years) from the first event day. -#}
    select {{ product_warehouse_day(dbt.dateadd('day', 'ones.n + 10 * tens.n + 100 * hundreds.n + 1000 * thousands.n', 'bounds.first_day')) }} as date_day
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join bounds
    where ones.n + 10 * tens.n + 100 * hundreds.n + 1000 * thousands.n <= {{ dbt.datediff('bounds.first_day', 'bounds.last_day', 'day') }}
),

{% if is_incremental() %}
affected as (
    select distinct date_day
    from events
    where session_key in ({{ product_warehouse_affected_keys('max_loaded_at') }})
),

held as (
    select min(date_day) as first_held, max(date_day) as last_held from {{ this }}
),

days as (
    select spine.date_day
    from spine
    cross join held
    where spine.date_day < held.first_held
       or spine.date_day > held.last_held
       or exists (
           select 1 from affected
           where affected.date_day <= spine.date_day
             and spine.date_day <= {{ product_warehouse_day(dbt.dateadd('day', 29, 'affected.date_day')) }}
       )
),
{% else %}
days as (
    select date_day from spine
),
{% endif %}

user_days as (
    select distinct date_day, product_user_fk
    from events
    where date_day >= (select {{ product_warehouse_day(dbt.dateadd('day', -29, 'min(date_day)')) }} from days)
),

active as (
    select
        days.date_day,
        count(distinct case when user_days.date_day = days.date_day then user_days.product_user_fk end) as dau,
        count(distinct case when user_days.date_day >= {{ product_warehouse_day(dbt.dateadd('day', -6, 'days.date_day')) }} then user_days.product_user_fk end) as wau,
        count(distinct user_days.product_user_fk) as mau
    from days
    left join user_days
        on user_days.date_day <= days.date_day
        and user_days.date_day >= {{ product_warehouse_day(dbt.dateadd('day', -29, 'days.date_day')) }}
    group by days.date_day
),

new_users as (
    select {{ product_warehouse_day('first_seen_ts') }} as date_day, count(*) as new_users
    from {{ ref('wh_product_users_dim') }}
    group by {{ product_warehouse_day('first_seen_ts') }}
),

session_days as (
    select
        {{ product_warehouse_day('starting_ts') }} as date_day,
        count(*) as sessions,
        cast(sum(duration_s) as {{ product_warehouse_type_double() }}) / count(*) as avg_session_duration_s
    from {{ ref('wh_product_sessions_fact') }}
    group by {{ product_warehouse_day('starting_ts') }}
),

event_days as (
    select date_day, count(*) as events from events group by date_day
)

select
    active.date_day,
    active.dau,
    active.wau,
    active.mau,
    case when active.mau > 0 then cast(active.dau as {{ product_warehouse_type_double() }}) / active.mau end as stickiness,
    coalesce(new_users.new_users, 0) as new_users,
    active.dau - coalesce(new_users.new_users, 0) as returning_users,
    coalesce(session_days.sessions, 0) as sessions,
    session_days.avg_session_duration_s,
    coalesce(event_days.events, 0) as events,
    (select max(loaded_at) from {{ ref('int_product_warehouse__identity_events') }}) as max_loaded_at
from active
left join new_users on new_users.date_day = active.date_day
left join session_days on session_days.date_day = active.date_day
left join event_days on event_days.date_day = active.date_day

{{ config(materialized='table', pre_hook="{{ product_warehouse_join_settings() }}") }}
{#- Grain: one row per UTC day from the first to the last event day, days without events included. Active means at
    least one event that day; WAU counts the users active on days d-6..d, MAU on d-29..d (Amplitude's and
    Mixpanel's rolling windows). New users are first seen that day; returning users are the other active users.
    Sessions and their average duration are those starting that day.
    Rebuilt whole on every run, in one pass over the user-days: incremental by day cost more than a rebuild
    (README, "The analytics models"), since the rolling windows' running sums read every user-day anyway. -#}
with

events as (
    select product_user_fk, {{ product_warehouse_day('event_ts') }} as date_day
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

user_days as (
    select product_user_fk, date_day, count(*) as events
    from events
    group by product_user_fk, date_day
),

coverage as (
    {#- WAU and MAU without a 7- or 30-fold join: a user active on day d is in the WAU of d..d+6. Of that span, the
        days not already covered by the user's previous active day p (which covers p..p+6) start at
        max(d, p + 7): the user enters the WAU there and leaves it on d + 7. So WAU(x) = the entries up to x minus
        the active days up to x - 7; MAU the same with 30. One pass over the user-days, whatever the windows. -#}
    select
        date_day,
        case
            when previous_day is null or previous_day < {{ product_warehouse_day(dbt.dateadd('day', -6, 'date_day')) }} then date_day
            else {{ product_warehouse_day(dbt.dateadd('day', 7, 'previous_day')) }}
        end as enters_wau,
        case
            when previous_day is null or previous_day < {{ product_warehouse_day(dbt.dateadd('day', -29, 'date_day')) }} then date_day
            else {{ product_warehouse_day(dbt.dateadd('day', 30, 'previous_day')) }}
        end as enters_mau
    from (
        select date_day, lag(date_day) over (partition by product_user_fk order by date_day) as previous_day
        from user_days
    ) as ordered
),

day_activity as (
    select date_day, count(*) as dau, sum(events) as events from user_days group by date_day
),

entries as (
    select enters_wau as date_day, count(*) as wau_in, 0 as mau_in from coverage group by enters_wau
    union all
    select enters_mau as date_day, 0 as wau_in, count(*) as mau_in from coverage group by enters_mau
),

active as (
    {#- Over the whole spine: the running sums start at the first day. -#}
    select
        spine.date_day,
        coalesce(today.dau, 0) as dau,
        cast(coalesce(today.events, 0) as {{ dbt.type_bigint() }}) as events,
        cast(sum(coalesce(entered.wau_in, 0) - coalesce(week_ago.dau, 0)) over (order by spine.date_day rows between unbounded preceding and current row) as {{ dbt.type_bigint() }}) as wau,
        cast(sum(coalesce(entered.mau_in, 0) - coalesce(month_ago.dau, 0)) over (order by spine.date_day rows between unbounded preceding and current row) as {{ dbt.type_bigint() }}) as mau
    from spine
    left join day_activity as today on today.date_day = spine.date_day
    left join (
        select date_day, sum(wau_in) as wau_in, sum(mau_in) as mau_in from entries group by date_day
    ) as entered on entered.date_day = spine.date_day
    left join day_activity as week_ago on week_ago.date_day = {{ product_warehouse_day(dbt.dateadd('day', -7, 'spine.date_day')) }}
    left join day_activity as month_ago on month_ago.date_day = {{ product_warehouse_day(dbt.dateadd('day', -30, 'spine.date_day')) }}
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
    active.events,
    (select max(loaded_at) from {{ ref('int_product_warehouse__identity_events') }}) as max_loaded_at
from active
left join new_users on new_users.date_day = active.date_day
left join session_days on session_days.date_day = active.date_day

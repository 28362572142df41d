{{
    config(
        materialized='incremental',
        pre_hook="{{ product_warehouse_session_settings() }}",
        unique_key='cohort_day',
        incremental_strategy=product_warehouse_incremental_strategy(),
        post_hook="{{ product_warehouse_drop_emptied_cohorts() }}",
        on_schema_change='fail'
    )
}}
/* depends_on: {{ ref('int_product_warehouse__identity_events') }}, {{ ref('int_product_warehouse__identity') }} */
{#- The incremental filter (product_warehouse_affected_keys) reads these models only when is_incremental(), which
    dbt cannot see while parsing: hence the hint above. -#}
{#- Grain: one row per cohort (users first seen on one UTC day) and day number, 0 to product-warehouse-retention-days
    and no later than the last event day (as_of_day). Retained: active on exactly cohort day + n (Amplitude's and
    Mixpanel's "on day N"); or after: active on that day or any later one (Amplitude's "unbounded").
    Incremental: a run rebuilds the cohorts that can change — the days of the events of the session keys it rebuilt
    (a user's first day is one of their event days, before and after a merge), new cohorts, and, when the last
    event day moved, the cohorts young enough to gain day numbers. -#}
{%- set retention_days = var('product-warehouse-retention-days', 30) -%}
with

users as (
    select
        product_user_pk,
        {{ product_warehouse_day('first_seen_ts') }} as cohort_day,
        {{ product_warehouse_day('last_seen_ts') }} as last_day
    from {{ ref('wh_product_users_dim') }}
),

as_of as (
    select max(last_day) as as_of_day from users
),

{% if is_incremental() %}
affected as (
    select distinct {{ product_warehouse_day('event_ts') }} as cohort_day
    from {{ ref('wh_product_events_fact') }}
    where session_key in ({{ product_warehouse_affected_keys('max_loaded_at') }})
),

held as (
    select max(cohort_day) as last_cohort, max(as_of_day) as as_of_held from {{ this }}
),

cohort_days as (
    select distinct users.cohort_day
    from users
    cross join held
    cross join as_of
    where users.cohort_day in (select cohort_day from affected)
       or users.cohort_day > held.last_cohort
       or (
           as_of.as_of_day > held.as_of_held
           and users.cohort_day >= {{ product_warehouse_day(dbt.dateadd('day', -1 * retention_days, 'held.as_of_held')) }}
       )
),

cohort_users as (
    select users.* from users where users.cohort_day in (select cohort_day from cohort_days)
),

emptied as (
    {#- A cohort whose users all moved (a visitor who signed in joins an older user's cohort) has no user left: a
        row with day number -1 replaces its rows through the unique key, and the post-hook deletes it. -#}
    select cohort_day from affected where cohort_day not in (select cohort_day from users)
),
{% else %}
cohort_users as (
    select * from users
),
{% endif %}

digits as (
    select 0 as n union all select 1 union all select 2 union all select 3 union all select 4
    union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
),

day_numbers as (
    select ones.n + 10 * tens.n + 100 * hundreds.n as day_number
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    where ones.n + 10 * tens.n + 100 * hundreds.n <= {{ retention_days }}
),

grid as (
    select
        cohort_users.product_user_pk,
        cohort_users.cohort_day,
        cohort_users.last_day,
        day_numbers.day_number,
        {{ product_warehouse_day(dbt.dateadd('day', 'day_numbers.day_number', 'cohort_users.cohort_day')) }} as retention_day
    from cohort_users
    cross join day_numbers
    cross join as_of
    where {{ product_warehouse_day(dbt.dateadd('day', 'day_numbers.day_number', 'cohort_users.cohort_day')) }} <= as_of.as_of_day
),

active_days as (
    select distinct events.product_user_fk, {{ product_warehouse_day('events.event_ts') }} as date_day
    from {{ ref('wh_product_events_fact') }} as events
    where events.product_user_fk in (select product_user_pk from cohort_users)
)

select
    grid.cohort_day,
    grid.day_number,
    count(distinct grid.product_user_pk) as cohort_size,
    count(distinct active_days.product_user_fk) as retained_users,
    count(distinct case when grid.last_day >= grid.retention_day then grid.product_user_pk end) as retained_users_or_after,
    max(as_of.as_of_day) as as_of_day,
    (select max(loaded_at) from {{ ref('int_product_warehouse__identity_events') }}) as max_loaded_at
from grid
cross join as_of
left join active_days
    on active_days.product_user_fk = grid.product_user_pk
    and active_days.date_day = grid.retention_day
group by grid.cohort_day, grid.day_number
{% if is_incremental() %}
union all
select
    emptied.cohort_day, -1 as day_number, 0 as cohort_size, 0 as retained_users, 0 as retained_users_or_after,
    as_of.as_of_day,
    (select max(loaded_at) from {{ ref('int_product_warehouse__identity_events') }}) as max_loaded_at
from emptied
cross join as_of
{% endif %}

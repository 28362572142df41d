{{ config(materialized='table', pre_hook="{{ product_warehouse_join_settings() }}") }}
{#- Grain: one row per cohort (users first seen on one UTC day) and day number, 0 to product-warehouse-retention-days
    and no later than the last event day (as_of_day). Retained: active on exactly cohort day + n (Amplitude's and
    Mixpanel's "on day N"); or after: active on that day or any later one (Amplitude's "unbounded").
    Rebuilt whole on every run, in one pass over the users and their active days: incremental by cohort cost more
    than a rebuild (README, "The analytics models"). -#}
{%- set retention_days = var('product-warehouse-retention-days', 30) -%}
with

cohort_users as (
    select
        product_user_pk,
        {{ product_warehouse_day('first_seen_ts') }} as cohort_day,
        {{ product_warehouse_day('last_seen_ts') }} as last_day
    from {{ ref('wh_product_users_dim') }}
),

as_of as (
    select max(last_day) as as_of_day from cohort_users
),

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

active_days as (
    select distinct events.product_user_fk, {{ product_warehouse_day('events.event_ts') }} as date_day
    from {{ ref('wh_product_events_fact') }} as events
),

retained as (
    {#- Users active on each day after their cohort day: one pass over the cohorts' user-days. -#}
    select
        cohort_users.cohort_day,
        {{ dbt.datediff('cohort_users.cohort_day', 'active_days.date_day', 'day') }} as day_number,
        count(*) as retained_users
    from cohort_users
    inner join active_days on active_days.product_user_fk = cohort_users.product_user_pk
    group by cohort_users.cohort_day, {{ dbt.datediff('cohort_users.cohort_day', 'active_days.date_day', 'day') }}
),

last_days as (
    {#- How many of a cohort's users were last seen n days after the cohort day: "on or after day n" sums n and up. -#}
    select cohort_day, {{ dbt.datediff('cohort_day', 'last_day', 'day') }} as last_day_number, count(*) as users
    from cohort_users
    group by cohort_day, {{ dbt.datediff('cohort_day', 'last_day', 'day') }}
),

grid as (
    select cohorts.cohort_day, cohorts.cohort_size, day_numbers.day_number
    from (select cohort_day, count(*) as cohort_size from cohort_users group by cohort_day) as cohorts
    cross join day_numbers
    cross join as_of
    where {{ product_warehouse_day(dbt.dateadd('day', 'day_numbers.day_number', 'cohorts.cohort_day')) }} <= as_of.as_of_day
)

select
    grid.cohort_day,
    grid.day_number,
    grid.cohort_size,
    coalesce(max(retained.retained_users), 0) as retained_users,
    cast(coalesce(sum(last_days.users), 0) as {{ dbt.type_bigint() }}) as retained_users_or_after,
    max(as_of.as_of_day) as as_of_day,
    (select max(loaded_at) from {{ ref('int_product_warehouse__identity_events') }}) as max_loaded_at
from grid
cross join as_of
left join retained
    on retained.cohort_day = grid.cohort_day
    and retained.day_number = grid.day_number
left join last_days
    on last_days.cohort_day = grid.cohort_day
    and last_days.last_day_number >= grid.day_number
group by grid.cohort_day, grid.day_number, grid.cohort_size

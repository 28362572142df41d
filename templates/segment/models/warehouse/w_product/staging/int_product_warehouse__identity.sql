{{ config(materialized='table') }}
{#- One stitched identity per session key: the last user_id it was seen with (by event time), else the
    anonymous_id itself. Users, events and sessions all take their user from here, so pre-login events keep
    their session and an anonymous visitor who signs in is one user, not two. -#}
with

keys as (
    select distinct session_key from {{ ref('int_product_warehouse__identity_events') }}
),

known as (
    select session_key, user_id
    from (
        select
            session_key, user_id,
            row_number() over (
                partition by session_key
                order by event_ts desc, received_at desc, event_id desc
            ) as recency
        from {{ ref('int_product_warehouse__identity_events') }}
        where user_id is not null
    ) as ranked
    where recency = 1
)

select
    keys.session_key,
    coalesce(known.user_id, keys.session_key) as blended_user_id,
    {{ dbt.hash('coalesce(known.user_id, keys.session_key)') }} as product_user_pk
from keys
left join known on known.session_key = keys.session_key

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
{#- One stitched identity per session key: the last user_id it was seen with (by event time), else the
    anonymous_id itself. Users, events and sessions all take their user from here, so pre-login events keep
    their session and an anonymous visitor who signs in is one user, not two. A key's identity depends only on
    its own rows, so an incremental run recomputes just the keys with rows loaded since the latest it holds. -#}
with

sightings as (
    select * from {{ ref('int_product_warehouse__identity_events') }}
    {% if is_incremental() %}
    where session_key in (
        select session_key from {{ ref('int_product_warehouse__identity_events') }}
        where loaded_at > (select max(max_loaded_at) from {{ this }})
    )
    {% endif %}
),

keys as (
    select session_key, max(received_at) as max_received_at, max(loaded_at) as max_loaded_at
    from sightings
    group by session_key
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
        from sightings
        where user_id is not null
    ) as ranked
    where recency = 1
)

select
    keys.session_key,
    coalesce(known.user_id, keys.session_key) as blended_user_id,
    {{ dbt.hash('coalesce(known.user_id, keys.session_key)') }} as product_user_pk,
    keys.max_received_at,
    keys.max_loaded_at,
    {#- The last other user this key belonged to, kept across runs: the users dimension recomputes that user too
        (it lost the key's events, or is gone). Null after a full refresh, which rebuilds every user anyway. -#}
    {% if is_incremental() -%}
    case
        when before.product_user_pk <> {{ dbt.hash('coalesce(known.user_id, keys.session_key)') }} then before.product_user_pk
        else before.previous_product_user_pk
    end
    {%- else -%}
    cast(null as {{ dbt.type_string() }})
    {%- endif %} as previous_product_user_pk
from keys
left join known on known.session_key = keys.session_key
{% if is_incremental() -%}
left join {{ this }} as before on before.session_key = keys.session_key
{%- endif %}

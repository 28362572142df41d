{{
    config(
        materialized='incremental',
        pre_hook=["{{ product_warehouse_session_settings() }}", "{{ product_warehouse_join_settings() }}"],
        unique_key='product_user_fk',
        incremental_strategy=product_warehouse_incremental_strategy(),
        product_warehouse_replace_keys=true,
        post_hook="{{ product_warehouse_drop_placeholders('conversion_event_fk is null') }}",
        on_schema_change='fail'
    )
}}{{ product_warehouse_table_format() }}
/* depends_on: {{ ref('int_product_warehouse__identity') }} */
{#- The incremental filter (product_warehouse_affected_users) reads the identity model only when is_incremental(),
    which dbt cannot see while parsing: hence the hint above. -#}
{#- Grain: one row per conversion (an event named in product-warehouse-conversion-events) and touch. The touches are
    the converting user's sessions, on any device, that start within the lookback before the conversion (both ends
    included), and the conversion's own session however early it started. A conversion without a touch has one
    row, channel 'Unattributed', every weight 1. Each weight sums to 1 per conversion: first and last touch; linear;
    position-based (40/20/40: one touch 1, two touches 0.5 each, the middle ones share 20%); time decay
    (2^(-age / half-life), age in whole seconds of the touch's start before the conversion, normalised).
    Incremental: a run rebuilds the users whose events and sessions can have changed. -#}
{%- set conversion_names = product_warehouse_conversion_events() -%}
{%- set lookback = var('product-warehouse-attribution-lookback-seconds', 2592000) -%}
{%- set half_life = var('product-warehouse-attribution-half-life-seconds', 604800) -%}
{%- set double = product_warehouse_type_double() -%}
{%- set stamp = '(select max(max_loaded_at) from ' ~ ref('int_product_warehouse__identity') ~ ')' -%}
with

{% if is_incremental() %}
affected as (
    {{ product_warehouse_affected_users() }}
),
{% endif %}

conversions as (
    select product_event_pk, product_user_fk, event_name, event_ts, product_session_fk
    from {{ ref('wh_product_events_fact') }}
    where {% if conversion_names %}event_name in ({{ product_warehouse_string_list(conversion_names) }}){% else %}1 = 0{% endif %}
    {% if is_incremental() %}and product_user_fk in (select product_user_pk from affected){% endif %}
),

sessions as (
    select product_session_pk, product_user_fk, starting_ts, referrer, utm_source, utm_medium, utm_campaign
    from {{ ref('wh_product_sessions_fact') }}
    where product_user_fk in (select product_user_fk from conversions)
),

touches as (
    select
        conversions.product_event_pk as conversion_event_fk,
        conversions.product_user_fk,
        conversions.event_name as conversion_name,
        conversions.event_ts as conversion_ts,
        sessions.product_session_pk as touch_session_fk,
        sessions.starting_ts as touch_ts,
        sessions.referrer,
        sessions.utm_source,
        sessions.utm_medium,
        sessions.utm_campaign,
        row_number() over (partition by conversions.product_event_pk order by sessions.starting_ts, sessions.product_session_pk) as touch_number,
        count(sessions.product_session_pk) over (partition by conversions.product_event_pk) as touches_total,
        {#- In doubles throughout: Spark reads 2.0 and -1.0 as decimals and rounds their quotient. #}
        power(cast(2 as {{ double }}), cast(-1 * {{ dbt.datediff('sessions.starting_ts', 'conversions.event_ts', 'second') }} as {{ double }}) / {{ half_life }}) as decay
    from conversions
    left join sessions
        on sessions.product_user_fk = conversions.product_user_fk
        and (
            sessions.product_session_pk = conversions.product_session_fk
            or (
                sessions.starting_ts >= {{ product_warehouse_add_seconds(-1 * lookback, 'conversions.event_ts') }}
                and sessions.starting_ts <= conversions.event_ts
            )
        )
),

weighted as (
    select
        conversion_event_fk, product_user_fk, conversion_name, conversion_ts, touch_session_fk, touch_ts,
        cast(case when touches_total = 0 then null else touch_number end as {{ dbt.type_bigint() }}) as touch_number,
        touches_total,
        case when touches_total = 0 then 'Unattributed' else {{ product_warehouse_channel('utm_source', 'utm_medium', 'referrer') }} end as channel,
        utm_source, utm_medium, utm_campaign, referrer,
        cast(case when touches_total = 0 or touch_number = 1 then 1 else 0 end as {{ double }}) as first_touch,
        cast(case when touches_total = 0 or touch_number = touches_total then 1 else 0 end as {{ double }}) as last_touch,
        case when touches_total = 0 then cast(1 as {{ double }}) else cast(1 as {{ double }}) / touches_total end as linear,
        case
            when touches_total <= 1 then cast(1 as {{ double }})
            when touches_total = 2 then cast(0.5 as {{ double }})
            when touch_number = 1 or touch_number = touches_total then cast(0.4 as {{ double }})
            else cast(0.2 as {{ double }}) / (touches_total - 2)
        end as position_based,
        case
            when touches_total = 0 then cast(1 as {{ double }})
            else cast(decay as {{ double }}) / sum(cast(decay as {{ double }})) over (partition by conversion_event_fk)
        end as time_decay
    from touches
)

select weighted.*, {{ stamp }} as max_loaded_at
from weighted
{% if is_incremental() %}
union all
select
    cast(null as {{ dbt.type_string() }}), affected.product_user_pk, cast(null as {{ dbt.type_string() }}),
    cast(null as {{ dbt.type_timestamp() }}), cast(null as {{ dbt.type_string() }}), cast(null as {{ dbt.type_timestamp() }}),
    cast(null as {{ dbt.type_bigint() }}), 0, cast(null as {{ dbt.type_string() }}), cast(null as {{ dbt.type_string() }}),
    cast(null as {{ dbt.type_string() }}), cast(null as {{ dbt.type_string() }}), cast(null as {{ dbt.type_string() }}),
    0, 0, 0, 0, 0, {{ stamp }}
from affected
where affected.product_user_pk is not null
{% endif %}

{#- Helpers of the product warehouse. Adapter-neutral: dbt's cross-database macros, plus adapter.dispatch
    where adapters differ. -#}

{%- macro product_warehouse_mode() -%}
  {{- return(var('product-warehouse-mode', 'package')) -}}
{%- endmacro -%}

{%- macro product_warehouse_timeout_s() -%}
  {{- return(var('product-warehouse-session-timeout-seconds', 1800)) -}}
{%- endmacro -%}

{#- A relation var such as cdp-pages-table ("{{ source('segment', 'pages') }}"), or the Segment source table. -#}
{%- macro product_warehouse_relation(var_name, default_table) -%}
  {%- set value = var(var_name, none) -%}
  {%- if value is none -%}{{ source('segment', default_table) }}{%- else -%}{{ value }}{%- endif -%}
{%- endmacro -%}

{#- Device family and category from a user agent; the same rules as test/dbt/oracle.ts. -#}
{%- macro product_warehouse_device(user_agent) -%}
  case
    when {{ user_agent }} is null then 'Unknown'
    when lower({{ user_agent }}) like '%ipad%' then 'iPad'
    when lower({{ user_agent }}) like '%iphone%' then 'iPhone'
    when lower({{ user_agent }}) like '%android%' then 'Android'
    when lower({{ user_agent }}) like '%macintosh%' then 'Mac'
    when lower({{ user_agent }}) like '%windows%' then 'Windows'
    when lower({{ user_agent }}) like '%linux%' then 'Linux'
    else 'Other'
  end
{%- endmacro -%}

{%- macro product_warehouse_device_category(user_agent) -%}
  case
    when {{ user_agent }} is null then 'unknown'
    when lower({{ user_agent }}) like '%ipad%' or lower({{ user_agent }}) like '%tablet%' then 'tablet'
    when lower({{ user_agent }}) like '%mobi%' or lower({{ user_agent }}) like '%iphone%' or lower({{ user_agent }}) like '%android%' then 'mobile'
    else 'desktop'
  end
{%- endmacro -%}

{#- delete+insert replaces every row of the affected session keys; adapters without it use merge. -#}
{%- macro product_warehouse_incremental_strategy() -%}
  {{- return(adapter.dispatch('product_warehouse_incremental_strategy')()) -}}
{%- endmacro -%}
{%- macro default__product_warehouse_incremental_strategy() -%}{{- return('delete+insert') -}}{%- endmacro -%}
{%- macro bigquery__product_warehouse_incremental_strategy() -%}{{- return('merge') -}}{%- endmacro -%}

{#- The session keys an incremental run rebuilds: keys with rows received since the last run (less the lookback,
    for late loads), widened to every key of the users they belong to now or belonged to before (a user's session
    sequence spans devices). Everything else is untouched, and the result equals a full refresh. -#}
{%- macro product_warehouse_affected_keys(received_column) -%}
  {%- set lookback = var('product-warehouse-lookback-seconds', 259200) -%}
  select distinct identity.session_key
  from {{ ref('int_product_warehouse__identity') }} as identity
  where identity.product_user_pk in (
    select touched_identity.product_user_pk
    from {{ ref('int_product_warehouse__identity') }} as touched_identity
    where touched_identity.session_key in (
      select touched.session_key
      from {{ ref('int_product_warehouse__identity_events') }} as touched
      where touched.received_at > (
        select {{ dbt.dateadd('second', -1 * lookback, 'max(' ~ received_column ~ ')') }} from {{ this }}
      )
    )
    union
    select previous.product_user_fk
    from {{ this }} as previous
    where previous.session_key in (
      select touched.session_key
      from {{ ref('int_product_warehouse__identity_events') }} as touched
      where touched.received_at > (
        select {{ dbt.dateadd('second', -1 * lookback, 'max(' ~ received_column ~ ')') }} from {{ this }}
      )
    )
  )
{%- endmacro -%}


{#- Each event once (its first delivery), among the deliveries whose session key passes `key_filter` (SQL for
    `session_key in (...)`, or none for all). The filter comes first: deduplicating only the rebuilt keys keeps
    incremental runs proportional to what changed. -#}
{%- macro product_warehouse_events(key_filter=none) -%}
    select
        event_id, event_type, event_name, event_url, anonymous_id, user_id, event_ts, received_at, device, device_category, session_key
    from (
        select
            deliveries.*,
            row_number() over (
                partition by event_id
                order by received_at, event_ts, event_type, event_url
            ) as delivery_number
        from {{ ref('int_product_warehouse__deliveries') }} as deliveries
        {% if key_filter is not none %}where session_key in ({{ key_filter }}){% endif %}
    ) as numbered
    where delivery_number = 1
{%- endmacro -%}

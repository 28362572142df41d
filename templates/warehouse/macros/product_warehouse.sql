{#- Helpers of the product warehouse. Adapter-neutral: dbt's cross-database macros, plus adapter.dispatch
    where adapters differ. -#}

{%- macro product_warehouse_mode() -%}
  {{- return(var('product-warehouse-mode', 'self-contained')) -}}
{%- endmacro -%}

{#- Sessions by the CDP's own session id where an event has one (`native`, the default), or by inactivity
    alone (`inactivity`). Events without a CDP session id are always sessionized by inactivity. -#}
{%- macro product_warehouse_native_sessions() -%}
  {{- return(var('product-warehouse-sessions', 'native') != 'inactivity') -}}
{%- endmacro -%}

{%- macro product_warehouse_timeout_s() -%}
  {{- return(var('product-warehouse-session-timeout-seconds', 1800)) -}}
{%- endmacro -%}

{#- A raw timestamp as a zone-less UTC timestamp, whatever its type and whatever the session's time zone: a
    zone-less timestamp (UTC, Segment's convention), a `timestamp with time zone`, or text with or without an
    offset ('2024-10-27T02:50:00+02:00', '...Z'; none means UTC). Comparing or truncating a timestamp that still
    carried a zone would depend on the warehouse session's zone (DuckDB takes the machine's). Where the warehouse
    can tell the column's type (DuckDB typeof, PostgreSQL pg_typeof), typed columns skip the text path: reading
    every raw row through text and a regular expression cost 10x more, on every run. -#}
{%- macro product_warehouse_utc(expression) -%}
  {{- return(adapter.dispatch('product_warehouse_utc')(expression)) -}}
{%- endmacro -%}

{%- macro product_warehouse_utc_text(expression) -%}
  cast({{ expression }} as {{ dbt.type_string() }})
{%- endmacro -%}

{#- Snowflake-style SQL (the default): its timestamps print as '2024-01-01 10:00:00.000 +0000', hence the optional
    space before the offset. -#}
{%- macro default__product_warehouse_utc(expression) -%}
  {%- set text = product_warehouse_utc_text(expression) -%}
  convert_timezone('UTC', to_timestamp_tz(case when regexp_like({{ text }}, '.*:[0-9][0-9]([.][0-9]*)? ?(Z|[+-][0-9][0-9](:?[0-9][0-9])?)$') then {{ text }} else {{ text }} || '+00:00' end))::timestamp_ntz
{%- endmacro -%}

{%- macro duckdb__product_warehouse_utc(expression) -%}
  {%- set text = product_warehouse_utc_text(expression) -%}
  case typeof({{ expression }})
    when 'TIMESTAMP' then cast({{ expression }} as timestamp)
    when 'TIMESTAMP_NS' then cast({{ expression }} as timestamp)
    when 'TIMESTAMP_MS' then cast({{ expression }} as timestamp)
    when 'TIMESTAMP_S' then cast({{ expression }} as timestamp)
    when 'DATE' then cast({{ expression }} as timestamp)
    when 'TIMESTAMP WITH TIME ZONE' then cast(timezone('UTC', cast({{ expression }} as timestamptz)) as timestamp)
    else cast(timezone('UTC', cast(case when regexp_matches({{ text }}, ':[0-9][0-9]([.][0-9]*)?(Z|[+-][0-9][0-9](:?[0-9][0-9])?)$') then {{ text }} else {{ text }} || '+00:00' end as timestamptz)) as timestamp)
  end
{%- endmacro -%}

{%- macro product_warehouse_postgres_text_utc(text) -%}
  cast(cast(case when {{ text }} ~ ':[0-9][0-9]([.][0-9]*)?(Z|[+-][0-9][0-9](:?[0-9][0-9])?)$' then {{ text }} else {{ text }} || '+00:00' end as timestamptz) at time zone 'UTC' as timestamp)
{%- endmacro -%}

{%- macro postgres__product_warehouse_utc(expression) -%}
  case pg_typeof({{ expression }})
    when 'timestamp without time zone'::regtype then cast({{ expression }} as timestamp)
    when 'date'::regtype then cast({{ expression }} as timestamp)
    when 'timestamp with time zone'::regtype then cast(cast({{ expression }} as timestamptz) at time zone 'UTC' as timestamp)
    else {{ product_warehouse_postgres_text_utc(product_warehouse_utc_text(expression)) }}
  end
{%- endmacro -%}

{#- Redshift has no pg_typeof: every value goes through text. -#}
{%- macro redshift__product_warehouse_utc(expression) -%}
  {{ product_warehouse_postgres_text_utc(product_warehouse_utc_text(expression)) }}
{%- endmacro -%}

{#- BigQuery's TIMESTAMP and Spark's are instants: a cast reads offsets, and text without one as UTC (the session
    time zone of Databricks SQL warehouses). -#}
{%- macro bigquery__product_warehouse_utc(expression) -%}cast({{ expression }} as timestamp){%- endmacro -%}
{%- macro spark__product_warehouse_utc(expression) -%}cast({{ expression }} as timestamp){%- endmacro -%}

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

{#- The device categories the facts hold: ours (from the user agent); in package mode also the dbt-labs/segment
    package's, which its page views and sessions carry. -#}
{%- macro product_warehouse_device_categories() -%}
  {%- set ours = ['mobile', 'tablet', 'desktop', 'unknown'] -%}
  {{- return(ours + (['Desktop', 'iPhone', 'Android', 'Tablet', 'Uncategorized'] if product_warehouse_mode() == 'package' else [])) -}}
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

{#- The deliveries table only ever adds rows it does not hold: append, with nothing to delete (BigQuery has no
    append strategy; its merge on the unique key inserts the same rows). -#}
{%- macro product_warehouse_append_strategy() -%}
  {{- return(adapter.dispatch('product_warehouse_append_strategy')()) -}}
{%- endmacro -%}
{%- macro default__product_warehouse_append_strategy() -%}{{- return('append') -}}{%- endmacro -%}
{%- macro bigquery__product_warehouse_append_strategy() -%}{{- return('merge') -}}{%- endmacro -%}

{#- Settings for an incremental model's transaction (its pre-hook). PostgreSQL: no JIT in incremental runs. The
    planner misjudges the affected-key sets (29,141 rows expected, 357 found), so the cost of a small query crosses
    JIT's thresholds and compiling took 1.5 s of the users dimension's 2.0 s at 500k events. Redshift, which would
    take the postgres__ branch, has no such setting. -#}
{%- macro product_warehouse_session_settings() -%}
  {{- return(adapter.dispatch('product_warehouse_session_settings')()) -}}
{%- endmacro -%}
{%- macro default__product_warehouse_session_settings() -%}{{- return('') -}}{%- endmacro -%}
{%- macro redshift__product_warehouse_session_settings() -%}{{- return('') -}}{%- endmacro -%}
{%- macro postgres__product_warehouse_session_settings() -%}
  {{- return('set local jit = off' if is_incremental() else '') -}}
{%- endmacro -%}

{#- The session keys an incremental run rebuilds: keys with rows loaded into the deliveries table after the latest
    stamp the model holds (`loaded_column`: its own column of the deliveries' loaded_at), widened to every key of
    the users they belong to now or belonged to before (a user's session sequence spans devices; the identity table
    remembers each key's previous user). Everything else is untouched, and the result equals a full refresh. -#}
{%- macro product_warehouse_affected_keys(loaded_column) -%}
  {%- set touched -%}
      select touched.session_key
      from {{ ref('int_product_warehouse__identity_events') }} as touched
      where touched.loaded_at > (select max({{ loaded_column }}) from {{ this }})
  {%- endset -%}
  select distinct identity.session_key
  from {{ ref('int_product_warehouse__identity') }} as identity
  where identity.product_user_pk in (
    select touched_identity.product_user_pk
    from {{ ref('int_product_warehouse__identity') }} as touched_identity
    where touched_identity.session_key in ({{ touched }})
    union
    select touched_identity.previous_product_user_pk
    from {{ ref('int_product_warehouse__identity') }} as touched_identity
    where touched_identity.session_key in ({{ touched }})
      and touched_identity.previous_product_user_pk is not null
  )
{%- endmacro -%}


{#- Each event once (its first delivery), among the page and track deliveries whose session key passes
    `key_filter` (SQL for `session_key in (...)`, or none for all). The filter comes first: deduplicating only the rebuilt keys keeps
    incremental runs proportional to what changed. -#}
{%- macro product_warehouse_events(key_filter=none) -%}
    select
        event_id, event_type, event_name, event_url, anonymous_id, user_id, event_ts, received_at, device, device_category, session_key,
        {% if product_warehouse_native_sessions() -%}
        cdp_session_id,
        {%- else -%}
        cast(null as {{ dbt.type_string() }}) as cdp_session_id,
        {%- endif %}
        referrer, utm_source, utm_medium, utm_campaign, loaded_at
    from (
        select
            deliveries.*,
            row_number() over (
                partition by event_id
                order by received_at, event_ts, event_type, event_url
            ) as delivery_number
        from {{ ref('int_product_warehouse__deliveries') }} as deliveries
        where event_type <> 'identify'
        {% if key_filter is not none %}and session_key in ({{ key_filter }}){% endif %}
    ) as numbered
    where delivery_number = 1
{%- endmacro -%}

{#- Post-hook of the users dimension. An incremental run's batch holds every affected user; one left without events
    (every key moved to another user: an anonymous visitor who signed in) comes as a row without events, which
    replaces the old row through the unique key and is removed here. A real user has at least one event. -#}
{%- macro product_warehouse_drop_departed_users() -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where total_events is null
  {%- endif -%}
{%- endmacro -%}

{#- A double-precision float: `float` is single precision on DuckDB, and BigQuery and Spark spell it their way. -#}
{%- macro product_warehouse_type_double() -%}
  {{- return(adapter.dispatch('product_warehouse_type_double')()) -}}
{%- endmacro -%}
{%- macro default__product_warehouse_type_double() -%}{{- return('double precision') -}}{%- endmacro -%}
{%- macro bigquery__product_warehouse_type_double() -%}{{- return('float64') -}}{%- endmacro -%}
{%- macro spark__product_warehouse_type_double() -%}{{- return('double') -}}{%- endmacro -%}

{#- The UTC calendar day of a zone-less UTC timestamp. -#}
{%- macro product_warehouse_day(expression) -%}cast({{ expression }} as date){%- endmacro -%}

{#- A timestamp plus a number of seconds, to the microsecond: dbt's dateadd, except on Spark (below). -#}
{%- macro product_warehouse_add_seconds(seconds, timestamp) -%}
  {{- return(adapter.dispatch('product_warehouse_add_seconds')(seconds, timestamp)) -}}
{%- endmacro -%}
{%- macro default__product_warehouse_add_seconds(seconds, timestamp) -%}{{- return(dbt.dateadd('second', seconds, timestamp)) -}}{%- endmacro -%}

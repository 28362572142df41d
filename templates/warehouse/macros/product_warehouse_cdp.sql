{#- What the CDPs' staging models share: where their raw tables are, and reading JSON properties. -#}

{#- The source name each CDP's raw tables sit under by default (the CDP registry's sourceName). -#}
{%- macro product_warehouse_cdp_source() -%}
  {%- set sources = {'segment': 'segment', 'rudderstack': 'rudderstack', 'snowplow': 'atomic', 'amplitude': 'amplitude', 'posthog': 'posthog', 'mixpanel': 'mixpanel'} -%}
  {{- return(sources.get(var('cdp', 'segment'), var('cdp', 'segment'))) -}}
{%- endmacro -%}

{#- A relation var such as cdp-pages-table ("{{ source('segment', 'pages') }}"), or the CDP's source table. -#}
{%- macro product_warehouse_relation(var_name, default_table) -%}
  {%- set value = var(var_name, none) -%}
  {%- if value is none -%}{{ source(product_warehouse_cdp_source(), default_table) }}{%- else -%}{{ value }}{%- endif -%}
{%- endmacro -%}

{#- One top-level key of a JSON object held as text (or the warehouse's JSON type), as text; null when absent.
    Keys are CDP property names such as `$session_id` or `[Amplitude] Page URL`, so each adapter addresses the key
    by name, never through a path syntax that would read `$` or `.` in it. -#}
{%- macro product_warehouse_json_text(column, key) -%}
  {{- return(adapter.dispatch('product_warehouse_json_text')(column, key)) -}}
{%- endmacro -%}

{#- A SQL string literal: quotes doubled (standard SQL), or backslash-escaped where the dialect reads '' otherwise
    (BigQuery: an error; Spark: two adjacent literals). -#}
{%- macro product_warehouse_sql_string(text) -%}'{{ text | replace("'", "''") }}'{%- endmacro -%}
{%- macro product_warehouse_backslash_string(text) -%}'{{ text | replace('\\', '\\\\') | replace("'", "\\'") }}'{%- endmacro -%}

{#- Snowflake (the default): a variant's field by name. -#}
{%- macro default__product_warehouse_json_text(column, key) -%}
  cast(get(try_parse_json(to_varchar({{ column }})), {{ product_warehouse_sql_string(key) }}) as varchar)
{%- endmacro -%}

{#- DuckDB: a JSON pointer ('/' and '~' escaped), which takes any character in a key. -#}
{%- macro duckdb__product_warehouse_json_text(column, key) -%}
  json_extract_string(cast({{ column }} as json), {{ product_warehouse_sql_string('/' ~ key | replace('~', '~0') | replace('/', '~1')) }})
{%- endmacro -%}

{%- macro postgres__product_warehouse_json_text(column, key) -%}
  (cast({{ column }} as json) ->> {{ product_warehouse_sql_string(key) }})
{%- endmacro -%}

{%- macro redshift__product_warehouse_json_text(column, key) -%}
  json_extract_path_text({{ column }}, {{ product_warehouse_sql_string(key) }}, true)
{%- endmacro -%}

{#- BigQuery's JSONPath takes a double-quoted key. -#}
{%- macro bigquery__product_warehouse_json_text(column, key) -%}
  json_value({{ column }}, {{ product_warehouse_backslash_string('$."' ~ key | replace('\\', '\\\\') | replace('"', '\\"') ~ '"') }})
{%- endmacro -%}

{#- Spark and Databricks: a bracketed key. -#}
{%- macro spark__product_warehouse_json_text(column, key) -%}
  get_json_object({{ column }}, {{ product_warehouse_backslash_string("$['" ~ key ~ "']") }})
{%- endmacro -%}

{#- A CDP's session id as text; null where it has none (empty, or the CDP's "none" value such as Amplitude's -1). -#}
{%- macro product_warehouse_session_id(expression, none_value=none) -%}
  case
    when cast({{ expression }} as {{ dbt.type_string() }}) = '' then null
    {%- if none_value is not none %}
    when cast({{ expression }} as {{ dbt.type_string() }}) = {{ product_warehouse_sql_string(none_value) }} then null
    {%- endif %}
    else cast({{ expression }} as {{ dbt.type_string() }})
  end
{%- endmacro -%}

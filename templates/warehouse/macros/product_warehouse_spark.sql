{#- Spark (dbt-spark). Its incremental materialization knows append, merge and insert_overwrite, not delete+insert,
    and merge needs a table format that has MERGE: Delta. The by-key models ask for `merge` with the config
    `product_warehouse_replace_keys=true`; for those, and only those, the statement below replaces every row of the
    batch's keys in one atomic MERGE: each distinct key of the batch comes as a marker row that matches (and deletes)
    the key's rows in the table, and the batch's own rows, which carry no marker, match nothing and are inserted.
    That is delete+insert (a key's rows can change in number, and rows that are gone go), not merge's update of
    matching rows. Every other model's incremental SQL is dbt-spark's own. Databricks (dbt-databricks) has its own
    materialization and never calls this. -#}
{%- macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) -%}
  {%- if strategy == 'merge' and config.get('product_warehouse_replace_keys') and unique_key is string -%}
    {%- set columns = adapter.get_columns_in_relation(target) | map(attribute='quoted') | list -%}
    merge into {{ target }} as product_warehouse_target
    using (
        select batch_keys.product_warehouse_key, batch.*
        from (select distinct {{ unique_key }} as product_warehouse_key from {{ source }}) as batch_keys
        full outer join {{ source }} as batch on 1 = 0
    ) as product_warehouse_batch
    on product_warehouse_target.{{ unique_key }} = product_warehouse_batch.product_warehouse_key
    when matched then delete
    when not matched and product_warehouse_batch.product_warehouse_key is null then
        insert ({{ columns | join(', ') }})
        values ({% for column in columns %}product_warehouse_batch.{{ column }}{{ ', ' if not loop.last }}{% endfor %})
  {%- else -%}
    {{- return(dbt.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates)) -}}
  {%- endif -%}
{%- endmacro -%}

{%- macro spark__product_warehouse_incremental_strategy() -%}{{- return('merge') -}}{%- endmacro -%}
{#- dbt-databricks takes the spark__ macros where it has none of its own: it keeps the default strategy. It is
    compiled here, never run (no workspace can be reached). -#}
{%- macro databricks__product_warehouse_incremental_strategy() -%}{{- return('delete+insert') -}}{%- endmacro -%}

{#- The incremental models' table format: Delta on Spark (merge needs it; it is Databricks' default). A config()
    call of its own, so that other adapters' models carry no such setting. -#}
{%- macro product_warehouse_table_format() -%}
  {{- adapter.dispatch('product_warehouse_table_format')() -}}
{%- endmacro -%}
{%- macro default__product_warehouse_table_format() -%}{%- endmacro -%}
{%- macro spark__product_warehouse_table_format() -%}{{- config(file_format='delta') -}}{%- endmacro -%}

{#- Spark's timestamps are instants, and its date functions (dbt's dateadd and datediff, date_trunc, a cast to date)
    read them in the session time zone: the models' days are UTC days only when that zone is UTC (Databricks'
    default; dbt-spark: `spark.sql.session.timeZone: UTC` in the profile). The incremental models' pre-hook asks the
    session (run_query fetches, so Spark answers now: a SELECT handed to Spark as a hook would never be evaluated)
    and stops the model in any other zone, before it writes a row, rather than shifting every day boundary. -#}
{%- macro spark__product_warehouse_session_settings() -%}
  {%- if execute -%}
    {%- set zone = run_query('select current_timezone()').columns[0].values()[0] -%}
    {%- if zone not in ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z', '+00:00'] -%}
      {{- exceptions.raise_compiler_error('dbt product warehouse: the Spark session time zone is ' ~ zone ~ '; the models need UTC (set spark.sql.session.timeZone to UTC)') -}}
    {%- endif -%}
  {%- endif -%}
  {{- return('') -}}
{%- endmacro -%}

{#- dbt-spark's dateadd goes through to_unix_timestamp, which drops the fraction of a second (an event 0.5 s inside
    a funnel's window fell out of it) and fails on a null: Spark's timestampadd keeps microseconds. -#}
{%- macro spark__product_warehouse_add_seconds(seconds, timestamp) -%}timestampadd(SECOND, {{ seconds }}, {{ timestamp }}){%- endmacro -%}

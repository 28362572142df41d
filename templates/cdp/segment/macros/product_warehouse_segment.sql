{#- Segment's layout, which RudderStack writes too: RudderStack adds its SDK's session id (the session's start in
    ms), the CDP's own session id the shared models use unless product-warehouse-sessions is `inactivity`. -#}
{%- macro product_warehouse_segment_session_id() -%}
  {%- if var('cdp', 'segment') == 'rudderstack' -%}
    {{ product_warehouse_session_id('context_session_id') }}
  {%- else -%}
    cast(null as {{ dbt.type_string() }})
  {%- endif -%}
{%- endmacro -%}

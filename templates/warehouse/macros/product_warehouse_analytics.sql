{#- What the funnels and attribution models share: their vars, read and checked, and the incremental bookkeeping of
    models rebuilt by user. -#}

{#- A SQL string literal of workspace text (funnel and event names), escaped as the adapter reads string literals. -#}
{%- macro product_warehouse_string(text) -%}
  {{- return(adapter.dispatch('product_warehouse_string')(text)) -}}
{%- endmacro -%}
{%- macro default__product_warehouse_string(text) -%}{{- return(product_warehouse_sql_string(text)) -}}{%- endmacro -%}
{%- macro bigquery__product_warehouse_string(text) -%}{{- return(product_warehouse_backslash_string(text)) -}}{%- endmacro -%}
{%- macro spark__product_warehouse_string(text) -%}{{- return(product_warehouse_backslash_string(text)) -}}{%- endmacro -%}

{#- Pre-hook of the analytics models. PostgreSQL estimates one row for each of their stacked CTEs and then joins
    them in nested loops: the funnels took over 6 minutes at 500k events; with hash joins, 4 s. There are no indexes
    for a nested loop to use, so nothing is lost. JIT compilation, which the same misestimates make it choose, cost
    the daily metrics and retention seconds after an incremental load. -#}
{%- macro product_warehouse_join_settings() -%}
  {{- return(adapter.dispatch('product_warehouse_join_settings')()) -}}
{%- endmacro -%}
{%- macro default__product_warehouse_join_settings() -%}{{- return('') -}}{%- endmacro -%}
{%- macro redshift__product_warehouse_join_settings() -%}{{- return('') -}}{%- endmacro -%}
{%- macro postgres__product_warehouse_join_settings() -%}{{- return('set local enable_nestloop = off; set local jit = off') -}}{%- endmacro -%}

{#- A list of string literals for `in (...)`. -#}
{%- macro product_warehouse_string_list(texts) -%}
  {%- for text in texts -%}{{ product_warehouse_string(text) }}{{ ', ' if not loop.last }}{%- endfor -%}
{%- endmacro -%}

{#- The var product-warehouse-funnels, checked: a list of {name, steps, window-seconds, order}. A malformed entry
    stops the run with the entry named (the editor shows the same mistakes on their YAML nodes). -#}
{%- macro product_warehouse_funnels() -%}
  {%- set funnels = var('product-warehouse-funnels', []) or [] -%}
  {%- if funnels is string or funnels is mapping -%}
    {{- exceptions.raise_compiler_error('product-warehouse-funnels must be a list of funnels') -}}
  {%- endif -%}
  {%- set checked = [] -%}
  {%- for funnel in funnels -%}
    {%- set where = 'product-warehouse-funnels[' ~ loop.index0 ~ ']' -%}
    {%- if funnel is not mapping -%}{{- exceptions.raise_compiler_error(where ~ ' must be a mapping with name and steps') -}}{%- endif -%}
    {%- for key in funnel -%}
      {%- if key not in ['name', 'steps', 'window-seconds', 'order'] -%}
        {{- exceptions.raise_compiler_error(where ~ ': unknown key ' ~ key) -}}
      {%- endif -%}
    {%- endfor -%}
    {%- set steps = funnel.get('steps') -%}
    {%- if funnel.get('name') is not string or funnel.get('name') | length == 0 -%}
      {{- exceptions.raise_compiler_error(where ~ '.name must be a non-empty string') -}}
    {%- endif -%}
    {%- if steps is string or steps is mapping or steps is not iterable or steps | length == 0 -%}
      {{- exceptions.raise_compiler_error(where ~ '.steps must be a list of event names') -}}
    {%- endif -%}
    {%- for step in steps -%}
      {%- if step is not string -%}{{- exceptions.raise_compiler_error(where ~ '.steps[' ~ loop.index0 ~ '] must be a string') -}}{%- endif -%}
    {%- endfor -%}
    {%- set window = funnel.get('window-seconds', 604800) -%}
    {%- if window is not number or window is boolean or window != window | int or window < 1 -%}
      {{- exceptions.raise_compiler_error(where ~ '.window-seconds must be a positive whole number') -}}
    {%- endif -%}
    {%- set order = funnel.get('order', 'this-order') -%}
    {%- if order not in ['this-order', 'exact', 'any'] -%}
      {{- exceptions.raise_compiler_error(where ~ '.order must be this-order, exact or any') -}}
    {%- endif -%}
    {%- do checked.append({'name': funnel['name'], 'steps': steps, 'window': window | int, 'order': order}) -%}
  {%- endfor -%}
  {{- return(checked) -}}
{%- endmacro -%}

{#- The var product-warehouse-conversion-events: the event names that count as conversions. -#}
{%- macro product_warehouse_conversion_events() -%}
  {%- set names = var('product-warehouse-conversion-events', []) or [] -%}
  {%- if names is string -%}{%- set names = [names] -%}{%- endif -%}
  {%- for name in names -%}
    {%- if name is not string -%}
      {{- exceptions.raise_compiler_error('product-warehouse-conversion-events[' ~ loop.index0 ~ '] must be a string') -}}
    {%- endif -%}
  {%- endfor -%}
  {{- return(names) -}}
{%- endmacro -%}

{#- The users an incremental run rebuilds: the users of the keys with identity rows loaded after the latest stamp
    the model holds, and the users those keys belonged to before (a key that moved takes its events away). An empty
    model holds no stamp: then every user is rebuilt. -#}
{%- macro product_warehouse_affected_users() -%}
    select touched.product_user_pk
    from {{ ref('int_product_warehouse__identity') }} as touched
    where touched.max_loaded_at > (select coalesce(max(max_loaded_at), cast('1970-01-01 00:00:00' as {{ dbt.type_timestamp() }})) from {{ this }})
    union
    select touched.previous_product_user_pk
    from {{ ref('int_product_warehouse__identity') }} as touched
    where touched.max_loaded_at > (select coalesce(max(max_loaded_at), cast('1970-01-01 00:00:00' as {{ dbt.type_timestamp() }})) from {{ this }})
      and touched.previous_product_user_pk is not null
{%- endmacro -%}

{#- Post-hook of the models rebuilt by user: each affected user comes with a placeholder row, so that the unique key
    deletes the user's old rows even when none are left; the placeholders go here. -#}
{%- macro product_warehouse_drop_placeholders(condition) -%}
  {%- if is_incremental() -%}
    delete from {{ this }} where {{ condition }}
  {%- endif -%}
{%- endmacro -%}

{#- The channel of a touch, from its utm fields and referrer (rules in README, "Attribution"): the campaign's medium
    first, then the referrer's host. -#}
{%- macro product_warehouse_channel(utm_source, utm_medium, referrer) -%}
    case
        when lower({{ utm_medium }}) in ('cpc', 'ppc', 'paidsearch', 'paid_search', 'paid-search') then 'Paid Search'
        when lower({{ utm_medium }}) in ('paid_social', 'paidsocial', 'paid-social') then 'Paid Social'
        when lower({{ utm_medium }}) in ('display', 'banner', 'cpm') then 'Display'
        when lower({{ utm_medium }}) in ('email', 'e-mail', 'newsletter') then 'Email'
        when lower({{ utm_medium }}) = 'affiliate' then 'Affiliates'
        when lower({{ utm_medium }}) = 'social' then 'Organic Social'
        when lower({{ utm_medium }}) = 'organic' then 'Organic Search'
        when lower({{ utm_medium }}) = 'referral' then 'Referral'
        when {{ utm_medium }} is not null or {{ utm_source }} is not null then 'Other Campaign'
        when {{ referrer }} is null or {{ referrer }} = '' then 'Direct'
        {%- for host in ['google.', 'bing.', 'duckduckgo.', 'yahoo.', 'baidu.', 'yandex.', 'ecosia.', 'search.'] %}
        when lower({{ referrer }}) like '%://{{ host }}%' or lower({{ referrer }}) like '%.{{ host }}%' then 'Organic Search'
        {%- endfor %}
        {%- for host in ['facebook.', 'instagram.', 'linkedin.', 'twitter.', 't.co/', 'x.com', 'reddit.', 'youtube.', 'tiktok.', 'pinterest.'] %}
        when lower({{ referrer }}) like '%://{{ host }}%' or lower({{ referrer }}) like '%.{{ host }}%' then 'Organic Social'
        {%- endfor %}
        else 'Referral'
    end
{%- endmacro -%}

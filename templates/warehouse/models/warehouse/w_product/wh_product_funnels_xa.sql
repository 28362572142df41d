{{
    config(
        materialized='incremental',
        pre_hook=["{{ product_warehouse_session_settings() }}", "{{ product_warehouse_join_settings() }}"],
        unique_key='product_user_fk',
        incremental_strategy=product_warehouse_incremental_strategy(),
        product_warehouse_replace_keys=true,
        post_hook="{{ product_warehouse_drop_placeholders('step_number = 0') }}",
        on_schema_change='fail'
    )
}}{{ product_warehouse_table_format() }}
/* depends_on: {{ ref('int_product_warehouse__identity') }} */
{#- The incremental filter (product_warehouse_affected_users) reads the identity model only when is_incremental(),
    which dbt cannot see while parsing: hence the hint above. -#}
{#- Grain: one row per funnel (the var product-warehouse-funnels), user and step reached in the user's best attempt.
    An attempt starts at an event of step 1 (`any`: of any step) and lasts window-seconds, compared as timestamps,
    never as dates or truncated minutes. Each step is one event row, and a row serves one step of an attempt.
      this-order: step k is the earliest event named step k at or after step k-1's event (simultaneous counts).
      exact: the same, and no event of the user falls strictly between step k-1's event and step k's (events at
             the same time as either are not between: Amplitude's simultaneous events).
      any: step k is reached when steps 1..k have each been done, in any order, within the window from the start;
           a name listed n times needs n events; the step's time is when the last of steps 1..k was done.
    The best attempt reaches the most steps; on ties the earliest start. Ties between events at the same time go to
    the lower event key. Incremental: a run rebuilds the users whose events can have changed (new rows for their
    keys, or keys that moved away); a change of the funnels var needs --full-refresh. -#}
{%- set funnels = product_warehouse_funnels() -%}
{%- set step_names = [] -%}
{%- for funnel in funnels -%}{%- for step in funnel.steps -%}{%- if step not in step_names -%}{%- do step_names.append(step) -%}{%- endif -%}{%- endfor -%}{%- endfor -%}
{%- set exact = funnels | selectattr('order', 'equalto', 'exact') | list | length > 0 -%}
{%- set stamp = '(select max(max_loaded_at) from ' ~ ref('int_product_warehouse__identity') ~ ')' -%}
with

{% if is_incremental() %}
affected as (
    {{ product_warehouse_affected_users() }}
),
{% endif %}

timeline as (
    select product_event_pk, product_user_fk, event_ts, event_name
    from {{ ref('wh_product_events_fact') }}
    {% if is_incremental() %}where product_user_fk in (select product_user_pk from affected){% endif %}
),

{% if exact %}
times as (
    {#- The next later time of the user's events, for exact order: an event of the next step must come no later. -#}
    select product_user_fk, event_ts, lead(event_ts) over (partition by product_user_fk order by event_ts) as next_ts
    from (select distinct product_user_fk, event_ts from timeline) as distinct_times
),
{% endif %}

events as (
    select timeline.product_event_pk, timeline.product_user_fk, timeline.event_ts, timeline.event_name
        {%- if exact %}, times.next_ts{% endif %}
    from timeline
    {%- if exact %}
    inner join times on times.product_user_fk = timeline.product_user_fk and times.event_ts = timeline.event_ts
    {%- endif %}
    where {% if step_names %}timeline.event_name in ({{ product_warehouse_string_list(step_names) }}){% else %}1 = 0{% endif %}
),

{% for funnel in funnels %}
{%- set f = 'funnel_' ~ loop.index -%}
{%- set steps = funnel.steps -%}
{%- set window_end = product_warehouse_add_seconds(funnel.window, 'attempts.attempt_start_ts') -%}
{%- if funnel.order == 'any' %}
{{ f }}_matches as (
    {#- Per attempt, the n-th event of each step name within the window, counted from the start. -#}
    select
        attempts.attempt_pk, attempts.product_user_fk, attempts.attempt_start_ts, events.event_name, events.event_ts,
        row_number() over (partition by attempts.attempt_pk, events.event_name order by events.event_ts, events.product_event_pk) as occurrence
    from (
        select product_event_pk as attempt_pk, product_user_fk, event_ts as attempt_start_ts
        from events where event_name in ({{ product_warehouse_string_list(steps) }})
    ) as attempts
    inner join events
        on events.product_user_fk = attempts.product_user_fk
        and events.event_name in ({{ product_warehouse_string_list(steps) }})
        and events.event_ts >= attempts.attempt_start_ts
        and events.event_ts <= {{ window_end }}
),
{%- for step in steps %}
{%- set k = loop.index %}
{%- set occurrence = steps[:k] | select('equalto', step) | list | length %}
{{ f }}_step_{{ k }} as (
    select
        matches.attempt_pk, matches.product_user_fk, matches.attempt_start_ts,
        {%- if k == 1 %}
        matches.event_ts as step_ts
    from {{ f }}_matches as matches
        {%- else %}
        case when matches.event_ts > previous.step_ts then matches.event_ts else previous.step_ts end as step_ts
    from {{ f }}_matches as matches
    inner join {{ f }}_step_{{ k - 1 }} as previous on previous.attempt_pk = matches.attempt_pk
        {%- endif %}
    where matches.event_name = {{ product_warehouse_string(step) }} and matches.occurrence = {{ occurrence }}
),
{%- endfor %}
{%- else %}
{{ f }}_step_1 as (
    select
        product_event_pk as attempt_pk, product_user_fk, event_ts as attempt_start_ts, event_ts as step_ts,
        product_event_pk as step_1_pk{% if funnel.order == 'exact' %}, next_ts{% endif %}
    from events
    where event_name = {{ product_warehouse_string(steps[0]) }}
),
{%- for step in steps[1:] %}
{%- set k = loop.index + 1 %}
{{ f }}_step_{{ k }}_candidates as (
    select
        attempts.attempt_pk, attempts.product_user_fk, attempts.attempt_start_ts,
        {%- for j in range(1, k) %} attempts.step_{{ j }}_pk,{% endfor %}
        events.product_event_pk as step_{{ k }}_pk, events.event_ts as step_ts,{% if funnel.order == 'exact' %} events.next_ts,{% endif %}
        row_number() over (partition by attempts.attempt_pk order by events.event_ts, events.product_event_pk) as pick
    from {{ f }}_step_{{ k - 1 }} as attempts
    inner join events
        on events.product_user_fk = attempts.product_user_fk
        and events.event_name = {{ product_warehouse_string(step) }}
        and events.event_ts >= attempts.step_ts
        and events.event_ts <= {{ window_end }}
        {%- for j in range(1, k) %}{% if steps[j - 1] == step %}
        and events.product_event_pk <> attempts.step_{{ j }}_pk
        {%- endif %}{% endfor %}
        {%- if funnel.order == 'exact' %}
        and events.event_ts <= coalesce(attempts.next_ts, attempts.step_ts)
        {%- endif %}
),
{{ f }}_step_{{ k }} as (
    select
        attempt_pk, product_user_fk, attempt_start_ts,{% for j in range(1, k + 1) %} step_{{ j }}_pk,{% endfor %} step_ts
        {%- if funnel.order == 'exact' %}, next_ts{% endif %}
    from {{ f }}_step_{{ k }}_candidates
    where pick = 1
),
{%- endfor %}
{%- endif %}
{{ f }}_reached as (
    {%- for step in steps %}
    select attempt_pk, product_user_fk, attempt_start_ts, {{ loop.index }} as step_number, {{ product_warehouse_string(step) }} as step_name, step_ts as reached_ts
    from {{ f }}_step_{{ loop.index }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
{{ f }}_best as (
    select attempt_pk, steps_reached
    from (
        select
            attempt_pk, steps_reached,
            row_number() over (partition by product_user_fk order by steps_reached desc, attempt_start_ts, attempt_pk) as attempt_rank
        from (
            select attempt_pk, product_user_fk, attempt_start_ts, max(step_number) as steps_reached
            from {{ f }}_reached
            group by attempt_pk, product_user_fk, attempt_start_ts
        ) as attempts
    ) as ranked
    where attempt_rank = 1
),
{% endfor %}

reached as (
    {%- for funnel in funnels %}
    {%- set f = 'funnel_' ~ loop.index %}
    select
        {{ product_warehouse_string(funnel.name) }} as funnel_name, reached.product_user_fk, reached.step_number, reached.step_name,
        reached.reached_ts, reached.attempt_start_ts, {{ funnel.steps | length }} as steps_total,
        best.steps_reached = {{ funnel.steps | length }} as converted
    from {{ f }}_reached as reached
    inner join {{ f }}_best as best on best.attempt_pk = reached.attempt_pk
    union all
    {% endfor %}
    {#- Typed and empty: the model has its columns even without funnels. -#}
    select
        cast(null as {{ dbt.type_string() }}) as funnel_name, cast(null as {{ dbt.type_string() }}) as product_user_fk,
        0 as step_number, cast(null as {{ dbt.type_string() }}) as step_name, cast(null as {{ dbt.type_timestamp() }}) as reached_ts,
        cast(null as {{ dbt.type_timestamp() }}) as attempt_start_ts, 0 as steps_total, 1 = 0 as converted
    from timeline
    where 1 = 0
)

select reached.*, {{ stamp }} as max_loaded_at
from reached
{% if is_incremental() %}
union all
select
    cast(null as {{ dbt.type_string() }}), affected.product_user_pk, 0, cast(null as {{ dbt.type_string() }}),
    cast(null as {{ dbt.type_timestamp() }}), cast(null as {{ dbt.type_timestamp() }}), 0, 1 = 0, {{ stamp }}
from affected
where affected.product_user_pk is not null
{% endif %}

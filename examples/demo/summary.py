"""Prints the demo's summary of the product warehouse in a DuckDB file as JSON."""
import json
import sys

import duckdb

con = duckdb.connect(sys.argv[1], read_only=True)
one = lambda sql: con.execute(sql).fetchone()
users, identified = one("select count(*), count(*) filter (where segment_blended_user_id not like 'anon-%') from main.wh_product_users_dim")
sessions, avg_duration = one("select count(*), avg(duration_s) from main.wh_product_sessions_fact")
events, pages, tracks = one("select count(*), count(*) filter (where event_type = 'page'), count(*) filter (where event_type = 'track') from main.wh_product_events_fact")
top = con.execute("select event_name, count(*) as n from main.wh_product_events_fact group by 1 order by 2 desc, 1 limit 5").fetchall()
per_user = con.execute("select total_sessions, count(*) from main.wh_product_users_dim group by 1 order by 1").fetchall()
devices = con.execute("select latest_device_category, count(*) from main.wh_product_users_dim group by 1 order by 2 desc, 1").fetchall()
# The busiest week of the daily metrics: the 7 days up to the first day with the highest WAU.
busiest = "(select date_day from main.wh_product_metrics_xa order by wau desc, date_day limit 1)"
week = con.execute(
    "select cast(date_day as varchar), dau, wau, mau, new_users from main.wh_product_metrics_xa "
    f"where date_day between {busiest} - 6 and {busiest} order by date_day"
).fetchall()
# The first funnel of the project (its name is the second argument): users reaching each step.
funnel = con.execute(
    "select step_number, step_name, count(*) from main.wh_product_funnels_xa where funnel_name = ? group by 1, 2 order by 1",
    [sys.argv[2]],
).fetchall()
# Retention of the largest cohort (the earliest of equals): users active on day N, for the day numbers it has.
cohort = con.execute(
    "select cast(cohort_day as varchar), cohort_size from main.wh_product_retention_xa where day_number = 0 "
    "order by cohort_size desc, cohort_day limit 1"
).fetchone()
retention = con.execute(
    "select day_number, retained_users from main.wh_product_retention_xa where cohort_day = cast(? as date) "
    "and day_number in (0, 1, 2, 3, 7, 14, 30) order by day_number",
    [cohort[0]],
).fetchall() if cohort else []
# Conversions split by channel under three of the models (weights summed: each conversion counts 1 in each).
channels = con.execute(
    "select channel, round(sum(first_touch), 2), round(sum(linear), 2), round(sum(last_touch), 2) "
    "from main.wh_product_attributions_xa group by 1 order by 3 desc, 1"
).fetchall()
conversions = one("select count(distinct conversion_event_fk) from main.wh_product_attributions_xa")[0]
json.dump({
    "funnel": funnel, "cohort": cohort, "retention": retention, "channels": channels, "conversions": conversions,
    "users": users, "identified": identified, "sessions": sessions, "avg_duration_s": float(avg_duration or 0),
    "events": events, "pages": pages, "tracks": tracks, "top_events": top, "sessions_per_user": per_user, "devices": devices,
    "week": week,
}, sys.stdout)

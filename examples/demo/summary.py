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
json.dump({
    "users": users, "identified": identified, "sessions": sessions, "avg_duration_s": float(avg_duration or 0),
    "events": events, "pages": pages, "tracks": tracks, "top_events": top, "sessions_per_user": per_user, "devices": devices,
    "week": week,
}, sys.stdout)

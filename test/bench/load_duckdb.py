"""Loads pages.csv, tracks.csv and identifies.csv into a DuckDB file's main schema (create, or append)."""
import sys
import time

import duckdb

db, folder, how = sys.argv[1], sys.argv[2], sys.argv[3]
TYPES = {
    "pages": ["id", "anonymous_id", "user_id", "timestamp", "received_at", "url", "path", "title", "referrer", "context_user_agent"],
    "tracks": ["id", "anonymous_id", "user_id", "timestamp", "received_at", "event", "event_text", "context_page_url", "context_user_agent"],
    "identifies": ["id", "anonymous_id", "user_id", "timestamp", "received_at", "email"],
}
con = duckdb.connect(db)
started = time.time()
for table, columns in TYPES.items():
    spec = ", ".join(f"'{c}': '{'TIMESTAMP' if c in ('timestamp', 'received_at') else 'VARCHAR'}'" for c in columns)
    source = f"read_csv('{folder}/{table}.csv', header=true, columns={{{spec}}})"
    if how == "replace":
        con.execute(f"create or replace table main.{table} as select * from {source}")
    else:
        con.execute(f"insert into main.{table} select * from {source}")
con.close()
print(f"{how} in {time.time() - started:.1f} s")

"""Loads pages.csv, tracks.csv and identifies.csv into a DuckDB file's main schema (create, or append)."""
import sys
import time

import duckdb

from csv_columns import source

db, folder, how = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect(db)
started = time.time()
for table in ("pages", "tracks", "identifies"):
    if how == "replace":
        con.execute(f"create or replace table main.{table} as select * from {source(folder, table)}")
    else:
        con.execute(f"insert into main.{table} select * from {source(folder, table)}")
con.close()
print(f"{how} in {time.time() - started:.1f} s")

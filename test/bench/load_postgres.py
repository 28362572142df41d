"""Loads generated pages/tracks/identifies CSVs into a PostgreSQL schema (PW_PG_* env vars), as Segment's loader
would: `replace` creates the tables; `append` adds a data set with its times moved after everything loaded."""
import os
import sys
import time

import psycopg2

from csv_columns import TIMES, columns

schema, folder, how = sys.argv[1], sys.argv[2], sys.argv[3]
con = psycopg2.connect(
    host=os.environ["PW_PG_HOST"], port=int(os.environ["PW_PG_PORT"]), user=os.environ["PW_PG_USER"],
    password=os.environ.get("PW_PG_PASSWORD", ""), dbname=os.environ["PW_PG_DATABASE"],
)
cur = con.cursor()
started = time.time()
tables = ("pages", "tracks", "identifies")
if how == "replace":
    cur.execute(f'create schema if not exists "{schema}"')
    for table in tables:
        names = columns(f"{folder}/{table}.csv")
        spec = ", ".join(f'"{c}" {"timestamp" if c in TIMES else "text"}' for c in names)
        cur.execute(f'drop table if exists "{schema}"."{table}" cascade; create table "{schema}"."{table}" ({spec})')
        with open(f"{folder}/{table}.csv") as f:
            cur.copy_expert(f'copy "{schema}"."{table}" from stdin with (format csv, header true)', f)
else:
    cur.execute(f'select max(received_at) from (select received_at from "{schema}".pages union all select received_at from "{schema}".tracks union all select received_at from "{schema}".identifies) as t')
    latest = cur.fetchone()[0]
    for table in tables:
        names = columns(f"{folder}/{table}.csv")
        cur.execute(f'create temporary table incoming (like "{schema}"."{table}")')
        with open(f"{folder}/{table}.csv") as f:
            cur.copy_expert("copy incoming from stdin with (format csv, header true)", f)
        if table == "pages":
            cur.execute('select min("timestamp") from incoming')
            shift = (latest - cur.fetchone()[0]).total_seconds() + 3600
        quoted = ", ".join(f'"{c}"' for c in names)
        moved = ", ".join(f"\"{c}\" + interval '{shift} seconds'" if c in TIMES else f'"{c}"' for c in names)
        cur.execute(f'insert into "{schema}"."{table}" ({quoted}) select {moved} from incoming; drop table incoming')
cur.execute(f'analyze')
con.commit()
con.close()
print(f"{how} in {time.time() - started:.1f} s")

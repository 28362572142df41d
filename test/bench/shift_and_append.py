"""Appends the extra data set, its times moved after everything already loaded (as the next day's load would be)."""
import sys

import duckdb

from csv_columns import TIMES, columns, source

db, folder = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
latest = con.execute("select max(received_at) from (select received_at from main.pages union all select received_at from main.tracks union all select received_at from main.identifies)").fetchone()[0]
earliest = con.execute(f"select min(\"timestamp\") from {source(folder, 'pages')}").fetchone()[0]
shift = f"(timestamp '{latest}' - timestamp '{earliest}') + interval 1 hour"
for table in ("pages", "tracks", "identifies"):
    names = columns(f"{folder}/{table}.csv")
    select = ", ".join(f'"{c}" + {shift}' if c in TIMES else f'"{c}"' for c in names)
    con.execute(f"insert into main.{table} ({', '.join(chr(34) + c + chr(34) for c in names)}) select {select} from {source(folder, table)}")
con.close()

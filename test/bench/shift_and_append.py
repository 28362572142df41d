"""Appends the extra data set, its times moved after everything already loaded (as the next day's load would be)."""
import sys

import duckdb

db, folder = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
latest = con.execute("select max(received_at) from (select received_at from main.pages union all select received_at from main.tracks union all select received_at from main.identifies)").fetchone()[0]
earliest = con.execute(f"select min(\"timestamp\") from read_csv('{folder}/pages.csv', header=true, columns={{'id':'VARCHAR','anonymous_id':'VARCHAR','user_id':'VARCHAR','timestamp':'TIMESTAMP','received_at':'TIMESTAMP','url':'VARCHAR','path':'VARCHAR','title':'VARCHAR','referrer':'VARCHAR','context_user_agent':'VARCHAR'}})").fetchone()[0]
shift = f"(timestamp '{latest}' - timestamp '{earliest}') + interval 1 hour"
for table in ("pages", "tracks", "identifies"):
    cols = [r[0] for r in con.execute(f"select column_name from information_schema.columns where table_name = '{table}' order by ordinal_position").fetchall()]
    spec = ", ".join(f"'{c}': '{'TIMESTAMP' if c in ('timestamp', 'received_at') else 'VARCHAR'}'" for c in cols)
    select = ", ".join(f'"{c}" + {shift}' if c in ("timestamp", "received_at") else f'"{c}"' for c in cols)
    con.execute(f"insert into main.{table} select {select} from read_csv('{folder}/{table}.csv', header=true, columns={{{spec}}})")
con.close()

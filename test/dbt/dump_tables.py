"""Prints tables of a DuckDB file or a PostgreSQL database as JSON (timestamps as ISO strings), for the oracle tests.

usage: dump_tables.py duckdb PATH SCHEMA TABLE...   |   dump_tables.py postgres SCHEMA TABLE...  (PW_PG_* env vars)
"""
import datetime
import decimal
import json
import os
import sys


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def main():
    kind = sys.argv[1]
    if kind == "duckdb":
        import duckdb

        path, schema, tables = sys.argv[2], sys.argv[3], sys.argv[4:]
        con = duckdb.connect(path, read_only=True)
        cur = con.cursor()
    else:
        import psycopg2

        schema, tables = sys.argv[2], sys.argv[3:]
        con = psycopg2.connect(
            host=os.environ.get("PW_PG_HOST", "127.0.0.1"), port=int(os.environ.get("PW_PG_PORT", "5432")),
            user=os.environ.get("PW_PG_USER", "postgres"), password=os.environ.get("PW_PG_PASSWORD", ""),
            dbname=os.environ.get("PW_PG_DATABASE", "postgres"),
        )
        cur = con.cursor()
    result = {}
    for table in tables:
        cur.execute(f'select * from "{schema}"."{table}"')
        names = [d[0] for d in cur.description]
        result[table] = [{n: plain(v) for n, v in zip(names, row)} for row in cur.fetchall()]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

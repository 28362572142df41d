"""Loads pages.csv, tracks.csv and identifies.csv into a Spark schema (replace), or appends them with their times
moved after everything already loaded (append: as the next day's load would be). Runs in the dbt project's folder,
so that it shares dbt's Spark warehouse and metastore there; the session is the profile's `spark` output's.

usage: load_spark.py PROFILES_YML SCHEMA FOLDER replace|append
"""
import sys
import time

import yaml
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from csv_columns import TIMES

profiles, schema, folder, how = sys.argv[1:5]
parameters = yaml.safe_load(open(profiles))["product_warehouse_demo"]["outputs"]["spark"]["server_side_parameters"]
builder = SparkSession.builder.enableHiveSupport()
for key, value in parameters.items():
    builder = builder.config(key, value)
spark = builder.getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
started = time.time()
spark.sql(f"create database if not exists {schema}")
tables = ("pages", "tracks", "identifies")
frames = {}
for table in tables:
    frame = spark.read.option("header", True).option("nullValue", "").option("escape", '"').csv(f"{folder}/{table}.csv")
    frames[table] = frame.select([F.col(c).cast("timestamp" if c in TIMES else "string").alias(c) for c in frame.columns])
if how == "replace":
    for table in tables:
        spark.sql(f"drop table if exists {schema}.{table}")
        frames[table].write.format("parquet").saveAsTable(f"{schema}.{table}")
else:
    latest = spark.sql(" union all ".join(f"select max(unix_micros(received_at)) as t from {schema}.{t}" for t in tables)).agg(F.max("t")).first()[0]
    earliest = frames["pages"].agg(F.min(F.expr("unix_micros(`timestamp`)"))).first()[0]
    shift = latest - earliest + 3_600_000_000
    for table in tables:
        frame = frames[table]
        moved = frame.select([F.expr(f"timestampadd(MICROSECOND, {shift}, `{c}`)").alias(c) if c in TIMES else F.col(c) for c in frame.columns])
        moved.select(spark.table(f"{schema}.{table}").columns).write.insertInto(f"{schema}.{table}")
print(f"{how} in {time.time() - started:.1f} s")
spark.stop()

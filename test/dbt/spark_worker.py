"""One Spark session for a whole test suite: real dbt (dbtRunner, the same code as the `dbt` command) with
dbt-spark's session method, plus the raw-table loader and the table dump the oracle tests need.

Each `dbt` command would otherwise start its own JVM and Spark session (15-35 s each); dbt-spark's session method
takes the running session (`SparkSession.builder.getOrCreate()`), so every command here shares this one.

usage: spark_worker.py SOCKET PARAMETERS_JSON   (listens on the Unix socket; one JSON request per connection)
  {"op": "dbt", "args": [...], "cwd": DIR, "env": {...}}     -> {"ok": bool, "output": TEXT}
  {"op": "load", "schema": S, "tables": [{"name", "csv", "types"}]} -> {"ok": true, "rows": {name: count}}
  {"op": "dump", "schema": S, "tables": [...]}                -> {"ok": true, "tables": {name: [row, ...]}}
"""
import json
import os
import socket
import sys
import traceback

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import TimestampNTZType, TimestampType

from dump_tables import plain  # the same JSON values as the DuckDB and PostgreSQL dumps

# A seed's column type (the project's +column_types, written for DuckDB and PostgreSQL) in Spark's words.
SPARK_TYPES = {"varchar": "string", "text": "string", "timestamp": "timestamp", "bigint": "bigint", "integer": "int"}


def load(spark, request):
    """Raw tables from CSV with real nulls: dbt-spark's session seeds write an empty cell as the text 'None'."""
    schema = request["schema"]
    spark.sql(f"create database if not exists {schema}")
    counts = {}
    for table in request["tables"]:
        frame = (spark.read.option("header", True).option("nullValue", "").option("escape", '"')
                 .option("multiLine", True).csv(table["csv"]))
        for column, kind in table["types"].items():
            frame = frame.withColumn(column, frame[column].cast(SPARK_TYPES.get(kind, kind)))
        spark.sql(f"drop table if exists {schema}.{table['name']}")
        frame.write.format("parquet").saveAsTable(f"{schema}.{table['name']}")
        counts[table["name"]] = spark.table(f"{schema}.{table['name']}").count()
    return {"ok": True, "rows": counts}


def dump(spark, request):
    """Every row of each table; timestamps as UTC text (the session's zone is UTC), to the microsecond."""
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    result = {}
    for name in request["tables"]:
        frame = spark.table(f"{request['schema']}.{name}")
        columns = [F.date_format(F.col(f.name), "yyyy-MM-dd HH:mm:ss.SSSSSS").alias(f.name)
                   if isinstance(f.dataType, (TimestampType, TimestampNTZType)) else F.col(f.name)
                   for f in frame.schema.fields]
        result[name] = [{k: plain(v) for k, v in row.asDict().items()} for row in frame.select(columns).collect()]
    return {"ok": True, "tables": result}


def run_dbt(request):
    from dbt.cli.main import dbtRunner

    os.environ.update(request.get("env", {}))
    os.chdir(request["cwd"])
    lines = []
    result = dbtRunner(callbacks=[lambda event: lines.append(event.info.msg)]).invoke(request["args"])
    if result.exception is not None:
        lines.append(f"{type(result.exception).__name__}: {result.exception}")
    return {"ok": bool(result.success), "output": "\n".join(str(line) for line in lines)}


def serve(path, spark):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Bound under another name and renamed once listening: the socket's path appears only when it can be used.
    server.bind(path + ".new")
    server.listen(1)
    os.rename(path + ".new", path)
    while True:
        connection, _ = server.accept()
        with connection:
            data = b""
            while chunk := connection.recv(1 << 16):
                data += chunk
            request = json.loads(data)
            if request["op"] == "stop":
                connection.sendall(b'{"ok": true}')
                return
            try:
                handler = {"dbt": lambda r: run_dbt(r), "load": lambda r: load(spark, r), "dump": lambda r: dump(spark, r)}[request["op"]]
                response = handler(request)
            except Exception:  # the test sees the traceback as the failure's message
                response = {"ok": False, "output": traceback.format_exc()}
            connection.sendall(json.dumps(response).encode())


def main():
    path, parameters = sys.argv[1], json.loads(sys.argv[2])
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in parameters.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    # The metastore (Derby) is made in the working folder at the first catalog call: make it here, not in a project.
    spark.sql("show databases").collect()
    serve(path, spark)
    spark.stop()


if __name__ == "__main__":
    main()

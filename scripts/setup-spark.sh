#!/usr/bin/env bash
# What the Spark tests need: Java 17 (Debian: openjdk-17-jre-headless) and a virtualenv with dbt-spark's session
# method and pyspark, pinned in scripts/requirements-dbt-spark.txt. pyspark is a 300 MB source package, built on
# install: the virtualenv lives in the user's cache, one per hash of the requirements, and .venv-spark links to it,
# so a fresh clone (CI) reuses it. Delta's jars (the spark profile's spark.jars.packages) come from Maven Central at
# a session's first start and stay in ~/.ivy2: fetched here, so no test waits on the network.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
req="$here/scripts/requirements-dbt-spark.txt"
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Java 17 (Debian package) for Spark..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless > /dev/null
  else
    echo "Spark needs Java 17: install it (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless)." >&2
    exit 1
  fi
fi
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dbt-product-warehouse/venv-spark-$(sha256sum "$req" | cut -c1-16)"
PW_VENV="$cache" PW_REQUIREMENTS="$req" bash "$here/scripts/setup-dbt.sh"
ln -sfn "$cache" "$here/.venv-spark"
"$cache/bin/python" - "$here/examples/shop/profiles.yml" <<'PY'
import sys, tempfile, os, yaml
from pyspark.sql import SparkSession
parameters = yaml.safe_load(open(sys.argv[1]))["product_warehouse_demo"]["outputs"]["spark"]["server_side_parameters"]
os.chdir(tempfile.mkdtemp(prefix="pw-spark-setup-"))
builder = SparkSession.builder
for key, value in parameters.items():
    builder = builder.config(key, value)
spark = builder.getOrCreate()
print("Spark", spark.version, "with", parameters.get("spark.jars.packages"), "ready")
spark.stop()
PY

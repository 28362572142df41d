#!/usr/bin/env bash
# What `npm test` needs beyond node_modules: the dbt virtualenvs (scripts/setup-dbt.sh) and PostgreSQL's server
# binaries (the tests start their own throwaway server). Installs what it can; otherwise says what to install.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/setup-dbt.sh"
# Snowflake, BigQuery, Redshift and Databricks adapters, only for parse/compile checks (no connection).
PW_VENV="$here/.venv-adapters" PW_REQUIREMENTS="$here/scripts/requirements-dbt-adapters.txt" bash "$here/scripts/setup-dbt.sh"
# Spark (dbt-spark session method, Java 17), run for real by test/dbt/spark.test.ts.
bash "$here/scripts/setup-spark.sh"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL (Debian package) for the dbt tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
  else
    echo "The dbt tests need PostgreSQL's server binaries under /usr/lib/postgresql/<version>/bin: install them (Debian/Ubuntu: sudo apt-get install postgresql)." >&2
    exit 1
  fi
fi

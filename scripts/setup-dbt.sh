#!/usr/bin/env bash
# Creates (or reuses) the project-local Python virtualenv with dbt-core, dbt-duckdb and dbt-postgres, pinned in
# scripts/requirements-dbt.txt (PW_VENV and PW_REQUIREMENTS pick another folder and list: the compile checks of the
# other adapters use .venv-adapters with scripts/requirements-dbt-adapters.txt). dbt 1.10 is pinned: later dbt-core releases pull a parser wheel from GitHub at
# install time, which fails on machines that reach only PyPI.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
venv="${PW_VENV:-$here/.venv}"
req="${PW_REQUIREMENTS:-$here/scripts/requirements-dbt.txt}"
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "dbt needs Python 3.9 or later, and '$python' was not found. Install it (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python) or set PYTHON=/path/to/python3." >&2
  exit 1
fi
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/dbt" ] && [ "$(cat "$venv/.requirements.sha" 2>/dev/null)" = "$want" ]; then
  echo "dbt virtualenv ready: $venv"
  exit 0
fi
echo "Creating the dbt virtualenv in $venv from $(basename "$req") (takes a few minutes the first time)..."
if ! "$python" -m venv "$venv"; then
  echo "'$python -m venv' failed: install the venv module (Debian/Ubuntu: apt-get install python3-venv)." >&2
  exit 1
fi
"$venv/bin/pip" install --disable-pip-version-check --progress-bar off -q -r "$req"
echo "$want" > "$venv/.requirements.sha"
"$venv/bin/dbt" --version | sed -n '1,2p'

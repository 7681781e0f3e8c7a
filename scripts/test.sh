#!/usr/bin/env bash
# The whole suite, twice: on SQLite, then on PostgreSQL 16 + pgvector (pgserver).
# Extra arguments go to pytest, e.g. scripts/test.sh -k search -x
# scripts/test.sh --quick: SQLite only, without browser and slow tests (make check).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

run_suite() {
  local label=$1; shift
  local data_dir
  data_dir=$(mktemp -d -t paperwire-test-XXXXXX)
  echo "=== paperwire tests on ${label} ==="
  PAPERWIRE_DATA_DIR="$data_dir" "$@"
  rm -rf "$data_dir"
}

if [ "${1:-}" = "--quick" ]; then
  shift
  run_suite SQLite "$PY" -m pytest -q -m "not browser and not slow" "$@"
  exit
fi

run_suite SQLite "$PY" -m pytest "$@"
run_suite PostgreSQL "$PY" -m tests.support.pg_run "$PY" -m pytest "$@"

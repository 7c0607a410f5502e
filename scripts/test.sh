#!/usr/bin/env bash
# Every test, as `make test` runs it: lint, the suite on SQLite, the suite on PostgreSQL,
# browser tests with the axe-core accessibility check in Debian's Chromium.
# With CI=true nothing is skipped: a missing PostgreSQL or Chromium is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${SAMPLAN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
CI="${CI:-false}"
export SAMPLAN_HTTPS=false
export PYTHONDONTWRITEBYTECODE=1

fail() { echo "make test: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" = "0" ]; }

# System programs the tests drive: Debian's Chromium for Playwright (Playwright's own browser
# download does not work on every machine) and LibreOffice, which opens every generated ODT.
# Installed with apt-get when missing and running as root.
apt_updated=false
need() {  # need COMMAND PACKAGE PURPOSE
  command -v "$1" >/dev/null 2>&1 && return 0
  if is_root && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $2 with apt-get ($3)…"
    if [ "$apt_updated" = "false" ]; then apt-get update -qq || true; apt_updated=true; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null \
      || fail "could not install $2 with apt-get"
  elif [ "$CI" = "true" ]; then
    fail "$2 is missing ($3). Install it: sudo apt-get install -y $2"
  else
    echo "WARNING: $2 is missing; $3 will be skipped. Install: sudo apt-get install -y $2" >&2
  fi
}
need chromium chromium "the browser tests"
need soffice libreoffice-writer-nogui "the ODT tests"
# PostgreSQL on 127.0.0.1:5432; start the local cluster if it is down.
pg_up() { "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as error:
    print(f"PostgreSQL not reachable: {error}", file=sys.stderr)
    sys.exit(1)
PY
}
if ! pg_up 2>/dev/null && command -v pg_ctlcluster >/dev/null 2>&1 && is_root; then
  echo "Starting PostgreSQL…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  sleep 2
fi
run_postgres=true
if ! pg_up; then
  if [ "$CI" = "true" ]; then
    fail "PostgreSQL is not reachable at $PG_URL (CI=true: not skipping)"
  fi
  echo "WARNING: PostgreSQL is not reachable at $PG_URL; the PostgreSQL run is skipped." >&2
  run_postgres=false
fi

status=0
echo "== lint =="
$BIN/ruff check . || status=1
$BIN/ruff format --check . || status=1
$BIN/samplan makemigrations --check --dry-run >/dev/null || { echo "missing migrations" >&2; status=1; }

echo "== tests on SQLite =="
$BIN/pytest -p no:cacheprovider "$@" || status=1

if [ "$run_postgres" = "true" ]; then
  echo "== tests on PostgreSQL =="
  DATABASE_URL="$PG_URL" $BIN/pytest -p no:cacheprovider "$@" || status=1
fi
exit $status

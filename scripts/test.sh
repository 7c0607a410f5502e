#!/usr/bin/env bash
# Every test, as `make test` runs it, in stages: install, system programs, lint, the suite on
# SQLite, the suite on PostgreSQL, and the browser tests with the axe-core accessibility check in
# Debian's Chromium (against PostgreSQL). Ends with a table of the stages and their durations.
#
# Each test runs on both databases unless the database cannot change its outcome (conftest.py,
# `run_of`): the browser and LibreOffice tests run in the PostgreSQL run, tests without database
# access in the SQLite run. The suites run on every core (pytest-xdist; SAMPLAN_TEST_WORKERS).
# With CI=true nothing is skipped: a missing PostgreSQL, Chromium or LibreOffice is a failure.
# Arguments are passed to every pytest run (e.g. scripts/test.sh -x -k plantakt).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${SAMPLAN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
CI="${CI:-false}"
WORKERS="${SAMPLAN_TEST_WORKERS:-$(nproc 2>/dev/null || echo 2)}"
export SAMPLAN_HTTPS=false
# Python keeps the bytecode it compiles (in __pycache__/, ignored by git), even where the
# environment says not to (PYTHONDONTWRITEBYTECODE=1, as some CI images set): otherwise every
# pytest process of every stage compiles Samplan's modules and rewrites every test module's
# assertions again (about 5 s of CPU per process), and so does every `samplan` process a test
# starts (servers, commands, the installed wheel's venv).
unset PYTHONDONTWRITEBYTECODE
LOG_DIR="$(mktemp -d)"
trap 'rm -rf "$LOG_DIR"' EXIT

fail() { echo "make test: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" = "0" ]; }

# Stages -------------------------------------------------------------------------------------
STAGES=()
status=0
passed=0
failed=0
skipped=0

now_ms() { local us="${EPOCHREALTIME/[.,]/}"; echo $((us / 1000)); }
seconds_since() {  # seconds_since START_MS: as "12.3"
  local ms=$(($(now_ms) - $1))
  printf '%d.%d' $((ms / 1000)) $(((ms % 1000) / 100))
}
# stage NAME COMMAND...: run it, remember how long it took and whether it passed.
stage() {
  local name="$1" start result
  shift
  echo
  echo "== $name =="
  start=$(now_ms)
  if "$@"; then result=ok; else result=FAILED; status=1; fi
  STAGES+=("$(printf '%-34s %7s s  %s' "$name" "$(seconds_since "$start")" "$result")")
}

# pytest_run LOG ARGS...: pytest with its output shown and kept, counts added to the totals.
pytest_run() {
  local log="$LOG_DIR/$1" rc summary count
  shift
  "$BIN/pytest" -p no:cacheprovider -n "$WORKERS" --durations=15 "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  summary=$(grep -E '^=+ .*(passed|failed|error|no tests ran).* in [0-9.]+s' "$log" | tail -1)
  for kind in passed failed skipped error errors; do
    count=$(echo "$summary" | grep -oE "[0-9]+ $kind\b" | grep -oE '^[0-9]+' || true)
    [ -z "$count" ] && continue
    case "$kind" in
      passed) passed=$((passed + count)) ;;
      skipped) skipped=$((skipped + count)) ;;
      *) failed=$((failed + count)) ;;
    esac
  done
  # Exit code 5 (no tests collected) is a failure too: every run has tests.
  return "$rc"
}

print_table() {
  echo
  echo "== stages =="
  printf '%-34s %9s  %s\n' "stage" "time" "result"
  for line in "${STAGES[@]}"; do echo "$line"; done
  printf '%-34s %7s s\n' "total" "$(seconds_since "$START")"
  echo
  # The totals over all pytest runs, as one line.
  echo "make test: $passed passed, $failed failed, $skipped skipped"
}

START=$(now_ms)

# Install ------------------------------------------------------------------------------------
stage "install (.venv, make install-dev)" make --no-print-directory install-dev \
  || { print_table; exit 1; }

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
run_postgres=true
system_programs() {
  need chromium chromium "the browser tests"
  need soffice libreoffice-writer-nogui "the ODT tests"
  if ! pg_up 2>/dev/null && command -v pg_ctlcluster >/dev/null 2>&1 && is_root; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    sleep 2
  fi
  if ! pg_up; then
    if [ "$CI" = "true" ]; then
      fail "PostgreSQL is not reachable at $PG_URL (CI=true: not skipping)"
    fi
    echo "WARNING: PostgreSQL is not reachable at $PG_URL; the SQLite run runs every test." >&2
    run_postgres=false
  fi
}
stage "system programs (apt, PostgreSQL)" system_programs || { print_table; exit 1; }

# Lint ---------------------------------------------------------------------------------------
lint() {
  local result=0
  "$BIN/ruff" check . || result=1
  "$BIN/ruff" format --check . || result=1
  "$BIN/samplan" makemigrations --check --dry-run >/dev/null \
    || { echo "missing migrations" >&2; result=1; }
  return $result
}
stage "lint (ruff, migrations)" lint

# Tests --------------------------------------------------------------------------------------
on_postgres() { DATABASE_URL="$PG_URL" pytest_run "$@"; }
only_run() { SAMPLAN_SINGLE_RUN=true pytest_run "$@"; }
if [ "$run_postgres" = "true" ]; then
  stage "tests on SQLite" pytest_run sqlite.log -m "not browser" "$@"
  stage "tests on PostgreSQL" on_postgres postgresql.log -m "not browser" "$@"
  stage "browser + axe (PostgreSQL)" on_postgres browser.log -m browser "$@"
else
  # Without PostgreSQL (outside CI) the SQLite run is the only one and runs every test.
  stage "tests on SQLite (the only run)" only_run sqlite.log "$@"
fi
print_table
exit $status

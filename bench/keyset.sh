#!/usr/bin/env bash
# Deep pages at a million tasks (issue 9 item 1): GET /api/tasks by cursor deep in the list, by
# offset=500000 (old clients, deferred join), and the window's scrollbar jumps (tests/ui
# tst_tableseek against the same database), on one PostgreSQL 15 server.
#
#   bench/keyset.sh                                   # makes a throwaway server and 1M tasks
#   DATABASE_URL=postgresql://.../bench1m bench/keyset.sh   # an existing, filled database
#
# Environment (all optional):
#   TASKDECK_BIN   taskdeck-server binary (default build/taskdeck-server of this checkout)
#   ROWS=1000000   tasks made with ../shared/data/make_sample.py and --import (no DATABASE_URL)
#   REPEAT=7       requests per case; the median and the slowest are printed
#   SORTS="created_at updated_at title status priority cost category"
#   SEEK_TEST      tst_tableseek binary (default build/tests/ui/tst_tableseek; skipped if absent)
#   PORT=18431     the server's port
# Prints a Markdown table (milliseconds, curl's time_total, one connection, no load).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
TASKDECK_BIN=${TASKDECK_BIN:-$ROOT/build/taskdeck-server}
SEEK_TEST=${SEEK_TEST:-$ROOT/build/tests/ui/tst_tableseek}
ROWS=${ROWS:-1000000}
REPEAT=${REPEAT:-7}
SORTS=${SORTS:-created_at updated_at title status priority cost category}
PORT=${PORT:-18431}
PASSWORD=a-long-bench-password
WORK=$(mktemp -d /tmp/taskdeck-keyset.XXXXXX)
PGDIR=""
SERVER=""

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -n "$PGDIR" ] && "$ROOT/scripts/pg-throwaway.sh" stop "$PGDIR"
  rm -rf "$WORK"
}
trap cleanup EXIT

URL=${DATABASE_URL:-}
if [ -z "$URL" ]; then
  read -r PGDIR PGURL < <(PG_THROWAWAY_DURABLE=1 "$ROOT/scripts/pg-throwaway.sh")
  psql -q "$PGURL" -c "CREATE DATABASE keyset_bench" >/dev/null
  URL="${PGURL%/*}/keyset_bench"
  log "writing $ROWS tasks"
  /usr/bin/python3 "$ROOT/../shared/data/make_sample.py" "$ROWS" >"$WORK/tasks.csv"
  log "importing"
  "$TASKDECK_BIN" --database-url "$URL" --admin-password "$PASSWORD" --import "$WORK/tasks.csv" \
    >"$WORK/import.log" 2>&1 || { tail -3 "$WORK/import.log" >&2; exit 1; }
  psql -q "$URL" -c "VACUUM ANALYZE tasks" >/dev/null
fi

"$TASKDECK_BIN" --database-url "$URL" --port "$PORT" --admin-password "$PASSWORD" \
  >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -fs -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/auth/login" |
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

get() { curl -fs -o "$WORK/body.json" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/api/tasks?$1"; }
# median and max of REPEAT runs, in ms
measure() {
  for _ in $(seq "$REPEAT"); do get "$1"; done | sort -n |
    awk '{v[NR]=$1*1000} END {printf "%.1f | %.1f", v[int((NR+1)/2)], v[NR]}'
}

echo "| request | median ms | max ms |"
echo "|---|---|---|"
for sort in $SORTS; do
  for order in desc asc; do
    q="sort=$sort&order=$order&limit=10"
    echo "| offset=500000, $sort $order | $(measure "$q&offset=500000") |"
    # a cursor deep in the list: the next_cursor of the page at offset 499990
    get "$q&offset=499990" >/dev/null
    cursor=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["next_cursor"])' "$WORK/body.json")
    echo "| cursor after row 500000, $sort $order | $(measure "$q&cursor=$cursor") |"
  done
done
echo "| offset=0 (first page), created_at desc | $(measure "limit=10") |"

if [ -x "$SEEK_TEST" ]; then
  log "window jumps (tst_tableseek)"
  QT_QPA_PLATFORM=offscreen TASKDECK_SEEK_DATABASE_URL="$URL" "$SEEK_TEST" 2>&1 | grep -E "seek |Totals" || true
fi

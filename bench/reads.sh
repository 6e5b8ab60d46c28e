#!/usr/bin/env bash
# Search and time series at a million tasks (issue 9 items 2 and 3): single GET requests (one
# connection, no load) for q= searches and /api/metrics/timeseries on one PostgreSQL 15 server.
#
#   bench/reads.sh                                          # throwaway server, 1M tasks
#   DATABASE_URL=postgresql://.../bench1m bench/reads.sh    # an existing, filled database
#
# Environment (all optional):
#   TASKDECK_BIN   taskdeck-server binary (default build/taskdeck-server of this checkout)
#   ROWS=1000000   tasks made with ../shared/data/make_sample.py and --import (no DATABASE_URL)
#   REPEAT=7       requests per case; the median and the slowest are printed
#   NOW_MS         the end of the time-series ranges (default: the sample's "now",
#                  2026-11-29T00:00:00Z, so the ranges hold the sample's 90 days)
#   PORT=18432     the server's port
# Prints a Markdown table (milliseconds, curl's time_total).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
TASKDECK_BIN=${TASKDECK_BIN:-$ROOT/build/taskdeck-server}
ROWS=${ROWS:-1000000}
REPEAT=${REPEAT:-7}
PORT=${PORT:-18432}
NOW_MS=${NOW_MS:-1795910400000}
PASSWORD=a-long-bench-password
WORK=$(mktemp -d /tmp/taskdeck-reads.XXXXXX)
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
  psql -q "$PGURL" -c "CREATE DATABASE reads_bench" >/dev/null
  URL="${PGURL%/*}/reads_bench"
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
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.5; done
TOKEN=$(curl -fs -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/auth/login" |
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

get() { curl -fs -o "$WORK/body.json" -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$PORT/api/$1"; }
# median and max of REPEAT runs, in ms
measure() {
  for _ in $(seq "$REPEAT"); do get "$1"; done | sort -n |
    awk '{v[NR]=$1*1000} END {printf "%.1f | %.1f", v[int((NR+1)/2)], v[NR]}'
}
total() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("total"))' "$WORK/body.json"; }

# ISO 8601 (UTC, milliseconds) of epoch milliseconds: the API's timestamp format
iso() { /usr/bin/python3 -c 'import datetime,sys; ms=int(sys.argv[1]); print(datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000))' "$1"; }
ts() { echo "metrics/timeseries?bucket=$1&from=$(iso "$2")&to=$(iso "$3")"; }

day=86400000
hour=3600000
echo "| request | median ms | max ms | matches |"
echo "|---|---|---|---|"
for q in "Escalation%20for%20mobile" "escalation" "%C3%BCbersicht" "100%25%20done_ok" "zzzq" "mo" "x"; do
  r="tasks?q=$q&limit=10"
  m=$(measure "$r"); get "$r" >/dev/null
  echo "| GET /api/tasks?q=$q&limit=10 | $m | $(total) |"
done
from=$((NOW_MS - 90 * day))
echo "| timeseries 90 days by day | $(measure "$(ts day $from $NOW_MS)") | |"
from=$((NOW_MS - 24 * hour))
echo "| timeseries 24 h by hour | $(measure "$(ts hour $from $NOW_MS)") | |"
from=$((NOW_MS - 7 * day))
echo "| timeseries 10,000 minutes by minute | $(measure "$(ts minute $from $((from + 10000 * 60000)))") | |"
from=$((NOW_MS - 90 * day + 12345))
echo "| timeseries 90 days by day, unaligned ends | $(measure "$(ts day $from $((NOW_MS - 54321)))") | |"

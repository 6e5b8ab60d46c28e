#!/usr/bin/env bash
# Retention under load (issue 12, "Done when"): OLD finished tasks older than the limit among NEW
# newer tasks are removed by `taskdeck --purge-finished-older-than 30` while a running server
# answers a closed-loop load of reads and writes (wrk, bench/wrk/mixed.lua); afterwards the
# maintained totals must equal a COUNT/SUM over the table, and no request may have taken longer
# than 1 s. A dry run first must remove nothing. Prints a result block (markdown) for
# docs/MEASUREMENTS.md and exits non-zero when a check fails.
#
#   bench/retention.sh sqlite
#   bench/retention.sh postgres      # on a throwaway PostgreSQL (scripts/pg-throwaway.sh, durable)
#   OLD=10000 NEW=10000 bench/retention.sh sqlite     # a quick trial
#
# Environment (optional): TASKDECK_BIN (default build/taskdeck), OLD=100000, NEW=100000,
# CONNECTIONS=8 THREADS=2 (wrk), OUT_DIR (default build/bench-retention), SETTLE=5 (seconds of
# load before the purge starts and after it ends), BASELINE=15 (seconds of the same load without a
# purge first, for comparison).
# Uses only Taskdeck's command line and HTTP API, plus sqlite3/psql for the COUNT/SUM checks.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BACKEND=${1:-sqlite}
TASKDECK_BIN=${TASKDECK_BIN:-$ROOT/build/taskdeck}
OLD=${OLD:-100000}
NEW=${NEW:-100000}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
OUT_DIR=${OUT_DIR:-$ROOT/build/bench-retention}
SETTLE=${SETTLE:-5}
BASELINE=${BASELINE:-15}
PASSWORD=a-long-bench-password

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
for tool in wrk curl python3; do command -v $tool >/dev/null || die "$tool is needed"; done
[ -x "$TASKDECK_BIN" ] || die "no taskdeck binary at $TASKDECK_BIN (scripts/build.sh)"

mkdir -p "$OUT_DIR"
rm -rf "${OUT_DIR:?}/$BACKEND"
mkdir -p "$OUT_DIR/$BACKEND"
WORK="$OUT_DIR/$BACKEND"
PGDIR=""
SERVER_PID=""
WRK_PID=""
cleanup() {
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$PGDIR" ] && "$ROOT/scripts/pg-throwaway.sh" stop "$PGDIR" || true
}
trap cleanup EXIT

case $BACKEND in
  sqlite)
    command -v sqlite3 >/dev/null || die "sqlite3 is needed"
    URL="sqlite://$WORK/tasks.db"
    sql() { sqlite3 "$WORK/tasks.db" "$1"; }
    ;;
  postgres)
    command -v psql >/dev/null || die "psql is needed"
    read -r PGDIR PGURL < <(PG_THROWAWAY_DURABLE=1 "$ROOT/scripts/pg-throwaway.sh")
    psql -q "$PGURL" -c "CREATE DATABASE retention_bench" >/dev/null
    URL="${PGURL%/*}/retention_bench"
    sql() { psql -qtAX "$URL" -c "$1"; }
    ;;
  *) die "usage: $0 sqlite|postgres" ;;
esac

# --- data: OLD finished tasks last changed 40-400 days ago, NEW tasks of the last 20 days -------
log "writing $OLD old finished + $NEW new tasks"
python3 - "$WORK/tasks.jsonl" "$OLD" "$NEW" <<'PY'
import json, sys, time, uuid
from datetime import datetime, timezone
path, old, new = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
now = int(time.time() * 1000)
day = 86400000
def iso(ms): return datetime.fromtimestamp(ms / 1000, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
finished = ["completed", "failed", "cancelled"]
everything = ["pending", "in_progress", "completed", "failed", "cancelled"]
cats = ["ops", "billing", "reports", None]
with open(path, "w") as f:
    for i in range(old + new):
        if i < old:
            status, updated = finished[i % 3], now - 40 * day - (i * 997) % (360 * day)
        else:
            status, updated = everything[i % 5], now - (i * 991) % (20 * day)
        t = {"id": str(uuid.uuid4()), "title": "task %d" % i, "status": status,
             "priority": i % 4, "cost": (i % 1000) / 100, "created_at": iso(updated - 600000),
             "updated_at": iso(updated)}
        if cats[i % 4]: t["category"] = cats[i % 4]
        if status != "pending": t["started_at"] = iso(updated - 300000)
        if status in finished: t["completed_at"] = iso(updated)
        f.write(json.dumps(t) + "\n")
PY
log "importing"
"$TASKDECK_BIN" --database-url "$URL" --admin-password "$PASSWORD" --import "$WORK/tasks.jsonl" \
  >"$WORK/import.log" 2>&1 || die "import failed: $(tail -3 "$WORK/import.log")"

count_old() {
  sql "SELECT COUNT(*) FROM tasks WHERE status IN ('completed','failed','cancelled') AND updated_at < $(( $(date +%s) * 1000 - 30 * 86400000 ))"
}
[ "$(count_old)" = "$OLD" ] || die "expected $OLD old finished tasks, found $(count_old)"

# --- dry run: prints the count, removes nothing ---------------------------------------------------
"$TASKDECK_BIN" --database-url "$URL" --purge-finished-older-than 30 --dry-run >"$WORK/dry-run.log" 2>&1
grep -q "would remove $OLD finished task(s)" "$WORK/dry-run.log" || die "dry run: $(cat "$WORK/dry-run.log")"
[ "$(sql 'SELECT COUNT(*) FROM tasks')" = "$((OLD + NEW))" ] || die "the dry run removed tasks"

# --- server and load ------------------------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$TASKDECK_BIN" --headless --port "$PORT" --database-url "$URL" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -s -X POST "$BASE/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" |
  sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || die "login failed"

log "baseline: the same load for ${BASELINE}s without a purge"
BASE_RESULT=$(TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNECTIONS" -d"${BASELINE}s" --timeout 10s \
  -s "$HERE/wrk/mixed.lua" "$BASE" | grep WRKRESULT || true)
log "$BASE_RESULT"
log "load: wrk -c$CONNECTIONS -t$THREADS (reads and writes)"
TOKEN=$TOKEN wrk -t"$THREADS" -c"$CONNECTIONS" -d600s --timeout 10s -s "$HERE/wrk/mixed.lua" \
  "$BASE" >"$WORK/wrk.log" 2>&1 &
WRK_PID=$!
sleep "$SETTLE"
log "purge"
start=$(date +%s.%N)
"$TASKDECK_BIN" --database-url "$URL" --purge-finished-older-than 30 >"$WORK/purge.log" 2>&1 ||
  die "purge failed: $(cat "$WORK/purge.log")"
end=$(date +%s.%N)
sleep "$SETTLE"
kill -INT "$WRK_PID"
wait "$WRK_PID" || true
WRK_PID=""
RESULT=$(grep WRKRESULT "$WORK/wrk.log" || true)
[ -n "$RESULT" ] || die "wrk printed no result: $(cat "$WORK/wrk.log")"
log "$RESULT"

# --- checks: nothing old left, the new ones all there, totals = COUNT/SUM -----------------------
sleep 1
METRICS=$(curl -s "$BASE/api/metrics" -H "Authorization: Bearer $TOKEN")
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
python3 - "$METRICS" "$(sql "SELECT COUNT(*), SUM(CASE WHEN status='completed' THEN 1 ELSE 0 END), SUM(CASE WHEN status='failed' THEN 1 ELSE 0 END), SUM(cost_e4) FROM tasks" | tr '|' ' ')" \
  "$(sql "SELECT COUNT(*) FROM tasks WHERE title <> 'retention load'")" "$NEW" "$(count_old)" <<'PY' || die "totals do not match"
import json, sys
m = json.loads(sys.argv[1]); total, completed, failed, cost = (int(x) for x in sys.argv[2].split())
seeded_left, new, old_left = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
checks = {
    "old finished left = 0": old_left == 0,
    "every new task kept": seeded_left == new,
    "total_tasks = COUNT(*)": m["total_tasks"] == total,
    "completed_tasks = COUNT(completed)": m["completed_tasks"] == completed,
    "failed_tasks = COUNT(failed)": m["failed_tasks"] == failed,
    "total_cost = SUM(cost)": round(m["total_cost"] * 10000) == cost,
}
for k, v in checks.items(): print(("ok   " if v else "FAIL ") + k)
sys.exit(0 if all(checks.values()) else 1)
PY

MAX=$(sed -n 's/.*max_ms=\([0-9.]*\).*/\1/p' <<<"$RESULT")
ERRORS=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' <<<"$RESULT")
cat <<EOF

### Retention under load: $BACKEND, $OLD old finished among $NEW newer ($(date -u +%F))
- purge: $(grep -o 'Removed.*' "$WORK/purge.log"); wall $(python3 -c "print(round($end - $start, 2))") s
- load during the purge (wrk -c$CONNECTIONS, reads and writes, from ${SETTLE} s before to ${SETTLE} s after): $RESULT
- slowest request: $MAX ms; errors: $ERRORS
- the same load without a purge (${BASELINE} s before): $BASE_RESULT
EOF
python3 -c "import sys; sys.exit(0 if float('$MAX') < 1000 and int('$ERRORS') == 0 else 1)" ||
  die "a request took longer than 1 s or failed"

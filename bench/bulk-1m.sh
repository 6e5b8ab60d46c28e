#!/usr/bin/env bash
# Issue 11's "Done when" at a million tasks, one command: under Xvfb, on PostgreSQL 15 with the
# 1M-task data set, the window retries every failed task of one category (the one with the most
# failed tasks, several thousand) while another instance's window shows that category's failed
# tasks live; the counts are compared with the API and with SQL before and after.
#
#   bench/bulk-1m.sh                                      # throwaway server, 1M tasks loaded
#   DATABASE_URL=postgresql://.../bulk1m bench/bulk-1m.sh  # an existing, filled database
#                                                         # (changed: its failed tasks of one
#                                                         # category become pending)
#
# Processes, all on the same database and the same Xvfb display:
#   - taskdeck-server on PORT: "the API" the counts are compared with (and the default view of
#     the admin account is created through it: status=failed&category=<the category>);
#   - the window (build/taskdeck --gui-user admin, API on PORT+1): "another instance", starting on
#     its Tasks page with that default view, so it lists the failed tasks of the category;
#   - tests/ui tst_bulkactions retryFailedOfOneCategory with TASKDECK_BULK_DATABASE_URL: the
#     Tasks page (xcb platform) that selects all matching the filter and retries them.
# Screenshots of the whole display (xwd) before the retry, while the summary shows, and after;
# the test's own picture of the summary over its page. All in OUT.
#
# Environment (all optional):
#   ROWS=1000000    tasks to load (no DATABASE_URL)
#   CSV             the sample file, made if missing and kept for the next run (default
#                   ../bench-data/tasks-ROWS.csv next to this checkout)
#   OUT             screenshots and logs (default build/bulk-1m of this checkout)
#   TASKDECK_BIN / SERVER_BIN / TEST_BIN   build/taskdeck, build/taskdeck-server,
#                   build/tests/ui/tst_bulkactions of this checkout
#   DISPLAY_NUM=99  the Xvfb display (1600x1000x24)
#   PORT=18433      taskdeck-server's port (the window's API: PORT+1)
#   FOLD_STATS=1    fold the statistics delta logs (SELECT task_stats_compact(), no statement
#                   timeout) before the run. Since migration 015 `--import` folds its own deltas
#                   (before it, it left ~3.7M rows at 1M tasks that no fold could finish within
#                   the 5 s statement timeout: docs/MEASUREMENTS.md); default 0: the database as
#                   the import left it, which the figures report.
# Exits non-zero when any count differs (test, API or SQL) or a step fails.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ROWS=${ROWS:-1000000}
CSV=${CSV:-$(cd "$ROOT/.." && pwd)/bench-data/tasks-$ROWS.csv}
OUT=${OUT:-$ROOT/build/bulk-1m}
TASKDECK_BIN=${TASKDECK_BIN:-$ROOT/build/taskdeck}
SERVER_BIN=${SERVER_BIN:-$ROOT/build/taskdeck-server}
TEST_BIN=${TEST_BIN:-$ROOT/build/tests/ui/tst_bulkactions}
DISPLAY_NUM=${DISPLAY_NUM:-99}
PORT=${PORT:-18433}
GUI_PORT=$((PORT + 1))
PASSWORD=a-long-bench-password # bench/make-1m.sh's admin password
API="http://127.0.0.1:$PORT"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
for tool in Xvfb xwd xwininfo xwdtopnm pnmcut pnmpaste pnmtopng curl psql; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y xvfb x11-apps netpbm curl postgresql-client)"
done
for bin in "$TASKDECK_BIN" "$SERVER_BIN" "$TEST_BIN"; do
  [ -x "$bin" ] || die "$bin not found: build first (cmake --build build --target taskdeck taskdeck-server tst_bulkactions)"
done
mkdir -p "$OUT" "$(dirname "$CSV")"

WORK=$(mktemp -d /tmp/taskdeck-bulk1m.XXXXXX)
PGDIR="" XVFB="" SERVER="" WINDOW="" TEST=""
stop() { [ -n "$1" ] && kill "$1" 2>/dev/null && wait "$1" 2>/dev/null || true; }
cleanup() {
  stop "$TEST"; stop "$WINDOW"; stop "$SERVER"; stop "$XVFB"
  [ -n "$PGDIR" ] && "$ROOT/scripts/pg-throwaway.sh" stop "$PGDIR"
  rm -rf "$WORK"
}
trap cleanup EXIT

URL=${DATABASE_URL:-}
if [ -z "$URL" ]; then
  read -r PGDIR PGURL < <(PG_THROWAWAY_DURABLE=1 "$ROOT/scripts/pg-throwaway.sh")
  psql -q "$PGURL" -c "CREATE DATABASE bulk_bench" >/dev/null
  URL="${PGURL%/*}/bulk_bench"
  log "loading $ROWS tasks (bench/make-1m.sh, CSV $CSV)"
  ROWS=$ROWS CSV=$CSV TASKDECK_BIN=$SERVER_BIN "$HERE/make-1m.sh" "$URL" >"$OUT/make-1m.log" 2>&1 ||
    { tail -5 "$OUT/make-1m.log" >&2; die "make-1m.sh"; }
  grep -E "import:|Imported|imported" "$OUT/make-1m.log" >&2 || true
fi
case "$URL" in postgres://*|postgresql://*) ;; *) die "DATABASE_URL must be PostgreSQL" ;; esac

log "Xvfb :$DISPLAY_NUM"
Xvfb ":$DISPLAY_NUM" -screen 0 1600x1000x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB=$!
export DISPLAY=":$DISPLAY_NUM"
for _ in $(seq 100); do xwd -root -silent >/dev/null 2>&1 && break; sleep 0.1; done
# The display as PNG. xwd -root alone shows a Qt dialog of the test as a black box under Xvfb
# without a window manager (xwd -id of the same window has its content), so every viewable
# top-level window is pasted over the root picture, bottom-most first.
shot() {
  local img="$WORK/shot.pnm" id w h x y
  xwd -root -silent | xwdtopnm 2>/dev/null >"$img"
  xwininfo -root -children |
    sed -n 's/^ *\(0x[0-9a-f]*\) .* \([0-9]*\)x\([0-9]*\)+\([0-9]*\)+\([0-9]*\)  .*/\1 \2 \3 \4 \5/p' | tac |
    while read -r id w h x y; do
      [ "$w" -gt 8 ] && [ "$h" -gt 8 ] && [ "$x" -lt 1600 ] && [ "$y" -lt 1000 ] || continue
      xwininfo -id "$id" | grep -q IsViewable || continue
      xwd -id "$id" -silent 2>/dev/null | xwdtopnm 2>/dev/null |
        pnmcut 0 0 $((w < 1600 - x ? w : 1600 - x)) $((h < 1000 - y ? h : 1000 - y)) \
          >"$WORK/win.pnm" 2>/dev/null || continue
      pnmpaste "$WORK/win.pnm" "$x" "$y" "$img" >"$img.new" 2>/dev/null && mv "$img.new" "$img"
    done
  pnmtopng "$img" >"$OUT/$1.png"
  log "screenshot $OUT/$1.png"
}

log "taskdeck-server on :$PORT (the API)"
"$SERVER_BIN" --database-url "$URL" --port "$PORT" --admin-password "$PASSWORD" \
  >"$OUT/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 150); do curl -fs "$API/api/health" >/dev/null && break; sleep 0.2; done
curl -fs "$API/api/health" >/dev/null || { tail -5 "$OUT/server.log" >&2; die "server did not start"; }
TOKEN=$(curl -fs -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$API/api/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])') || die "login"
apiget() { curl -fs -H "Authorization: Bearer $TOKEN" "$API$1"; }
# total of GET /api/tasks for a query string
apicount() { apiget "/api/tasks?limit=1&$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
sqlcount() { psql -qtA "$URL" -c "SELECT count(*) FROM tasks WHERE $1"; }
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
sqlq() { printf "'%s'" "${1//\'/\'\'}"; }

# The category with the most failed tasks, first by name on a tie (as the test picks it).
CATEGORY=$(apiget /api/tasks/metrics/summary | python3 -c '
import json, sys
cats = sorted((c for c in json.load(sys.stdin)["by_category"] if c), key=lambda c: (c.lower(), c))
print("\n".join(cats))' | while read -r c; do
  printf '%s\t%s\n' "$(apicount "status=failed&category=$(urlenc "$c")")" "$c"
done | sort -t$'\t' -k1,1nr -s | head -1 | cut -f2)
[ -n "$CATEGORY" ] || die "no category"
CAT_Q="category=$(urlenc "$CATEGORY")"
CAT_SQL="category = $(sqlq "$CATEGORY")"

counts() { # prefix: API counts and SQL counts of failed/pending in the category and overall
  local p=$1
  eval "${p}_API_FAILED=$(apicount "status=failed&$CAT_Q")"
  eval "${p}_API_PENDING=$(apicount "status=pending&$CAT_Q")"
  eval "${p}_API_PENDING_ALL=$(apicount "status=pending")"
  eval "${p}_SQL_FAILED=$(sqlcount "status = 'failed' AND $CAT_SQL")"
  eval "${p}_SQL_PENDING=$(sqlcount "status = 'pending' AND $CAT_SQL")"
  eval "${p}_SQL_PENDING_ALL=$(sqlcount "status = 'pending'")"
}
if [ "${FOLD_STATS:-0}" = 1 ]; then
  log "folding the statistics delta logs"
  psql -qtA "$URL" -c "SELECT task_stats_compact()" >/dev/null
fi
DELTAS=$(psql -qtA "$URL" -c "SELECT (SELECT count(*) FROM task_stats_delta) + (SELECT count(*) FROM task_series_delta)")
counts BEFORE
log "category '$CATEGORY': $BEFORE_API_FAILED failed (SQL $BEFORE_SQL_FAILED), $BEFORE_API_PENDING pending"
[ "$BEFORE_API_FAILED" = "$BEFORE_SQL_FAILED" ] || die "API and SQL differ before the retry"

# The other instance's window: the admin's default view lists the category's failed tasks.
VIEW=$(python3 -c 'import json,sys; print(json.dumps({"name": "bulk-1m: failed " + sys.argv[1],
  "query": "status=failed&" + sys.argv[2], "is_default": True}))' "$CATEGORY" "$CAT_Q")
curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \
  -d "$VIEW" "$API/api/views" || die "POST /api/views"
mkdir -p "$WORK/config/Taskdeck" "$WORK/data"
printf '[display]\nstartPage=tasks\n' >"$WORK/config/Taskdeck/taskdeck.conf"
log "the other instance's window (API on :$GUI_PORT)"
XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data" QT_QPA_PLATFORM=xcb \
  "$TASKDECK_BIN" --database-url "$URL" --port "$GUI_PORT" --admin-password "$PASSWORD" \
  --gui-user admin --gui-password "$PASSWORD" >"$OUT/window.log" 2>&1 &
WINDOW=$!
for _ in $(seq 150); do curl -fs "http://127.0.0.1:$GUI_PORT/api/health" >/dev/null && break; sleep 0.2; done
kill -0 "$WINDOW" 2>/dev/null || { tail -5 "$OUT/window.log" >&2; die "the window did not start"; }
sleep 15 # sign-in, the default view, the first rows and the total
shot before

log "tst_bulkactions retryFailedOfOneCategory (xcb, the 1M database)"
QT_QPA_PLATFORM=xcb TASKDECK_BULK_DATABASE_URL="$URL" TASKDECK_SCREENSHOT_DIR="$OUT" \
  TASKDECK_BULK_HOLD_MS=20000 "$TEST_BIN" retryFailedOfOneCategory >"$OUT/test.log" 2>&1 &
TEST=$!
until grep -qs "BULK after:" "$OUT/test.log" || ! kill -0 "$TEST" 2>/dev/null; do sleep 0.5; done
if grep -q "BULK after:" "$OUT/test.log"; then
  sleep 8 # the other window follows the change feed
  shot summary
fi
rc=0
wait "$TEST" || rc=$?
TEST=""
grep -E "BULK|PASS|FAIL|Totals" "$OUT/test.log" >&2 || true
[ "$rc" = 0 ] || die "tst_bulkactions exited $rc (see $OUT/test.log)"
sleep 2
shot after

counts AFTER
field() { sed -n "s/.*BULK result:.* $1=\([0-9]*\).*/\1/p" "$OUT/test.log"; }
TEST_CATEGORY=$(sed -n 's/.*BULK result: category=\(.*\) selected=.*/\1/p' "$OUT/test.log")
SELECTED=$(field selected)
OK=$(field ok)
fail=0
check() { if [ "$2" != "$3" ]; then log "MISMATCH $1: $2 != $3"; fail=1; fi; }
check "category (test, API)" "$TEST_CATEGORY" "$CATEGORY"
check "selected = failed before (API)" "$SELECTED" "$BEFORE_API_FAILED"
check "summary ok = selected" "$OK" "$SELECTED"
check "failed after (API)" "$AFTER_API_FAILED" 0
check "failed after (SQL)" "$AFTER_SQL_FAILED" 0
check "pending in category after (API)" "$AFTER_API_PENDING" $((BEFORE_API_PENDING + SELECTED))
check "pending in category after (SQL)" "$AFTER_SQL_PENDING" $((BEFORE_SQL_PENDING + SELECTED))
check "pending overall after (API)" "$AFTER_API_PENDING_ALL" $((BEFORE_API_PENDING_ALL + SELECTED))
check "pending overall after (SQL)" "$AFTER_SQL_PENDING_ALL" $((BEFORE_SQL_PENDING_ALL + SELECTED))

cat <<EOF
| figure | value |
|---|---|
| tasks in the database | $(sqlcount "true") |
| statistics delta rows not folded at the start | $DELTAS |
| category | $CATEGORY |
| selected ("Select All Matching the Filter") | $SELECTED |
| Retry (Yes) to the summary | $(field summary_ms) ms |
| longest GUI-thread stall until the summary | $(field stall_ms) ms |
| until the page's own table was empty (change feed) | $(field table_empty_ms) ms, longest stall $(field stall_until_table_empty_ms) ms |
| summary | ok $OK, not_found $(field not_found), conflict $(field conflict), precondition_failed $(field precondition_failed) |
| failed in the category, API / SQL | before $BEFORE_API_FAILED / $BEFORE_SQL_FAILED, after $AFTER_API_FAILED / $AFTER_SQL_FAILED |
| pending in the category, API / SQL | before $BEFORE_API_PENDING / $BEFORE_SQL_PENDING, after $AFTER_API_PENDING / $AFTER_SQL_PENDING |
| pending overall, API / SQL | before $BEFORE_API_PENDING_ALL / $BEFORE_SQL_PENDING_ALL, after $AFTER_API_PENDING_ALL / $AFTER_SQL_PENDING_ALL |
| screenshots | $OUT/{before,summary,after,taskdeck-bulk-category-summary}.png |
EOF
[ "$fail" = 0 ] || die "counts differ"
log "all counts agree"

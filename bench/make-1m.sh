#!/usr/bin/env bash
# The 1M-task data set for the benchmarks (issue 9 item 5), one command:
#
#   bench/make-1m.sh postgresql://user@host:5432/bench1m     # or DATABASE_URL=... bench/make-1m.sh
#   ROWS=200000 bench/make-1m.sh sqlite:///tmp/bench.db
#
# Writes ROWS tasks with ../shared/data/make_sample.py (deterministic: the same rows every time;
# ~190 MB of CSV for 1M rows, in a temporary file unless CSV names one to keep or reuse) and
# loads them with `taskdeck-server --import`, which streams the file (bounded memory, all rows in
# one transaction: a failure leaves the database as it was) and migrates an empty database
# first. Then VACUUM ANALYZE on PostgreSQL. The database must not hold these ids already (the
# import refuses the whole file, naming the first stored id's line). Prints the import's summary
# and its wall time and peak RSS (GNU time).
#
# Environment (all optional):
#   ROWS=1000000     tasks to make
#   CSV              keep the sample here (made if missing, reused if present)
#   TASKDECK_BIN     taskdeck-server binary (default build/taskdeck-server of this checkout)
#   SHARED_DIR       the shared folder (default ../shared next to this checkout)
#   ADMIN_PASSWORD   the admin password for a new database (default a-long-bench-password, as
#                    the other bench scripts use)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
URL=${1:-${DATABASE_URL:-}}
ROWS=${ROWS:-1000000}
TASKDECK_BIN=${TASKDECK_BIN:-$ROOT/build/taskdeck-server}
SHARED_DIR=${SHARED_DIR:-$ROOT/../shared}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-a-long-bench-password}

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
[ -n "$URL" ] || { echo "usage: $0 DATABASE_URL   (or DATABASE_URL=... $0)" >&2; exit 2; }
[ -x "$TASKDECK_BIN" ] || { echo "$TASKDECK_BIN not found: build first (scripts/build.sh)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/taskdeck-make1m.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
file=${CSV:-$WORK/tasks.csv}
if [ ! -s "$file" ]; then
  log "writing $ROWS tasks to $file"
  /usr/bin/python3 "$SHARED_DIR/data/make_sample.py" "$ROWS" >"$file.part"
  mv "$file.part" "$file"
fi

log "importing into $URL"
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f 'import: %e s wall, %M KB peak RSS')
"${timer[@]}" "$TASKDECK_BIN" --database-url "$URL" --admin-password "$ADMIN_PASSWORD" \
  --import "$file"

case "$URL" in
  postgres://*|postgresql://*)
    if command -v psql >/dev/null; then
      log "VACUUM ANALYZE tasks"
      psql -q "$URL" -c "VACUUM ANALYZE tasks" >/dev/null
    fi
    ;;
esac
log "done"

#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster in a temporary directory on a free loopback port and
# prints its URL (postgresql://postgres@127.0.0.1:PORT/postgres). Stop it with
#   scripts/pg-throwaway.sh stop DIR
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
# For tests it trades durability for speed (fsync, synchronous_commit and full_page_writes off);
# PG_THROWAWAY_DURABLE=1 keeps PostgreSQL's defaults (all on), as bench/run.sh needs.
set -euo pipefail

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "stop" ]; then
  dir="$2"
  [ -d "$dir/data" ] && as_owner "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

dir="${1:-$(mktemp -d /tmp/taskdeck-pg.XXXXXX)}"
mkdir -p "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"

port=$(python3 - <<'PY' 2>/dev/null || echo 55000
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
)
as_owner "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200"
[ "${PG_THROWAWAY_DURABLE:-0}" = 1 ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "$opts" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "$dir postgresql://postgres@127.0.0.1:$port/postgres"

#!/usr/bin/env bash
# Write-path benchmark: Taskdeck (headless) beside the old stack's tuned FastAPI peer, on one
# throwaway PostgreSQL 15 server with its default, durable settings (fsync on), the same data in
# two databases, alternating runs, plus pgbench's plain INSERT on the same server as the ceiling.
#
#   bench/run.sh                                   # ROUNDS=2 of CASES="post patch", 15 s each
#   DURATION=5s ROUNDS=1 bench/run.sh              # a quick trial
#   TASKDECK_BIN=/path/to/taskdeck CASES=patch bench/run.sh
#
# Cases (wrk, DURATION, CONNECTIONS connections, THREADS threads, bearer token):
#   post   POST /api/tasks, the body of ../shared/bench/bench.sh (bench/wrk/post.lua is a copy)
#   patch  PATCH /api/tasks/{id} with If-Match: fresh pending tasks moved pending -> in_progress
#          -> completed (bench/wrk/patch.lua explains how; no GET, no 409/412 by construction)
#   get_id, list_failed, metrics, health  the read cases of ../shared/bench/bench.sh (issue 9):
#          GET /api/tasks/{random id of the sample}, GET /api/tasks?limit=10&status=failed,
#          GET /api/metrics, GET /api/health (bench/wrk/get.lua); not in the default CASES:
#          CASES="get_id list_failed metrics health" bench/run.sh, and with CSV= a 1M sample
#          (bench/make-1m.sh) for the 1M figures
# Every (case, round, server) run starts from a fresh copy of the same freshly loaded data
# (CREATE DATABASE ... TEMPLATE), after a CHECKPOINT, with a freshly started server. Servers
# alternate: peer first in odd rounds, Taskdeck first in even rounds. After the post runs of a
# round, pgbench runs the peer's INSERT (the plain INSERT a POST needs) with PGBENCH_CLIENTS
# clients and prepared statements on a copy of the same data for the same DURATION.
#
# Environment (all optional):
#   TASKDECK_BIN     Taskdeck binary (default build/taskdeck of this checkout: app/CMakeLists.txt
#                    puts it in the build root)
#   ROUNDS=2 DURATION=15s CONNECTIONS=64 THREADS=2 WRK_TIMEOUT=30s CASES="post patch"
#   PEER_WORKERS=2   uvicorn workers of the peer (one per core)
#   PGBENCH_CLIENTS=8  pgbench clients for the INSERT ceiling (8: Taskdeck's default pool size)
#   PATCH_TASKS      fresh pending tasks per patch run (default: 3000 per second of DURATION)
#   SHARED_DIR       the shared folder (default ../shared next to this checkout)
#   CSV              the sample (default $SHARED_DIR/data/tasks-20k.csv)
#   OUT_DIR          where results.md, results.csv and logs go (default build/bench)
#   SETTLE=2         seconds to wait after a server answers before loading it
#   NO_INSTALL=1     do not apt-get missing packages, fail instead
#   PERF_RECORD=1    also record each wrk run with `perf record -a` (whole system, no call graphs)
#                    into OUT_DIR/logs/perf-ROUND-CASE-SERVER.data; read with
#                    `perf report -i FILE --sort comm,dso,sym`. The samples cost CPU too: compare
#                    ratios from runs without it
# Only Taskdeck's command line (--headless --port --database-url --import --admin-password) and
# its HTTP API are used, never its schema. Needs 2+ cores free; the machine is shared, so compare
# the ratios within one run, not absolute numbers across runs.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
TASKDECK_BIN=${TASKDECK_BIN:-$ROOT/build/taskdeck}
SHARED_DIR=${SHARED_DIR:-$ROOT/../shared}
CSV=${CSV:-$SHARED_DIR/data/tasks-20k.csv}
PEERS=$SHARED_DIR/bench/peers
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-30s}
CASES=${CASES:-post patch}
PEER_WORKERS=${PEER_WORKERS:-2}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-8}
OUT_DIR=${OUT_DIR:-$ROOT/build/bench}
SETTLE=${SETTLE:-2}
ADMIN_PASSWORD=a-long-bench-password

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- dependencies ------------------------------------------------------------------------------
install_missing() {
  local p missing=()
  for p in wrk curl postgresql postgresql-client python3-fastapi python3-uvicorn python3-asyncpg \
           python3-uvloop python3-httptools; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "${NO_INSTALL:-0}" = 1 ] && die "missing packages: ${missing[*]}"
  log "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

secs_of() {  # wrk duration (15, 15s, 2m, 1h) -> seconds
  case $1 in
    *s) echo "${1%s}" ;;
    *m) echo $((${1%m} * 60)) ;;
    *h) echo $((${1%h} * 3600)) ;;
    *) echo "$1" ;;
  esac
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

install_missing
[ -x "$TASKDECK_BIN" ] || die "no Taskdeck binary at $TASKDECK_BIN (build it, or set TASKDECK_BIN)"
[ -r "$CSV" ] || die "no sample at $CSV (set CSV or SHARED_DIR)"
[ -x "$PEERS/start_peer.sh" ] || die "no peers at $PEERS (set SHARED_DIR)"
TASKDECK_BIN=$(readlink -f "$TASKDECK_BIN")
DUR_S=$(secs_of "$DURATION")
PATCH_TASKS=${PATCH_TASKS:-$((DUR_S * 3000 > 5000 ? DUR_S * 3000 : 5000))}
for c in $CASES; do
  case $c in post | patch | get_id | list_failed | metrics | health) ;;
    *) die "unknown case '$c' (post, patch, get_id, list_failed, metrics, health)" ;; esac
done

mkdir -p "$OUT_DIR/logs"
OUT_DIR=$(readlink -f "$OUT_DIR")
WORK=$(mktemp -d /tmp/taskdeck-bench.XXXXXX)
PG_DIR="" PEER_PID="" TD_PID=""

stop_pid() {  # pid: TERM, wait up to 10 s, then KILL (the peer is not our child: poll)
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    [ "$i" -eq 100 ] && kill -9 "$pid" 2>/dev/null
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  stop_pid "$TD_PID"
  stop_pid "$PEER_PID"
  if [ -n "$PG_DIR" ]; then "$ROOT/scripts/pg-throwaway.sh" stop "$PG_DIR"; fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- PostgreSQL: throwaway, default durability --------------------------------------------------
log "starting a throwaway PostgreSQL (fsync on, default settings)"
read -r PG_DIR PG_URL < <(PG_THROWAWAY_DURABLE=1 "$ROOT/scripts/pg-throwaway.sh")
[ -n "${PG_URL:-}" ] || die "pg-throwaway.sh gave no URL"
PG_BASE=${PG_URL%/*}
sql() { PGOPTIONS='-c client_min_messages=warning' psql "$PG_BASE/${2:-postgres}" -v ON_ERROR_STOP=1 -Atqc "$1"; }
if [ "$(sql 'SHOW fsync')" != on ] || [ "$(sql 'SHOW synchronous_commit')" != on ]; then
  die "PostgreSQL is not durable (fsync/synchronous_commit off); see scripts/pg-throwaway.sh"
fi
PG_VERSION=$(sql 'SHOW server_version')

# --- data: the sample, and the sample plus fresh pending tasks for the patch case ---------------
PATCH_IDS=$WORK/patch-ids.txt
log "writing $PATCH_TASKS fresh pending tasks for the patch case"
python3 - "$PATCH_TASKS" "$WORK/fresh.csv" "$PATCH_IDS" <<'PY'
import csv, random, sys, uuid
from datetime import datetime, timedelta, timezone
n, out, ids = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rnd = random.Random(8)
t0 = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)
with open(out, "w", newline="") as f, open(ids, "w") as g:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["id", "title", "description", "category", "status", "priority", "cost",
                "created_by", "created_at", "started_at", "completed_at", "error_message"])
    for i in range(n):
        tid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        t = t0 + timedelta(milliseconds=i)
        w.writerow([tid, f"Bench worker task {i}", "", "bench-patch", "pending", 1, "0.0000",
                    "api-bot", t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z",
                    "", "", ""])
        g.write(tid + "\n")
PY
{ cat "$CSV"; tail -n +2 "$WORK/fresh.csv"; } >"$WORK/with-fresh.csv"

# templates: peer_post/td_post = the sample; peer_patch/td_patch = the sample + fresh tasks
TD_HOME=$WORK/home
mkdir -p "$TD_HOME"
td() { env HOME="$TD_HOME" XDG_DATA_HOME="$TD_HOME/data" XDG_CONFIG_HOME="$TD_HOME/config" "$TASKDECK_BIN" "$@"; }
load_template() {  # kind(post|patch) csv
  local kind=$1 csv=$2
  log "loading $(basename "$csv") into peer_$kind and td_$kind"
  sql "CREATE DATABASE peer_$kind"
  sql "CREATE DATABASE td_$kind"
  DATABASE_URL=$PG_BASE/peer_$kind CSV=$csv IDS_OUT=$WORK/peer-ids-$kind.txt \
    "$PEERS/load_sample.sh" >>"$OUT_DIR/logs/load.log" 2>&1 || die "peer load failed: $OUT_DIR/logs/load.log"
  td --database-url "$PG_BASE/td_$kind" --admin-password "$ADMIN_PASSWORD" --import "$csv" \
    >>"$OUT_DIR/logs/load.log" 2>&1 || die "taskdeck --import failed: $OUT_DIR/logs/load.log"
  sql 'VACUUM ANALYZE' "peer_$kind"
  sql 'VACUUM ANALYZE' "td_$kind"
}
: >"$OUT_DIR/logs/load.log"
case " $CASES " in *" post "* | *" get_id "* | *" list_failed "* | *" metrics "* | *" health "*)
  load_template post "$CSV" ;; esac
case " $CASES " in *" patch "*) load_template patch "$WORK/with-fresh.csv" ;; esac

fresh_db() {  # template name -> a fresh copy named run, checkpointed
  sql "DROP DATABASE IF EXISTS run WITH (FORCE)"
  sql "CREATE DATABASE run TEMPLATE $1"
  sql CHECKPOINT
}

# --- servers ------------------------------------------------------------------------------------
wait_health() {  # base_url pid
  local i
  for i in $(seq 1 150); do
    curl -s -o /dev/null -f "$1/api/health" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    [ "$i" -eq 150 ] || sleep 0.1
  done
  return 1
}

start_server() {  # server(peer|taskdeck) port -> sets PEER_PID / TD_PID
  local port=$2
  if [ "$1" = peer ]; then
    PEER_PID=$("$PEERS/start_peer.sh" tuned "$port" "$PG_BASE/run" "$PEER_WORKERS" | head -1) || true
    if [ -z "$PEER_PID" ] || ! wait_health "http://127.0.0.1:$port" "$PEER_PID"; then
      cp "/tmp/peer-tuned-$port.log" "$OUT_DIR/logs/" 2>/dev/null || true
      return 1
    fi
  else
    # env execs the binary, so $! is Taskdeck's own pid (a backgrounded function would be a subshell)
    env HOME="$TD_HOME" XDG_DATA_HOME="$TD_HOME/data" XDG_CONFIG_HOME="$TD_HOME/config" \
      "$TASKDECK_BIN" --headless --port "$port" --database-url "$PG_BASE/run" \
      >>"$OUT_DIR/logs/taskdeck.log" 2>&1 &
    TD_PID=$!
    wait_health "http://127.0.0.1:$port" "$TD_PID" || return 1
  fi
  sleep "$SETTLE"
}

stop_servers() {
  stop_pid "$TD_PID"; TD_PID=""
  stop_pid "$PEER_PID"; PEER_PID=""
}

login() {  # base user password -> token
  curl -s -X POST "$1/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$3\"}" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}

# CPU time (utime + stime, clock ticks) of the given processes and all their descendants, from
# /proc/PID/stat (proc(5): fields 14 and 15). The pool connections of both servers and their
# PostgreSQL backends live through a run, so the difference across a wrk run is what the run cost.
tree_ticks() {  # pid... -> ticks
  python3 - "$@" <<'PY'
import os, sys
roots = {int(p) for p in sys.argv[1:] if p}
procs = {}
for d in os.listdir("/proc"):
    if not d.isdigit():
        continue
    try:
        with open(f"/proc/{d}/stat") as f:
            stat = f.read()
    except OSError:
        continue
    rest = stat[stat.rindex(")") + 2:].split()
    procs[int(d)] = (int(rest[1]), int(rest[11]) + int(rest[12]))
total = 0
for pid, (_, ticks) in procs.items():
    p = pid
    while p and p not in roots:
        p = procs.get(p, (0, 0))[0]
    if p:
        total += ticks
print(total)
PY
}
CLK_TCK=$(getconf CLK_TCK)
PG_POSTMASTER=$(head -1 "$PG_DIR/data/postmaster.pid")
per_request_ms() {  # ticks requests -> CPU ms per request, 3 decimals
  awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.3f", t * 1000 / hz / n; else printf "-" }'
}

# --- one measured run ---------------------------------------------------------------------------
declare -A RPS ERR NOTE SCPU PCPU
RAW=$OUT_DIR/results.csv
echo "round,case,server,rps,p50_ms,p99_ms,errors,non2xx,socket,requests,server_cpu_ms_per_req,pg_cpu_ms_per_req,note" >"$RAW"
FAILED=0

run_one() {  # round case server
  local round=$1 case=$2 server=$3 port base token code out line script url note=""
  local key="$case/$round/$server" data=$case
  [ "$case" = patch ] || data=post # the read cases read the sample, as post writes into it
  fresh_db "${server/taskdeck/td}_$data"
  port=$(free_port)
  base=http://127.0.0.1:$port
  if ! start_server "$server" "$port"; then
    RPS[$key]=FAILED; ERR[$key]=start; FAILED=1; stop_servers; return
  fi
  if [ "$server" = peer ]; then token=$(login "$base" dev dev)
  else token=$(login "$base" admin "$ADMIN_PASSWORD"); fi
  if [ -z "$token" ]; then RPS[$key]=FAILED; ERR[$key]=login; FAILED=1; stop_servers; return; fi
  if [ "$case" = post ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/tasks" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      --data '{"title":"wrk bench task","description":"created by peers/bench.sh","category":"bench","priority":1}')
    script=$HERE/wrk/post.lua url=$base/api/tasks
  elif [ "$case" = patch ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      "$base/api/tasks/$(head -1 "$PATCH_IDS")")
    script=$HERE/wrk/patch.lua url=$base/
  else
    local get_path="" ids=""
    case $case in
      get_id) ids=$WORK/peer-ids-post.txt ;;
      list_failed) get_path="/api/tasks?limit=10&status=failed" ;;
      metrics) get_path=/api/metrics ;;
      health) get_path=/api/health ;;
    esac
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      "$base${get_path:-/api/tasks/$(head -1 "$ids")}")
    script=$HERE/wrk/get.lua url=$base/
  fi
  if [[ "$code" != 2?? ]]; then
    RPS[$key]=FAILED; ERR[$key]=http-$code; FAILED=1; stop_servers; return
  fi
  log "round $round $case $server: wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
  local spid=$TD_PID srv0 pg0 srv1 pg1
  [ "$server" = peer ] && spid=$PEER_PID
  srv0=$(tree_ticks "$spid") pg0=$(tree_ticks "$PG_POSTMASTER")
  local perf_pid=""
  if [ -n "${PERF_RECORD:-}" ]; then  # whole-system samples of this run, flat (no call graphs)
    perf record -a -F 999 -o "$OUT_DIR/logs/perf-$round-$case-$server.data" -- sleep "${DURATION%s}" \
      >>"$OUT_DIR/logs/perf.log" 2>&1 &
    perf_pid=$!
  fi
  out=$(TOKEN=$token PATCH_IDS_FILE=$PATCH_IDS BENCH_THREADS=$THREADS IDS_FILE=${ids:-} \
    GET_PATH=${get_path:-} \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$WRK_TIMEOUT" --latency \
    -s "$script" "$url" 2>&1) || true
  srv1=$(tree_ticks "$spid") pg1=$(tree_ticks "$PG_POSTMASTER")
  [ -z "$perf_pid" ] || wait "$perf_pid" || true
  stop_servers
  if [ "$server" = peer ]; then  # start_peer.sh logs to /tmp; keep it with ours
    cat "/tmp/peer-tuned-$port.log" >>"$OUT_DIR/logs/peer.log" 2>/dev/null || true
    rm -f "/tmp/peer-tuned-$port.log"
  fi
  { echo "### round $round $case $server $url"; printf '%s\n' "$out"; } >>"$OUT_DIR/logs/wrk.log"
  line=$(printf '%s\n' "$out" | grep '^WRKRESULT' | tail -1) || true
  if [ -z "$line" ]; then
    RPS[$key]=FAILED; ERR[$key]=wrk; FAILED=1; printf '%s\n' "$out" | tail -5 >&2; return
  fi
  local -A f=()
  local kv kvs
  read -ra kvs <<<"${line#WRKRESULT }"
  for kv in "${kvs[@]}"; do f[${kv%%=*}]=${kv#*=}; done
  RPS[$key]=${f[rps]} ERR[$key]=${f[errors]}
  if [ "${f[exhausted]:-0}" != 0 ]; then
    note="INVALID: ran out of fresh tasks (${f[exhausted]} filler requests); raise PATCH_TASKS"
    RPS[$key]="${f[rps]}!"; FAILED=1
  fi
  [ -n "${f[http409]:-}" ] && [ "${f[http409]}${f[http412]}" != 00 ] \
    && note="${note:+$note; }409=${f[http409]} 412=${f[http412]}"
  NOTE[$key]=$note
  SCPU[$key]=$(per_request_ms $((srv1 - srv0)) "${f[requests]}")
  PCPU[$key]=$(per_request_ms $((pg1 - pg0)) "${f[requests]}")
  echo "$round,$case,$server,${f[rps]},${f[p50_ms]},${f[p99_ms]},${f[errors]},${f[non2xx]},${f[socket]},${f[requests]},${SCPU[$key]},${PCPU[$key]},$note" >>"$RAW"
  log "  $server: ${f[rps]} req/s, p50 ${f[p50_ms]} ms, p99 ${f[p99_ms]} ms, errors ${f[errors]}${note:+ ($note)}; CPU per request: server ${SCPU[$key]} ms, PostgreSQL ${PCPU[$key]} ms"
}

declare -A PGB
run_pgbench() {  # round
  local out tps
  fresh_db peer_post
  printf '%s\n' "INSERT INTO tasks (title, description, category, status, priority, updated_at) VALUES ('wrk bench task', 'created by peers/bench.sh', 'bench', 'pending', 1, now()) RETURNING id, created_at;" \
    >"$WORK/insert.sql"
  log "round $1 pgbench: plain INSERT, $PGBENCH_CLIENTS clients, prepared, $DUR_S s"
  out=$(pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j "$THREADS" -T "$DUR_S" -f "$WORK/insert.sql" \
    "$PG_BASE/run" 2>&1) || true
  { echo "### round $1 pgbench"; printf '%s\n' "$out"; } >>"$OUT_DIR/logs/pgbench.log"
  tps=$(printf '%s\n' "$out" | sed -n 's/^tps = \([0-9]*\.\?[0-9]\?\).* (without initial connection time)/\1/p')
  PGB[$1]=${tps:-FAILED}
  [ -n "$tps" ] || FAILED=1
  log "  pgbench: ${PGB[$1]} tps"
  echo "$1,post,pgbench_insert,${PGB[$1]},,,,,,,,," >>"$RAW"
}

: >"$OUT_DIR/logs/wrk.log"; : >"$OUT_DIR/logs/pgbench.log"; : >"$OUT_DIR/logs/taskdeck.log"
: >"$OUT_DIR/logs/peer.log"
TD_VERSION=$(td --version 2>/dev/null | head -1) || TD_VERSION=unknown
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="peer taskdeck"; else order="taskdeck peer"; fi
  for case in $CASES; do
    for server in $order; do run_one "$round" "$case" "$server"; done
    [ "$case" = post ] && run_pgbench "$round"
  done
done
sql "DROP DATABASE IF EXISTS run WITH (FORCE)"

# --- table --------------------------------------------------------------------------------------
ratio() {  # a b -> a/b with 2 decimals; - when either failed or is invalid (marked !)
  case "$1$2" in *!* | *FAILED* | "") echo -; return ;; esac
  awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}
MD=$OUT_DIR/results.md
{
  echo "# bench/run.sh, $(date -u +%FT%TZ)"
  echo
  echo "Taskdeck \`$TD_VERSION\` ($TASKDECK_BIN) vs the tuned FastAPI peer ($PEER_WORKERS workers);"
  echo "PostgreSQL $PG_VERSION, throwaway, fsync on, default settings; $(nproc) cores."
  echo "wrk: $CONNECTIONS connections, $THREADS threads, $DURATION per run; data: $(basename "$CSV")" \
       "(patch runs: + $PATCH_TASKS fresh pending tasks); every run on a fresh copy of the data."
  echo "pgbench: the peer's INSERT alone, $PGBENCH_CLIENTS clients, prepared statements, $DUR_S s."
  echo
  echo "| case | round | order | peer req/s | taskdeck req/s | taskdeck/peer | errors peer/taskdeck | pgbench insert tps | taskdeck POST/pgbench | CPU ms/request peer: server + PostgreSQL | taskdeck: server + PostgreSQL |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} >"$MD"
NOTES=()
printf '\n%-6s %5s %-9s %12s %14s %8s %12s %12s %10s\n' case round first "peer req/s" "taskdeck req/s" \
  ratio "errors p/t" "pgbench tps" "post/pgb"
for case in $CASES; do
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then first=peer; else first=taskdeck; fi
    p=${RPS[$case/$round/peer]:-} t=${RPS[$case/$round/taskdeck]:-}
    errs="${ERR[$case/$round/peer]:-}/${ERR[$case/$round/taskdeck]:-}"
    pg=- pr=-
    if [ "$case" = post ]; then pg=${PGB[$round]:-}; pr=$(ratio "$t" "$pg"); fi
    r=$(ratio "$t" "$p")
    printf '%-6s %5s %-9s %12s %14s %8s %12s %12s %10s\n' "$case" "$round" "$first" "$p" "$t" "$r" \
      "$errs" "$pg" "$pr"
    cp="${SCPU[$case/$round/peer]:--} + ${PCPU[$case/$round/peer]:--}"
    ct="${SCPU[$case/$round/taskdeck]:--} + ${PCPU[$case/$round/taskdeck]:--}"
    echo "| $case | $round | $first | $p | $t | $r | $errs | $pg | $pr | $cp | $ct |" >>"$MD"
    for s in peer taskdeck; do
      [ -z "${NOTE[$case/$round/$s]:-}" ] || NOTES+=("$case round $round $s: ${NOTE[$case/$round/$s]}")
    done
  done
done
if [ ${#NOTES[@]} -gt 0 ]; then
  printf 'note: %s\n' "${NOTES[@]}"
  { echo; printf -- '- %s\n' "${NOTES[@]}"; } >>"$MD"
fi
{
  echo
  echo "Raw rows (p50/p99 latency, request counts): \`results.csv\`; wrk and pgbench output: \`logs/\`."
  echo "Ratios are Taskdeck / peer and Taskdeck POST / pgbench INSERT, from the same round."
} >>"$MD"
echo
echo "results: $MD, $RAW; logs: $OUT_DIR/logs"
exit "$FAILED"

#!/usr/bin/env bash
# Taskdeck's test command: installs what is missing (Debian 12), builds with warnings as errors,
# starts a throwaway PostgreSQL server, runs every test on SQLite and on PostgreSQL, and stops the
# server again, whatever happens.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/deps.sh
scripts/check-format.sh
TASKDECK_BUILD_DIR="${TASKDECK_BUILD_DIR:-$root/build}" scripts/build.sh -DTASKDECK_WERROR=ON
build="${TASKDECK_BUILD_DIR:-$root/build}"

read -r pgdir pgurl < <(scripts/pg-throwaway.sh) || true
[ -n "${pgurl:-}" ] || { echo "Could not start the throwaway PostgreSQL server" >&2; exit 1; }
trap 'scripts/pg-throwaway.sh stop "$pgdir"' EXIT
echo "Throwaway PostgreSQL: $pgurl"

export TASKDECK_TEST_DATABASE_URL="$pgurl"
# PostgreSQL variants fail instead of skipping when the database cannot be used (TestDatabase.h).
export TASKDECK_TEST_REQUIRE_POSTGRES=1
export QT_QPA_PLATFORM=offscreen
# The packaging test (label packaging, several minutes) runs from .ci/run after this command.
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -LE packaging "$@"

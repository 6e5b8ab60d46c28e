#!/usr/bin/env bash
# Sanitizer build and test run (clang): `asan` = AddressSanitizer + UndefinedBehaviorSanitizer
# (-fno-sanitize-recover: the first report fails the test) into ./build-asan, `tsan` =
# ThreadSanitizer into ./build-tsan; then ctest in that build with the given arguments.
# Usage: scripts/sanitize.sh asan|tsan [ctest args, e.g. -R 'tst_requestframing|tst_apitasks']
# Needs TASKDECK_TEST_DATABASE_URL like scripts/test.sh for the PostgreSQL variants.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kind="${1:-}"
shift || true
case "$kind" in
  asan) sanitizer=address ;;
  tsan) sanitizer=thread ;;
  *) echo "usage: $0 asan|tsan [ctest args]" >&2; exit 2 ;;
esac
build="${TASKDECK_SANITIZE_BUILD_DIR:-$root/build-$kind}"
# -O1 and line tables only (what the sanitizers' reports need: function, file and line) instead
# of RelWithDebInfo's -O2 -g: smaller objects and faster compiles and links, so the whole suite
# fits in CI (docs/CI.md, timings).
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
  -DTASKDECK_SANITIZE="$sanitizer" >/dev/null
# Only what the selected tests need when -R is given (the tests' executables share its names).
targets=()
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "-R" ]; then
    j=$((i + 1))
    IFS='|' read -r -a names <<<"${!j}"
    for n in "${names[@]}"; do n="${n%_sqlite}"; targets+=(--target "${n%_postgres}"); done
  fi
done
cmake --build "$build" -j "$(nproc)" "${targets[@]}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/tsan.supp:${TSAN_OPTIONS:-}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
if [ -z "${TASKDECK_TEST_DATABASE_URL:-}" ]; then
  echo "note: TASKDECK_TEST_DATABASE_URL is not set: the PostgreSQL variants skip (start a" \
    "server with: read -r dir url < <(scripts/pg-throwaway.sh))" >&2
fi
ctest --test-dir "$build" --output-on-failure "$@"

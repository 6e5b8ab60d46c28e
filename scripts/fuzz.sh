#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang with -fsanitize=fuzzer,address,undefined) into
# ./build-fuzz (only the libraries they need, no ui) and runs each for SECONDS_PER_TARGET
# (default 30) over a copy of its seed corpus fuzz/corpus/<target>/ (new inputs stay in
# build-fuzz/corpus/, the repository's corpus is not touched). Fails on any crash, leak, UB or
# timeout report; the reproducer is build-fuzz/artifacts/<target>/crash-*.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (TASKDECK_FUZZ_BUILD_DIR overrides the build dir)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TASKDECK_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-30}"
targets=(fuzz_requestframing fuzz_queryparsing fuzz_taskjson fuzz_import fuzz_accesstoken)

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTASKDECK_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

# Qt's own allocations (e.g. its global statics) are not leaks of ours; UBSan stops at the first
# report like ASan does.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export QT_QPA_PLATFORM=offscreen
status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  cp "$root/fuzz/corpus/$target/"* "$corpus/"
  echo "== $target: ${seconds}s" >&2
  if ! "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" \
      >"$build/$target.log" 2>&1; then
    echo "FAILED: $target (log: $build/$target.log, input: $(ls "$artifacts" | head -n 1))" >&2
    tail -n 40 "$build/$target.log" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units|^Done" "$build/$target.log" >&2 || true
  fi
done
exit $status

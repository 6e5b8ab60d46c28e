#!/usr/bin/env bash
# Configures and builds Taskdeck into ./build (Ninja, ccache when present).
# Usage: scripts/build.sh [--target NAME] [extra cmake -D options]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TASKDECK_BUILD_DIR:-$root/build}"
target=()
if [ "${1:-}" = "--target" ]; then target=(--target "$2"); shift 2; fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)" "${target[@]}"

#!/usr/bin/env bash
# Fails when a tracked C++ file differs from the repo's .clang-format style.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format not installed: format check skipped" >&2; exit 0; }
git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror

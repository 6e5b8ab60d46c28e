#!/usr/bin/env bash
# Installs the test-only npm packages of tests/http/tools (package-lock.json pins every version)
# into DEST with `npm ci --ignore-scripts` (no install scripts run, nothing downloads a browser).
# Does nothing when DEST already holds this lock file's packages. CTest runs it as the fixture
# setup of the tests that need it (tests/http/CMakeLists.txt). Needs node and npm (scripts/deps.sh)
# and, on the first run, the npm registry.
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)"
dest="$1"
stamp="$dest/node_modules/.taskdeck-lock"
if [ -f "$stamp" ] && cmp -s "$src/package-lock.json" "$stamp"; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is missing (Debian packages nodejs npm: scripts/deps.sh)" >&2; exit 1; }
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
cp "$src/package-lock.json" "$stamp"

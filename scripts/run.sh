#!/usr/bin/env bash
# Taskdeck's run command: installs what is missing (Debian 12), builds, and starts Taskdeck.
# Without a display (no DISPLAY / WAYLAND_DISPLAY) it serves the API only and says so.
# Every argument is passed to taskdeck, e.g.  ./scripts/run.sh --database-url postgresql://...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/deps.sh" --gui
"$root/scripts/build.sh" --target taskdeck >&2
exec "${TASKDECK_BUILD_DIR:-$root/build}/taskdeck" "$@"

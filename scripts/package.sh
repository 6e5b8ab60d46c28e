#!/usr/bin/env bash
# Builds Taskdeck's Debian packages with CPack from a clean build directory:
#   build/packages/taskdeck_<version>_<arch>.deb         the window (desktop entry, icons, AppStream)
#   build/packages/taskdeck-server_<version>_<arch>.deb  the headless server as a systemd service
# The version is project(VERSION) in CMakeLists.txt. Installs what packaging needs (deps.sh
# --package). The build directory sits next to ./build with scripts/build.sh's flags, so that
# ccache serves most objects from the development build (on 2 cores a cold build takes long).
# Usage: scripts/package.sh [--check]
#   --check  then runs scripts/check-packages.sh on the result (lintian, desktop-file-validate,
#            appstreamcli validate, systemd-analyze verify, the server's libraries).
# Environment: TASKDECK_PACKAGE_BUILD_DIR (default build-package, wiped first),
#              TASKDECK_PACKAGE_OUT (default build/packages).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
check=0
[ "${1:-}" = "--check" ] && check=1

scripts/deps.sh --package
tree="${TASKDECK_PACKAGE_BUILD_DIR:-$root/build-package}"
out="${TASKDECK_PACKAGE_OUT:-$root/build/packages}"
rm -rf "$tree"
mkdir -p "$out"
rm -f "$out"/taskdeck_*.deb "$out"/taskdeck-server_*.deb

# Reproducible dates (changelog, AppStream release).
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || date +%s)"
export SOURCE_DATE_EPOCH

cmake -S "$root" -B "$tree" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTASKDECK_WERROR=ON \
    -DTASKDECK_BUILD_TESTS=OFF -DTASKDECK_PACKAGING=ON >/dev/null
cmake --build "$tree" -j "$(nproc)"
(cd "$tree" && cpack -G DEB >/dev/null)
cp "$tree"/cpack/taskdeck_*.deb "$tree"/cpack/taskdeck-server_*.deb "$out"/
ls -l "$out"/taskdeck_*.deb "$out"/taskdeck-server_*.deb
if [ "$check" = 1 ]; then
    scripts/check-packages.sh "$out"
fi

#!/usr/bin/env bash
# Checks the packages scripts/package.sh built (default: build/packages): lintian reports no
# error (warnings are printed), the desktop entry passes desktop-file-validate, the AppStream
# metadata passes appstreamcli validate (--no-net: the screenshot URLs are not fetched), the
# systemd unit passes systemd-analyze verify, taskdeck-server links no QtGui/QtWidgets/QtCharts,
# dependencies were computed (dpkg-shlibdeps) and the version is the one of CMakeLists.txt.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$root/build/packages}"
version="$(sed -n 's/^project(Taskdeck VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")"
desktop="$(ls "$dir"/taskdeck_"$version"_*.deb)"
server="$(ls "$dir"/taskdeck-server_"$version"_*.deb)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "check-packages: $*" >&2; exit 1; }

echo "== lintian"
lintian --fail-on error --tag-display-limit 0 "$desktop" "$server" | tee "$work/lintian.txt"
echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors, $(grep -c '^W:' "$work/lintian.txt" || true) warnings"

dpkg-deb -x "$desktop" "$work/desktop"
dpkg-deb -x "$server" "$work/server"
echo "== desktop-file-validate"
desktop-file-validate "$work/desktop/usr/share/applications/org.taskdeck.Taskdeck.desktop"
echo "== appstreamcli validate --no-net"
appstreamcli validate --no-net --pedantic \
    "$work/desktop/usr/share/metainfo/org.taskdeck.Taskdeck.metainfo.xml"
echo "== systemd-analyze verify"
# verify wants the ExecStart= program at its path: check the unit against the unpacked package.
unit="$work/server/lib/systemd/system/taskdeck-server.service"
sed "s|/usr/bin/taskdeck-server|$work/server/usr/bin/taskdeck-server|" "$unit" \
    > "$work/taskdeck-server.service"
# --man=no: Documentation= names man:taskdeck-server(1), not installed where this runs.
SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$work/taskdeck-server.service" 2>&1 \
    | tee "$work/verify.txt"
grep -q . "$work/verify.txt" && fail "systemd-analyze verify reported the lines above"

echo "== taskdeck-server's libraries"
needed="$(objdump -p "$work/server/usr/bin/taskdeck-server" | awk '/NEEDED/ {print $2}')"
echo "$needed" | tr '\n' ' '; echo
echo "$needed" | grep -E 'libQt6(Gui|Widgets|Charts|OpenGL)' && fail "taskdeck-server links a GUI library"
echo "$needed" | grep -q libQt6HttpServer || fail "taskdeck-server does not link QtHttpServer?"

echo "== control fields"
for deb in "$desktop" "$server"; do
    v="$(dpkg-deb -f "$deb" Version)"
    [ "$v" = "$version" ] || fail "$deb: Version $v, CMakeLists.txt says $version"
    dpkg-deb -f "$deb" Depends | grep -q 'libqt6core6' || fail "$deb: Depends not computed"
    echo "$(dpkg-deb -f "$deb" Package) $v: Depends: $(dpkg-deb -f "$deb" Depends)"
done
echo "check-packages: all checks passed"

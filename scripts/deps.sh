#!/usr/bin/env bash
# Installs what Taskdeck needs to build, run and test on Debian 12 (Qt 6.4.2 from Debian,
# PostgreSQL 15, Xvfb for screenshots, nginx and python3-websockets for tests/app/tst_nginxpair.py,
# chromium, node and npm for the API description's tests: tests/http/tools,
# prometheus-cpp for GET /metrics and Prometheus' promtool for tests/http/tst_apiprometheus;
# QtKeychain for the remembered sign-in in the system keychain and Qt's translations (Yes/No/Cancel
# in the window's language); dbus-run-session, gnome-keyring, libsecret (loaded by QtKeychain) and
# secret-tool for tests/ui/tst_keychain, which runs a private Secret Service;
# with --package also what scripts/package.sh needs).
# Installs only what is missing; needs root or sudo. (Installing Debian's nginx also enables its
# service on port 80; the test runs its own nginx and needs none: `systemctl disable --now nginx`.
# The same holds for the `prometheus` package, installed only for promtool: its server is not
# used, `systemctl disable --now prometheus`.)
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-charts-dev qt6-websockets-dev
  libqt6sql6-psql libqt6sql6-sqlite qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
  libqt6opengl6-dev libxkbcommon-dev libgl-dev libqt6svg6
  libpq-dev postgresql postgresql-client xvfb xauth curl nginx python3-websockets
  chromium
  prometheus-cpp-dev prometheus
  qtkeychain-qt6-dev qt6-translations-l10n
  dbus gnome-keyring libsecret-1-0 libsecret-tools
  # scripts/fuzz.sh and scripts/sanitize.sh: Debian's clang 14; libclang-rt-14-dev holds the
  # sanitizer and libFuzzer runtimes (without it -fsanitize=fuzzer,address does not link).
  clang libclang-rt-14-dev
)
# node and npm run the OpenAPI validator and drive Chromium (tst_apiopenapi, tst_apidocs); a node
# installed otherwise (e.g. NodeSource's, which bundles npm) is used as it is.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
if [ "${1:-}" = "--gui" ]; then
  packages+=(qt6-qpa-plugins fonts-dejavu-core)
fi
# scripts/package.sh and check-packages.sh: CPack's DEB generator (dpkg-shlibdeps, file,
# fakeroot), help2man for the man pages, rsvg-convert for the icon sizes, and the checkers
# (lintian, desktop-file-validate, appstreamcli, systemd-analyze from systemd).
if [ "${1:-}" = "--package" ]; then
  packages+=(dpkg-dev fakeroot file help2man librsvg2-bin lintian desktop-file-utils appstream
             systemd)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

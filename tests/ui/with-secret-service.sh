#!/bin/sh
# Runs "$@" in a private D-Bus session bus with a Secret Service: gnome-keyring-daemon (secrets
# component), its login keyring created and unlocked with a fixed password under
# $HOME/.local/share/keyrings (wiped first; ctest gives the test its own HOME). Used by
# tst_keychain; needs dbus-run-session (dbus-bin) and gnome-keyring (scripts/deps.sh).
set -eu
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-secret-service.sh: $tool not found (scripts/deps.sh installs it)" >&2; exit 1; }
done
: "${HOME:?}"
rm -rf "$HOME/.local/share/keyrings"
export XDG_DATA_HOME="$HOME/.local/share"
XDG_RUNTIME_DIR="$(mktemp -d)"
export XDG_RUNTIME_DIR
trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
dbus-run-session -- sh -c '
  printf "taskdeck-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-secret-service "$@"

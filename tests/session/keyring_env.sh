#!/bin/sh
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private session bus,
# in throwaway XDG folders: the keyring the session tests (and `pytest -m session`) use.
#
#   tests/session/keyring_env.sh .venv/bin/python -m pytest -m session tests/core/test_secrets.py
#
# Re-executes itself under dbus-run-session when no private bus was started for it. A larger
# session script (e.g. tests/session/run.sh) may instead do
#   KEYRING_ENV_LIB=1 . tests/session/keyring_env.sh; start_keyring "$scratch"
# inside its own dbus-run-session.
set -eu

start_keyring() {
    # $1: a scratch folder. Exports XDG_DATA_HOME/XDG_RUNTIME_DIR and starts the daemon.
    scratch="$1"
    mkdir -p "$scratch/data" "$scratch/runtime"
    chmod 700 "$scratch/runtime"
    export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
    # --unlock reads the password on stdin and creates/unlocks the "login" keyring with it
    eval "$(printf '%s' "notify-session-test" | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-}"
    # wait for the name without calling the service (a call would D-Bus-activate a second copy)
    i=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
            | grep -q "boolean true"; do
        i=$((i + 1))
        if [ "$i" -gt 100 ]; then
            echo "keyring_env: org.freedesktop.secrets did not appear within 10 s" >&2
            return 1
        fi
        sleep 0.1
    done
}

if [ "${KEYRING_ENV_LIB:-}" = "1" ]; then
    return 0 2>/dev/null || exit 0
fi

if [ "${NOTIFY_KEYRING_BUS:-}" != "1" ]; then
    NOTIFY_KEYRING_BUS=1 exec dbus-run-session -- "$0" "$@"
fi

scratch="$(mktemp -d)"
# gnome-keyring-daemon exits with the private bus when dbus-run-session ends
trap 'rm -rf "$scratch"' EXIT
start_keyring "$scratch"
export NOTIFY_SESSION_KEYRING=1
"$@"

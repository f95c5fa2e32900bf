#!/bin/sh
# Runs the tests marked `session` inside a real desktop session. Call it inside
#   xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- tests/session/run.sh [PYTHON] [pytest args]
# It starts gnome-keyring (Secret Service, unlocked, throwaway folders), dunst (test config: no
# timeouts, our dmenu script for the action menu) and trayer (a real XEmbed tray), waits until
# each owns its bus name (asking the bus, never the service), runs pytest, then stops them.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="${1:-python3}"
[ $# -gt 0 ] && shift
: "${DISPLAY:?run.sh needs an X display: start it with xvfb-run (see the header)}"
: "${DBUS_SESSION_BUS_ADDRESS:?run.sh needs a private session bus: start it with dbus-run-session}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/notify-session.XXXXXX")"
export NOTIFY_SESSION_DIR="$WORK"
export XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache"
export XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
PIDS=""
cleanup() {
    # and the dunst a test started again (tests/session/conftest.py: restart_dunst)
    for pid in $PIDS $(cat "$WORK/pids" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

wait_for_name() {  # $1: bus name, $2: what it is
    i=0
    while [ $i -lt 100 ]; do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q "boolean true"; then
            return 0
        fi
        i=$((i + 1)); sleep 0.1
    done
    echo "run.sh: $2 did not take the bus name $1 within 10 s" >&2
    exit 1
}

# 1. Secret Service
eval "$(printf '%s' "notify-test-password" | gnome-keyring-daemon --unlock --components=secrets \
    2> "$WORK/keyring.log")"
export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-}"
wait_for_name org.freedesktop.secrets gnome-keyring
export NOTIFY_SESSION_KEYRING=1  # tests gated on a real keyring (tests/session/keyring_env.sh)

# 2. dunst, with its action menu answered by our dmenu script
export NOTIFY_DMENU_PICK="$WORK/dmenu-pick" NOTIFY_DMENU_LOG="$WORK/dmenu-log"
sed "s|@DMENU@|$HERE/dmenu.sh|" "$HERE/dunstrc" > "$WORK/dunstrc"
dunst -config "$WORK/dunstrc" > "$WORK/dunst.log" 2>&1 &
PIDS="$PIDS $!"
wait_for_name org.freedesktop.Notifications dunst

# 3. a real tray host
trayer --edge top --align right --widthtype pixel --width 200 --height 32 \
    > "$WORK/trayer.log" 2>&1 &
PIDS="$PIDS $!"
# (the tests wait until Qt sees the tray: trayer claims _NET_SYSTEM_TRAY shortly after it starts)
export QT_QPA_PLATFORM=xcb

cd "$HERE/../.."
status=0
"$PY" -m pytest -m session -p no:cacheprovider "$@" || status=$?
if [ $status -ne 0 ]; then
    echo "--- dunst log"; tail -n 30 "$WORK/dunst.log" || true
    echo "--- dmenu log"; cat "$WORK/dmenu-log" 2>/dev/null || true
fi
exit $status

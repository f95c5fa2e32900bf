#!/bin/sh
# Runs the whole test suite. Widget tests run offscreen; tests marked `session` need a real
# desktop session and run inside one (Xvfb + private D-Bus + dunst + gnome-keyring + trayer)
# started by tests/session/run.sh.
set -eu
PY="${1:-python3}"
QT_QPA_PLATFORM=offscreen "$PY" -m pytest -m "not session" -p no:cacheprovider
# The session tests: a real X server, bus, notification daemon, Secret Service and tray.
xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- tests/session/run.sh "$PY"

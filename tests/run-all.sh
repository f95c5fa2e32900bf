#!/bin/sh
# Runs the whole test suite. Widget tests run offscreen; tests marked `session` need a real
# desktop session and run inside one (Xvfb + private D-Bus + dunst + gnome-keyring + trayer)
# started by tests/session/run.sh.
set -eu
PY="${1:-python3}"
QT_QPA_PLATFORM=offscreen "$PY" -m pytest -m "not session" -p no:cacheprovider

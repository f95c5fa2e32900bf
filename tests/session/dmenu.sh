#!/bin/sh
# Stands in for dmenu in dunst's action menu: logs the choices dunst offers and prints the one
# whose text contains the string the test wrote to $NOTIFY_DMENU_PICK (e.g. "[7,like]").
input="$(cat)"
printf '%s\n' "$input" >> "${NOTIFY_DMENU_LOG:-/dev/null}"
pick="$(cat "${NOTIFY_DMENU_PICK:?}" 2>/dev/null || true)"
[ -n "$pick" ] || exit 1
printf '%s\n' "$input" | grep -F -- "$pick" | head -n 1

#!/bin/sh
# Installs the Debian packages the tests need (a real X server, session bus, notification daemon,
# Secret Service, tray host), only when something is missing. Uses sudo when not root.
set -eu
PKGS="newsboat xvfb xauth dbus dbus-bin dbus-x11 dunst gnome-keyring trayer xdotool fonts-dejavu-core libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-cursor0 libegl1 libgl1 libdbus-1-3 desktop-file-utils appstream strace"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing system packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

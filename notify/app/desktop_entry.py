"""The desktop entry (menu and autostart), written from one template.

``packaging/io.github.notify.Notify.desktop`` is this text with ``Exec=notify``; a test keeps
the two in step. ``notify desktop install`` and Settings → General → "Start at login" write it
to the user's XDG folders.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from notify.app.icons import APP_ICON, APP_ID

DESKTOP_FILE = f"{APP_ID}.desktop"


def entry_text(exec_cmd: str = "notify", *, autostart: bool = False) -> str:
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=Notify",
        "GenericName=Feed notifier",
        "Comment=Your feeds and web APIs, ranked on your machine: only what you care about",
        f"Exec={exec_cmd}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Network;News;",
        "Keywords=RSS;Atom;feed;news;notification;",
        "StartupNotify=false",
        f"StartupWMClass={APP_ID}",
    ]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    return "\n".join(lines) + "\n"


def exec_command() -> str:
    """How to start this Notify: the ``notify`` script on PATH, else this interpreter."""
    found = shutil.which("notify")
    if found:
        return found
    return f"{sys.executable} -m notify"


def _xdg(var: str, default: str) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path.home() / default


def applications_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "applications"


def icon_path() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg"


def autostart_path() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config") / "autostart" / DESKTOP_FILE


def install() -> list[Path]:
    """Write the desktop entry and the icon to the user's XDG folders."""
    entry = applications_dir() / DESKTOP_FILE
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(entry_text(exec_command()), encoding="utf-8")
    icon = icon_path()
    icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(APP_ICON, icon)
    return [entry, icon]


def uninstall() -> list[Path]:
    removed = []
    for path in (applications_dir() / DESKTOP_FILE, icon_path(), autostart_path()):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def set_autostart(enabled: bool) -> Path:
    path = autostart_path()
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry_text(exec_command(), autostart=True), encoding="utf-8")
    elif path.exists():
        path.unlink()
    return path


def autostart_enabled() -> bool:
    return autostart_path().exists()

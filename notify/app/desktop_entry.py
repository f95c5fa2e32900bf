"""The desktop entry (menu and autostart), written from one template.

``packaging/io.github.notify.Notify.desktop`` is this text with ``Exec=notify app --show
inbox``; a test keeps the two in step. Started from the menu, Notify opens its inbox (with a
tray, ``notify`` alone shows only the tray icon, and a person who clicked the launcher saw
nothing happen); started at login (the autostart entry: ``notify``) it stays in the tray.
``notify desktop install`` and Settings → General → "Start at login" write it to the user's XDG
folders, with ``Exec`` the ``notify`` script of the Notify that writes it
(and ``--data-dir`` when that Notify does not use the default data folder: started at login
without it, Notify would open an empty profile).

The running app's windows carry the same name: ``APP_ID`` is the desktop file name (Wayland's
app id) and, through ``qt_argv``'s ``-name``, the instance part of X11's ``WM_CLASS``, which
``StartupWMClass`` names; a taskbar matches the window to its launcher however it was
started (``python -m notify`` made the instance "__main__.py").
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from notify.app.icons import APP_ICON, APP_ID
from notify.core.paths import default_data_dir

DESKTOP_FILE = f"{APP_ID}.desktop"
SCRIPT = "notify"
MENU_ARGS = ("app", "--show", "inbox")  # a launch from the menu opens the inbox
# Characters that make an argument of Exec need quoting (Desktop Entry Specification, "The
# Exec key"); inside the quotes these four take a backslash.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')


def qt_argv(argv0: str) -> list[str]:
    """The arguments for ``QApplication``: ``-name`` makes X11's ``WM_CLASS`` instance the
    desktop file's ``StartupWMClass`` (Qt takes the option out again)."""
    return [argv0, "-name", APP_ID]


def entry_text(exec_cmd: str = SCRIPT, *, autostart: bool = False) -> str:
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


def exec_quote(arg: str) -> str:
    """One argument of an ``Exec`` value: quoted when it must be, ``%`` doubled, and escaped
    once more for the key's string value (a backslash is written ``\\\\``)."""
    arg = arg.replace("%", "%%")
    if arg and not (set(arg) & _RESERVED):
        return arg
    quoted = "".join("\\" + c if c in _ESCAPED_IN_QUOTES else c for c in arg)
    return ('"' + quoted + '"').replace("\\", "\\\\")


def program() -> list[str]:
    """How to start this Notify: the ``notify`` script installed with it (beside this
    interpreter, as in a virtual environment or pipx), else the one on PATH, else this
    interpreter with ``-m notify``."""
    beside = Path(sys.executable).parent / SCRIPT
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which(SCRIPT)
    if found:
        return [found]
    return [sys.executable, "-m", "notify"]


def exec_command(data_dir: Path | None = None, *, menu: bool = False) -> str:
    """The ``Exec`` value: the program, and ``--data-dir`` when ``data_dir`` is not the
    default data folder; for the menu's entry (``menu``), the arguments that open the inbox."""
    args = program()
    if data_dir is not None and not _same(data_dir, default_data_dir()):
        args += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    if menu:
        args += MENU_ARGS
    return " ".join(exec_quote(a) for a in args)


def _same(a: Path, b: Path) -> bool:
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def _xdg(var: str, default: str) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path.home() / default


def applications_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "applications"


def icon_path() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg"


def autostart_path() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config") / "autostart" / DESKTOP_FILE


def install(data_dir: Path | None = None) -> list[Path]:
    """Write the desktop entry (starting Notify on ``data_dir``) and the icon to the user's
    XDG folders."""
    entry = applications_dir() / DESKTOP_FILE
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(entry_text(exec_command(data_dir, menu=True)), encoding="utf-8")
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


def set_autostart(enabled: bool, data_dir: Path | None = None) -> Path:
    """Start Notify at login, on ``data_dir`` (the running app's data folder), or not."""
    path = autostart_path()
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(entry_text(exec_command(data_dir), autostart=True), encoding="utf-8")
    elif path.exists():
        path.unlink()
    return path


def autostart_enabled() -> bool:
    return autostart_path().exists()

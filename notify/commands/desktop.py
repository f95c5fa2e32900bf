"""``notify desktop install|uninstall``: the desktop entry and icon in the user's XDG folders
(``~/.local/share/applications``, ``~/.local/share/icons/hicolor/scalable/apps``). The entry
starts this Notify's ``notify`` script, on this data folder when it is not the default one
(``notify --data-dir DIR desktop install``)."""

from __future__ import annotations

import argparse
from typing import Any

from notify.commands.output import say
from notify.core.errors import UserInputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("desktop", help="add Notify to (or remove it from) the "
                                   "desktop's application menu")
    sub = parser.add_subparsers(dest="desktop_command", metavar="ACTION")
    install = sub.add_parser("install", help="write the desktop entry and icon for this user "
                             "(with --data-dir, the entry starts Notify on that folder)")
    install.set_defaults(func=cmd_install)
    uninstall = sub.add_parser(
        "uninstall", help="remove them (and the autostart entry)",
        description="Remove Notify's desktop entry, icon and autostart entry (nothing to "
        "remove is no error).")
    uninstall.set_defaults(func=cmd_uninstall)


def cmd_install(args: argparse.Namespace) -> int:
    from notify.app import desktop_entry
    from notify.core.paths import resolve

    try:
        written = desktop_entry.install(resolve(getattr(args, "data_dir", None)).data_dir)
    except OSError as err:
        raise UserInputError(
            f"Could not write the desktop entry: {err.strerror or err} ({err.filename}). "
            "Check that your home folder is writable.") from err
    for path in written:
        print(f"wrote {path}")
    say("Notify is now in your application menu.")
    return 0


def cmd_uninstall(args: argparse.Namespace) -> int:
    from notify.app import desktop_entry

    removed = desktop_entry.uninstall()
    for path in removed:
        print(f"removed {path}")
    if not removed:
        say("Notify's desktop entry was not installed; nothing to remove.")
    return 0

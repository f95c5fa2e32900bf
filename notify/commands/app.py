"""``notify app``: start the desktop app (what ``notify`` alone does), optionally on a window."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "app", help="start the desktop app (the same as 'notify' with no command)")
    parser.add_argument("--show", choices=("inbox", "settings"), default=None,
                        help="open this window at start (default: only the tray icon)")
    parser.set_defaults(func=cmd_app)


def cmd_app(args: argparse.Namespace) -> int:
    from notify.app.main import run_app

    return run_app(args)

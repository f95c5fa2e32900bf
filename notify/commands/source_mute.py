"""``notify sources mute ID`` / ``notify sources unmute ID``: never notify a source's items
(they still reach the inbox), as Settings → Sources' "Never notify" and the Why panel's "Mute
this source". Adds the two actions to the ``sources`` group (as ``kinds.py`` adds its own)."""

from __future__ import annotations

import argparse
from typing import Any

from notify.commands.output import SOURCE_ID_HELP, engine_for, say, source_id
from notify.core.source_names import source_name


def register(subparsers: Any) -> None:
    group = subparsers.choices.get("sources")
    if group is None:  # the sources group is not in this checkout
        return
    sub = next(a for a in group._actions if isinstance(a, argparse._SubParsersAction))
    for name, muted, text, more in (
            ("mute", True, "never notify a source's items (they still reach the inbox)",
             "Never notify this source's items: they still reach the inbox (Settings → "
             "Sources' 'Never notify'). 'notify sources unmute ID' undoes it."),
            ("unmute", False, "notify a muted source's items again",
             "Notify a muted source's items again, as the ranking decides.")):
        p = sub.add_parser(name, help=text, description=more)
        p.add_argument("id", type=source_id, metavar="ID", help=SOURCE_ID_HELP)
        p.set_defaults(func=cmd_mute, muted=muted)


def cmd_mute(args: argparse.Namespace) -> int:
    with engine_for(args) as engine:
        source = engine.source(args.id)
        name = source_name(source)
        if source.muted == args.muted:
            state = "muted" if args.muted else "not muted"
            say(f"Source {source.id} ({name}) is already {state}: nothing changed.")
            return 0
        engine.update_source(source.id, muted=args.muted)
    if args.muted:
        say(f"Muted source {source.id}: {name}. Its items still reach the inbox but are never "
            f"notified; 'notify sources unmute {source.id}' undoes it.")
    else:
        say(f"Unmuted source {source.id}: {name}. Its items can be notified again.")
    return 0

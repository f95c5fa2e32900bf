"""``notify save ITEM`` and ``notify unsave ITEM``: keep an item for later (past
``store.retention_days``; ``notify items --saved`` lists them), as the inbox's Save does.
Saving is no reaction: the profile learns nothing from it."""

from __future__ import annotations

import argparse
from typing import Any

from notify.commands.output import engine_for, item_id, paths_of, say
from notify.core.errors import UnknownItemError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "save", help="save an item for later (kept past retention)",
        description="Save an item for later: it is kept however old it gets (older items are "
        "deleted after store.retention_days), and 'notify items --saved' lists it. Saving "
        "teaches the ranking nothing ('notify feedback ITEM like' does).")
    p.add_argument("item", type=item_id, metavar="ITEM", help="the item's id (see 'notify items')")
    p.set_defaults(func=cmd_save, saved=True)
    p = subparsers.add_parser(
        "unsave", help="take an item out of the saved ones",
        description="Take an item out of the saved ones ('notify save'): it is deleted again "
        "once older than store.retention_days (unless you liked it).")
    p.add_argument("item", type=item_id, metavar="ITEM", help="the item's id (see 'notify items')")
    p.set_defaults(func=cmd_save, saved=False)


def cmd_save(args: argparse.Namespace) -> int:
    if not paths_of(args).has_db():  # no database yet: no item either, and none is made
        raise UnknownItemError(args.item)
    with engine_for(args) as engine:
        changed = engine.set_saved(args.item, args.saved)
        title = engine.item(args.item).title or "(untitled)"
    named = f"{args.item} “{title}”"
    if not changed:  # "is already not saved" said the second unsave
        say(f"Item {named} is {'already saved' if args.saved else 'not saved'}: nothing "
            "changed.")
    elif args.saved:
        say(f"Saved item {named} for later: it is kept past retention. 'notify items --saved' "
            f"lists it; 'notify unsave {args.item}' takes it back.")
    else:
        say(f"Item {named} is no longer saved: it is deleted once older than the retention "
            f"(unless liked). 'notify save {args.item}' saves it again.")
    return 0

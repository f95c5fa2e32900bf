"""``notify items``: the stored items, newest first by their own dates, in the inbox's order
(``notify.core.store.items.NEWEST_FIRST``; read-only)."""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

from notify.commands.output import (
    ADD_A_SOURCE,
    how_many,
    item_json,
    print_json,
    reader,
    say,
    source_id,
    terminal_width,
    when,
    wrapped,
)
from notify.core.errors import Advice, Remedy, UserInputError, command_line_words
from notify.core.logs import redact
from notify.core.source_names import source_name
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from notify.core.store.items import ItemQuery, sort_time


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "items", help="list stored items, newest first",
        description="List stored items, newest first. In the list, * marks an item not read "
        "(nor reacted to) yet, b one of the items a newly added source started with (in the "
        "inbox, never notified), s one you saved for later ('notify save'), and [44%] how "
        "likely a ranked item is to interest you.")
    parser.add_argument("--new", action="store_true",
                        help="only items not read and not reacted to yet")
    parser.add_argument("--saved", action="store_true",
                        help="only items saved for later ('notify save')")
    parser.add_argument("--source", "-s", type=source_id, action="append", default=[], metavar="ID",
                        help="only items of this source (repeatable)")
    parser.add_argument("--limit", "-n", type=how_many, default=20, metavar="N",
                        help="at most N items (default 20)")
    parser.add_argument("--skip", type=how_many, default=0, metavar="N",
                        help="leave out the newest N (the next page: --skip 20)")
    parser.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    parser.add_argument("--notified", action="store_true",
                        help="what was notified, with scores and reasons (notify notified)")
    parser.set_defaults(func=cmd_items)


def cmd_items(args: argparse.Namespace) -> int:
    if getattr(args, "notified", False):
        from notify.commands.feedback import print_notified

        # a filter it would drop is refused, not ignored (a script asking for one source's
        # notified items got every source's)
        dropped = [flag for flag, given in (("--new", args.new), ("--saved", args.saved),
                                            ("--source", args.source),
                                            ("--skip", args.skip)) if given]
        if dropped:
            raise UserInputError(
                f"--notified lists what was notified from every source, newest first; it takes "
                f"--limit and --json, not {' or '.join(dropped)}: without --notified, 'notify "
                "items' lists the stored items with them.")

        return print_notified(args, limit=args.limit)
    if args.limit < 1:
        raise UserInputError(f"--limit must be at least 1 (got {args.limit}).")
    if args.skip < 0:
        raise UserInputError(f"--skip must be 0 or more (got {args.skip}).")
    with reader(args) as (conn, _paths):
        for sid in args.source:
            sources_repo.get(conn, sid)  # unknown id: one clear line
        found = items_repo.query(conn, ItemQuery(
            source_ids=tuple(args.source), unread_only=args.new, saved_only=args.saved,
            limit=args.limit, offset=args.skip,
        ))
        past = not found and args.skip > 0 and bool(items_repo.query(conn, ItemQuery(
            source_ids=tuple(args.source), unread_only=args.new, saved_only=args.saved,
            limit=1)))  # there are items: none past the first --skip
        no_sources = not found and sources_repo.count(conn) == 0
        # a source asked for that has none: what its polls said, not "run 'notify poll'"
        failing = [] if found or past or args.saved else _failing(conn, args.source)
        if not found and not past and not args.source and not args.saved and not no_sources:
            # no source asked for: when none of them could give an item (every poll failed,
            # or disabled), that is why, not "run 'notify poll'" (which fails again)
            every = [s.id for s in sources_repo.list_all(conn)]
            why = _failing(conn, every)
            if len(why) == len(every):
                failing = why if len(why) <= MANY_FAILING else [
                    f"none of your {len(every)} sources could be polled (each failed its last "
                    "poll or is disabled). 'notify status' lists them with what to do."]
    if args.json:
        print_json({"items": [item_json(i) for i in found]})
        return 0
    if len(failing) == 1:
        say(f"No {'unread ' if args.new else ''}items: {failing[0]}")
        return 0
    if failing:
        say(f"No {'unread ' if args.new else ''}items.")
        for line in failing:
            say(f"  {line}")
        return 0
    if past:
        say(f"No more items past the newest {args.skip}.")
        return 0
    if not found:
        say(f"No items: no source yet. {ADD_A_SOURCE}" if no_sources else
            "No saved items: 'notify save ITEM' keeps one for later." if args.saved else
            "No unread items." if args.new else "No items. Run 'notify poll' to fetch some.")
        return 0
    if any(i.score is not None for i in found):  # the ranking modules only for scores (~8 ms)
        from notify.core.ranking.explain import percent
    width = terminal_width()
    for item in found:
        flags = "".join((
            "*" if not item.read and item.reaction is None else " ",
            "b" if item.backlog else " ",
            "s" if item.saved else " ",
        ))
        score = "" if item.score is None else f" [{percent(item.score)}]"
        head = f"{item.id:>6} {flags} {item.title or '(untitled)'}{score}"
        # the source by the name it is shown by everywhere (``Item.source_title``)
        about = f"{DETAIL}{item.source_title}, {when(sort_time(item))}"
        link = redact(item.link) if item.link else ""
        print("\n".join(item_lines(head, about, link, width)))
    return 0


DETAIL = " " * 9  # where an item's second line starts (under its flags)
TITLE_AT = 11  # where its title starts: "{id:>6} {flags} "


def item_lines(head: str, about: str, link: str, width: int | None) -> list[str]:
    """An item's lines: ``head`` (id, flags, title, score), then ``about`` (source, time) and
    its ``link``. On a terminal of ``width`` columns, a title too long for a line wraps under
    itself, and a link that does not fit after the source and time gets a line of its own
    (never cut: it is copied or clicked). Else, two lines each whole (what a script reads)."""
    if width is None:
        return [head, f"{about}  {link}" if link else about]
    lines = wrapped(head, hang=TITLE_AT, width=width).split("\n")
    if not link:
        return [*lines, about]
    if len(about) + 2 + len(link) <= width:
        return [*lines, f"{about}  {link}"]
    return [*lines, about, f"{DETAIL}{link}"]


MANY_FAILING = 5  # more failing sources than this are counted, not listed, by a bare `items`


def _failing(conn: sqlite3.Connection, source_ids: list[int]) -> list[str]:
    """For each source of ``source_ids`` whose polls fail, or that is disabled ('notify poll'
    fetches nothing for either), why, as ``sources show`` says it (its last error, its advice
    in the command line's words), or how to enable it."""
    out = []
    for sid in dict.fromkeys(source_ids):
        state = state_repo.get(conn, sid)
        source = sources_repo.get(conn, sid)
        which = f"source {sid} ({source_name(source)})"
        if state.disabled_reason:
            out.append(f"{which} is disabled: {state.disabled_reason}")
        elif not source.enabled:
            enable = command_line_words(Advice(Remedy.ENABLE_SOURCE, source_id=sid))
            out.append(f"{which} is disabled; to poll it, enable it: {enable}.")
        elif state.last_error and state.consecutive_failures:
            times = state.consecutive_failures
            out.append(f"{which} failed its last poll{f' ({times} in a row)' if times > 1 else ''}"
                       f": {state.last_error}")
    return out

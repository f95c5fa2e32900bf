"""``notify sources add``: subscribe to a feed or a web API.

``--kind`` (default ``feed``) and ``--option KEY=VALUE`` for the kind's declared settings
(``source_options``); a feed URL that is a web page is looked up for the feeds it announces
(autodiscovery, ``address_check``). An address already subscribed is refused with the command
that changes it instead. Other command modules may add arguments to the ``add`` parser through
``ADD_HOOKS``, and turn them into settings through ``SETTINGS_HOOKS`` (``--token-stdin``:
``notify.commands.kinds``); a token read for a source that was then not added is deleted again.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from notify.cli import EpilogAsWritten
from notify.commands.address_check import (
    EXIT_CHOOSE,
    ChoiceNeeded,
    look_up_address,
    resolve_feed_url,
)
from notify.commands.output import EXIT_ANSWERED_NO, engine_for, paths_of, reader, say
from notify.commands.source_options import (
    Interval,
    forget_token,
    minutes,
    parse_options,
    placeholder_secrets,
)
from notify.core.errors import NotifyError, UserInputError
from notify.core.logs import redact
from notify.core.models import Source
from notify.core.source_names import source_name
from notify.core.sources import registry
from notify.core.sources.base import NeedsPageLookup, SourceKind
from notify.core.store import sources as sources_repo

EXAMPLES = """examples:
  notify sources add https://blog.python.org/   a page: the feed it announces
  notify sources add https://lwn.net/headlines/rss --group News --interval 60
  notify sources add --kind hackernews -o list=best -o min_score=200
  notify sources add --kind github-repo python/cpython
  notify sources add --kind reddit python
  notify sources add --kind github-notifications --token-stdin < token.txt
  notify sources add https://USER:PASSWORD@example.org/feed   behind a login

'notify sources kinds' lists every kind, its address and its settings."""

# Functions (add_parser) -> None that add arguments to ``sources add``, and functions
# (args, settings: dict) -> None that turn them into settings before the kind normalises them.
ADD_HOOKS: list[Callable[[argparse.ArgumentParser], None]] = []
SETTINGS_HOOKS: list[Callable[[argparse.Namespace, dict[str, Any]], None]] = []


def register(sub: Any) -> None:
    add = sub.add_parser("add", help="subscribe to a feed or a web API", epilog=EXAMPLES,
                         formatter_class=EpilogAsWritten)
    add.add_argument(
        "url", metavar="URL", nargs="?", default="",
        help="the address: a feed or web page, or what --kind takes ('notify sources kinds' "
        "says, e.g. owner/name for github-repo; hackernews takes none)",
    )
    add.add_argument("--kind", default="feed",
                     help="source kind (default: feed; 'notify sources kinds' lists them)")
    add.add_argument("--option", "-o", action="append", default=[], metavar="KEY=VALUE",
                     help="a setting of the kind (repeatable)")
    add.add_argument("--title", default="",
                     help="name to show (default: the feed's own title, read when the address "
                     "is checked)")
    add.add_argument("--group", default="", help="folder, e.g. News or News/Tech")
    add.add_argument("--interval", type=minutes, metavar="MIN", action=Interval)
    add.add_argument("--pick", type=int, metavar="N",
                     help="when the page announces several feeds, take the N-th")
    add.add_argument("--no-check", action="store_true",
                     help="add without fetching the URL first (no autodiscovery)")
    for hook in ADD_HOOKS:
        hook(add)
    add.set_defaults(func=cmd_add)


def refuse_duplicate(args: argparse.Namespace, kind: SourceKind, settings: dict[str, Any]) -> None:
    """An address already subscribed is refused before anything is read or fetched (a token
    given again, say), with the command that changes that source instead."""
    if not paths_of(args).has_db():  # nothing subscribed yet (and nothing to create twice)
        return
    try:
        url, _ = kind.normalise(args.url, {**settings, **placeholder_secrets(kind)})
    except NotifyError:  # said below, where the address is checked for real
        return
    with reader(args) as (conn, _paths):
        existing = sources_repo.find_duplicate(conn, kind.id, url)
    if existing is not None:
        raise already_subscribed(url, existing)


def already_subscribed(url: str, existing: Source, page: str = "") -> UserInputError:
    """``url`` is another spelling of ``existing``'s address: the error that says which source
    it is and how to change that one instead; ``page``: the web page (or handle) that led to
    ``url``, when it was not the address given."""
    via = f"{redact(page)} leads to {redact(url)}, which" if page else redact(url)
    return UserInputError(
        f"{via} is already subscribed as source {existing.id} ({source_name(existing)}). To "
        f"change it (a new token, its settings, its name), use "
        f"'notify sources edit {existing.id}'."
    )


def cmd_add(args: argparse.Namespace) -> int:
    settings = parse_options(args.kind, args.option)
    kind = registry.get(args.kind)
    refuse_duplicate(args, kind, settings)
    for hook in SETTINGS_HOOKS:
        hook(args, settings)
    tokens = [settings[k] for k in placeholder_secrets(kind) if getattr(args, "token_stdin", False)
              and isinstance(settings.get(k), str)]
    added = False
    try:
        code = _add(args, kind, settings)
        added = code == 0
        return code
    finally:
        for ref in tokens if not added else ():  # nothing added: no token left behind
            forget_token(ref, "the source was not added")


def _add(args: argparse.Namespace, kind: SourceKind, settings: dict[str, Any]) -> int:
    interval_s = None if args.interval is None else round(args.interval * 60)
    lookup: NeedsPageLookup | None = None
    try:
        url, _ = kind.normalise(args.url, settings)  # fail early on a bad URL, before any fetch
    except NeedsPageLookup as need:  # a YouTube handle: its page names the channel
        if args.no_check:
            raise
        url, lookup = args.url, need
    with engine_for(args) as engine:
        if lookup is not None:
            url = look_up_address(engine, kind.id, url)
        if kind.id == "feed" and not args.no_check:
            try:
                resolved = resolve_feed_url(engine, url, args.pick)
            except ChoiceNeeded as need:
                say(f"notify: {need}", file=sys.stderr)
                return EXIT_CHOOSE
            if resolved is None:
                say("Nothing added.")
                return EXIT_ANSWERED_NO
            url, _title = resolved  # the engine remembers the title it read for add_source
        if url != args.url:  # the feed a page announces (or a handle's): perhaps followed
            existing = sources_repo.find_duplicate(engine.conn, kind.id, url)
            if existing is not None:
                raise already_subscribed(url, existing, page=args.url)
        source = engine.add_source(kind.id, url, args.title, args.group, settings, interval_s)
    say(f"Added source {source.id}: {source_name(source)} ({redact(source.url)})")
    return 0

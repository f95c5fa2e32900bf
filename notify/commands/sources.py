"""``notify sources``: add, list, show, edit, remove, enable, disable, import, export.

``sources add`` takes ``--kind`` (default ``feed``) and ``--option KEY=VALUE`` for the kind's
declared settings (``sources/base.py`` ``Setting``); a feed URL that is a web page is looked up
for the feeds it announces (autodiscovery). Other command modules may add arguments to the
``add`` parser through ``ADD_HOOKS`` (e.g. ``--token-stdin``). ``sources edit`` lives in
``notify.commands.source_edit``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notify.commands.output import (
    EXIT_ANSWERED_NO,
    ask,
    confirm,
    engine_for,
    interactive,
    paths_of,
    print_json,
    reader,
    setting_text,
    source_json,
    when,
)
from notify.core.engine import Engine
from notify.core.errors import NotifyError, UserInputError
from notify.core.logs import redact
from notify.core.poll import RATE_WINDOW_S
from notify.core.source_names import source_name
from notify.core.sources import registry
from notify.core.sources.base import NeedsPageLookup, Setting, SettingType, SourceKind
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo

if TYPE_CHECKING:  # OPML and discovery are imported by the commands that use them
    from notify.core.discovery import DiscoveredFeed
    from notify.core.models import Source, SourceState
    from notify.core.subscriptions import Probe

log = logging.getLogger(__name__)

EXIT_CHOOSE = 3  # several feeds found and no --pick on a non-interactive run

# Functions (add_parser) -> None that add arguments to ``sources add``, and functions
# (args, settings: dict) -> None that turn them into settings before the kind normalises them.
ADD_HOOKS: list[Callable[[argparse.ArgumentParser], None]] = []
SETTINGS_HOOKS: list[Callable[[argparse.Namespace, dict[str, Any]], None]] = []


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sources", help="add, list, show and remove sources")
    sub = parser.add_subparsers(dest="sources_command", metavar="ACTION")

    add = sub.add_parser("add", help="subscribe to a feed or a web API")
    add.add_argument(
        "url", metavar="URL", nargs="?", default="",
        help="feed, web page or API address (some kinds, e.g. hackernews, need none)",
    )
    add.add_argument("--kind", default="feed", help="source kind (default: feed)")
    add.add_argument("--option", "-o", action="append", default=[], metavar="KEY=VALUE",
                     help="a setting of the kind (repeatable)")
    add.add_argument("--title", default="",
                     help="name to show (default: the feed's own title, read when the address "
                     "is checked)")
    add.add_argument("--group", default="", help="folder, e.g. News or News/Tech")
    add.add_argument("--interval", type=minutes, metavar="MIN", help=interval_help())
    add.add_argument("--pick", type=int, metavar="N",
                     help="when the page announces several feeds, take the N-th")
    add.add_argument("--no-check", action="store_true",
                     help="add without fetching the URL first (no autodiscovery)")
    for hook in ADD_HOOKS:
        hook(add)
    add.set_defaults(func=cmd_add)

    ls = sub.add_parser("list", help="list sources with their health")
    ls.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    ls.set_defaults(func=cmd_list)

    show = sub.add_parser("show", help="one source's details and health")
    show.add_argument("id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    show.set_defaults(func=cmd_show)

    from notify.commands import source_edit

    source_edit.register(sub)

    rm = sub.add_parser("remove", help="unsubscribe (deletes its items)")
    rm.add_argument("id", type=int, metavar="ID")
    rm.add_argument("--yes", "-y", action="store_true", help="do not ask")
    rm.set_defaults(func=cmd_remove)

    for name, enabled in (("enable", True), ("disable", False)):
        p = sub.add_parser(name, help=f"{name} polling of a source")
        p.add_argument("id", type=int, metavar="ID")
        p.set_defaults(func=cmd_enable, enabled=enabled)

    imp = sub.add_parser("import", help="add the feeds of an OPML file")
    imp.add_argument("file", metavar="FILE")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export", help="write the feeds as OPML 2.0")
    exp.add_argument("file", nargs="?", metavar="FILE", help="default: standard output")
    exp.set_defaults(func=cmd_export)


# -- add ---------------------------------------------------------------------------------


def minutes(text: str) -> float:
    """``--interval``: a positive number of minutes (the core checks it against the minimum)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"give a number of minutes (got {text!r})")
    return value


def interval_help(kind_id: str = "feed") -> str:
    """``--interval``'s help: defaults and minimums are each kind's (read from the registry)."""
    kind = registry.get(kind_id)
    return (f"minutes between polls; without it, the kind's default. Each kind has its own "
            f"default and minimum ({kind.id}: {kind.default_interval_s / 60:g}, at least "
            f"{kind.min_interval_s / 60:g}; the others: 'notify sources kinds')")


def _convert(setting: Setting, raw: str) -> Any:
    if setting.type is SettingType.INT:
        try:
            return int(raw)
        except ValueError as err:
            raise UserInputError(f"--option {setting.key}: {raw!r} is not a whole number.") from err
    if setting.type is SettingType.BOOL:
        low = raw.strip().lower()
        if low not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise UserInputError(f"--option {setting.key}: use yes or no (got {raw!r}).")
        return low in ("1", "true", "yes", "on")
    if setting.type is SettingType.CHOICE and setting.choices and raw not in setting.choices:
        raise UserInputError(
            f"--option {setting.key}: choose one of {', '.join(setting.choices)} (got {raw!r})."
        )
    if setting.type is SettingType.SECRET:
        raise UserInputError(
            f"--option {setting.key}: secrets are never given on the command line; pass it on "
            "standard input instead (see 'notify sources add --help')."
        )
    return raw


def parse_options(kind_id: str, options: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` strings into the kind's settings (``MAPPING`` keys: ``KEY.sub=VALUE``)."""
    kind = registry.get(kind_id)
    declared = {s.key: s for s in kind.settings}
    out: dict[str, Any] = {}
    for option in options:
        key, sep, value = option.partition("=")
        key = key.strip()
        base, _, sub = key.partition(".")
        setting = declared.get(base)
        if not sep or setting is None:
            known = ", ".join(declared) or "none"
            raise UserInputError(
                f"--option {option!r}: expected KEY=VALUE with a setting of the {kind_id} kind "
                f"(known: {known})."
            )
        if setting.type is SettingType.MAPPING:
            if not sub:
                raise UserInputError(f"--option {key}: give {key}.NAME=VALUE for this mapping.")
            out.setdefault(base, {})[sub] = value
        else:
            out[key] = _convert(setting, value)
    return out


def _choose(candidates: tuple[DiscoveredFeed, ...], pick: int | None, page: str) -> str | None:
    """The address of the feed chosen among a page's ``candidates`` (``--pick``, the only one,
    or asked on a terminal); None when the person cancelled."""
    listing = "\n".join(
        f"  {n}. {c.title or '(untitled)'}  {redact(c.url)}" for n, c in enumerate(candidates, 1)
    )
    if pick is not None:
        if not 1 <= pick <= len(candidates):
            raise UserInputError(f"--pick {pick}: choose 1 to {len(candidates)}.\n{listing}")
        return candidates[pick - 1].url
    if len(candidates) == 1:
        return candidates[0].url
    several = f"{redact(page)} announces {len(candidates)} feeds"
    if not interactive():
        raise ChoiceNeeded(f"{several}; run again with --pick N:\n{listing}")
    print(f"{several}:\n{listing}")
    while True:
        answer = ask(f"Which one? [1-{len(candidates)}, empty to cancel] ",
                     unattended=f"{several}; run again with --pick N.")
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(candidates):
            return candidates[int(answer) - 1].url
        print(f"Type a number from 1 to {len(candidates)}, or nothing to cancel.")


class ChoiceNeeded(Exception):
    """The page announces several feeds and nobody can be asked: the text lists them."""


def _probe(engine: Engine, url: str) -> Probe:
    async def probe() -> Probe:
        try:
            return await engine.probe(url)
        finally:
            await engine.close_network()

    return asyncio.run(probe())


def _not_added(url: str, reason: str, verb: str = "add") -> UserInputError:
    """``verb``: what was not done with the address (``add``; ``use`` for ``sources edit``)."""
    done = verb + ("d" if verb.endswith("e") else "ed")
    return UserInputError(
        f"{redact(url)} was not {done}: {reason} To {verb} it anyway (Notify then keeps trying "
        "it), use --no-check."
    )


def resolve_feed_url(
    engine: Engine, url: str, pick: int | None, verb: str = "add"
) -> tuple[str, str] | None:
    """The feed to ``verb`` (``add``, or ``use`` as a source's new address) for ``url`` and its
    own title ("" if none): ``url`` itself, or the one its page announces (autodiscovery),
    checked once (its title then names the source); None when the person cancelled."""
    found = _probe(engine, url)
    if found.error:
        raise _not_added(url, found.error, verb)
    if found.is_feed:
        return url, found.title
    if not found.candidates:  # the core says why: a page without feeds, JSON that is no feed
        raise UserInputError(found.no_feed or (
            f"{redact(url)} is a web page that announces no feed. Look for an RSS or Atom link "
            f"on the site and {verb} that address."))
    chosen = _choose(found.candidates, pick, url)
    if chosen is None:
        return None
    feed = _probe(engine, chosen)
    if feed.error:
        raise _not_added(chosen, feed.error, verb)
    if not feed.is_feed:
        raise _not_added(chosen, f"{redact(url)} announces it as a feed, but it is a web page.",
                         verb)
    return chosen, feed.title


def look_up_address(engine: Engine, kind: str, url: str) -> str:
    async def look_up() -> str:
        try:
            return await engine.resolve_address(kind, url)
        finally:
            await engine.close_network()

    return asyncio.run(look_up())


def placeholder_secrets(kind: SourceKind) -> dict[str, str]:
    """A stand-in for each token reference of ``kind``: checking an address or settings before
    the token is read must not fail on a token the kind requires."""
    from notify.commands.kinds import PREVIEW_REF

    return {s.key: PREVIEW_REF for s in kind.settings if s.type is SettingType.SECRET}


def forget_token(ref: str, what: str) -> None:
    """Delete a token just stored in the keyring for a change that did not happen (``what``:
    "source 5 was not changed"); best effort, logged when it fails."""
    from notify.core import secrets

    try:
        secrets.delete(ref)
    except NotifyError as err:
        log.warning("%s, but the token given for it stays in the keyring under %s: %s", what,
                    ref, err)


def refuse_duplicate(args: argparse.Namespace, kind: SourceKind, settings: dict[str, Any]) -> None:
    """An address already subscribed is refused before anything is read or fetched (a token
    given again, say), with the command that changes that source instead."""
    if not paths_of(args).db.exists():  # nothing subscribed yet (and nothing to create twice)
        return
    try:
        url, _ = kind.normalise(args.url, {**settings, **placeholder_secrets(kind)})
    except NotifyError:  # said below, where the address is checked for real
        return
    with reader(args) as (conn, _paths):
        existing = sources_repo.find_duplicate(conn, kind.id, url)
    if existing is not None:
        raise UserInputError(
            f"{redact(url)} is already subscribed as source {existing.id} "
            f"({source_name(existing)}). To change it (a new token, its settings, its name), "
            f"use 'notify sources edit {existing.id}'."
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
                print(f"notify: {need}", file=sys.stderr)
                return EXIT_CHOOSE
            if resolved is None:
                print("Nothing added.")
                return EXIT_ANSWERED_NO
            url, _title = resolved  # the engine remembers the title it read for add_source
        source = engine.add_source(kind.id, url, args.title, args.group, settings, interval_s)
    print(f"Added source {source.id}: {source_name(source)} ({redact(source.url)})")
    return 0


# -- list / show -------------------------------------------------------------------------


def _health(state: Any, enabled: bool) -> str:
    if state.disabled_reason or not enabled:
        return "disabled"
    if state.consecutive_failures:
        return f"failing ({state.consecutive_failures}x)"
    if state.last_success is None:
        return "new"
    if state.last_warning:  # read, but not cleanly: see its warning
        return "ok, with a warning"
    return "ok"


def cmd_list(args: argparse.Namespace) -> int:
    with reader(args) as (conn, _paths):
        all_sources = sources_repo.list_all(conn)
        states = state_repo.all_states(conn)
        if args.json:
            print_json({"sources": [
                source_json(s, states.get(s.id) or state_repo.get(conn, s.id),
                            items_repo.count_by_source(conn, s.id))
                for s in all_sources
            ]})
            return 0
        if not all_sources:
            print("No sources yet. Add one with 'notify sources add URL' or "
                  "'notify sources import FILE.opml'.")
            return 0
        for s in all_sources:
            st = states.get(s.id) or state_repo.get(conn, s.id)
            group = f" [{s.group}]" if s.group else ""
            print(f"{s.id:>4}  {_health(st, s.enabled):<14} {source_name(s)}{group}"
                  f"  ({s.kind}, last ok {when(st.last_success)})")
    return 0


def _next_poll(state: SourceState, enabled: bool) -> str:
    if not enabled:
        return "not polled (disabled)"
    if state.next_attempt is None or state.next_attempt <= time.time():
        return "due now"
    return when(state.next_attempt)


def _rate(state: SourceState) -> str:
    if state.item_rate_per_day is None:
        return "not known until its first successful poll"
    return f"{state.item_rate_per_day:.1f} (over the last {RATE_WINDOW_S // 86400} days)"


def settings_lines(source: Source) -> list[str]:
    """``show``: the settings of the source's kind, one line each (a token: only whether it has
    one), under a line that says how to change them; [] for a kind without settings."""
    try:
        kind = registry.get(source.kind)
    except NotifyError as err:  # a kind this Notify does not know: show the rest
        log.warning("source %d: %s", source.id, err)
        return []
    if not kind.settings:
        return []
    rows = []
    for setting in kind.settings:
        value = source.settings.get(setting.key)
        if setting.type is SettingType.SECRET:
            rows.append(("token", "in the system keyring" if value else "-"))
        else:
            rows.append((setting.key, setting_text(value)))
    width = max(len(label) for label, _ in rows)
    return [f"  settings:      (change with 'notify sources edit {source.id} -o KEY=VALUE')",
            *(f"    {label:<{width}}  {text}" for label, text in rows)]


def cmd_show(args: argparse.Namespace) -> int:
    with reader(args) as (conn, _paths):
        s = sources_repo.get(conn, args.id)
        st = state_repo.get(conn, s.id)
        count = items_repo.count_by_source(conn, s.id)
    if args.json:
        print_json({"source": source_json(s, st, count)})
        return 0
    lines = [
        f"Source {s.id}: {source_name(s)}",
        f"  kind:          {s.kind}",
        f"  address:       {redact(s.url)}",
        f"  group:         {s.group or '-'}",
        f"  status:        {_health(st, s.enabled)}",
        f"  notifications: {'muted (its items reach the inbox only)' if s.muted else 'on'}",
        f"  last success:  {when(st.last_success)}",
        f"  last error:    {st.last_error or '-'}",
        *([f"  warning:       {st.last_warning}"] if st.last_warning else []),
        f"  next poll:     {_next_poll(st, s.enabled)}",
        f"  failures:      {st.consecutive_failures} in a row",
        f"  items:         {count} stored",
        f"  new per day:   {_rate(st)}",
        f"  interval:      {f'{s.interval_s / 60:g} min' if s.interval_s else 'default'}",
    ]
    lines.extend(settings_lines(s))
    if st.moved_notice:
        lines.append(f"  moved:         {st.moved_notice}")
    if st.disabled_reason:
        lines.append(f"  disabled:      {st.disabled_reason}")
    print("\n".join(lines))
    return 0


# -- change ------------------------------------------------------------------------------


def cmd_remove(args: argparse.Namespace) -> int:
    with engine_for(args) as engine:
        source = engine.source(args.id)
        name = source_name(source)
        if not args.yes and not confirm(
            f"Remove {name} and its items?",
            unattended=f"Removing {name} deletes its items; add --yes to confirm.",
        ):
            print("Nothing removed.")
            return EXIT_ANSWERED_NO
        engine.remove_source(args.id)
    print(f"Removed source {args.id}: {name}")
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    with engine_for(args) as engine:
        source = engine.update_source(args.id, enabled=args.enabled)
    word = "Enabled" if args.enabled else "Disabled"
    print(f"{word} source {source.id}: {source_name(source)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UserInputError(f"Cannot read {path}: {err.strerror or err}.") from err
    with engine_for(args) as engine:
        report = engine.import_opml(data)
    print(f"Imported {path.name}: {report.summary()}")
    for dup in report.duplicates:
        print(f"  merged: {dup.describe()}")
    for skipped in report.skipped:
        where = f" (line {skipped.line})" if skipped.line else ""
        print(f"  skipped {redact(skipped.title) or 'an outline'}{where}: {redact(skipped.reason)}")
    for warning in report.warnings:
        print(f"  warning: {redact(warning)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with engine_for(args) as engine:
        text = engine.export_opml()
        from notify.core.opml import EXPORTED_KINDS

        feeds = sum(1 for s in engine.sources() if s.kind in EXPORTED_KINDS)
    if not args.file or args.file == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.file).expanduser()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise UserInputError(f"Cannot write {path}: {err.strerror or err}.") from err
    print(f"Wrote {feeds} feeds to {path}", file=sys.stderr)
    return 0

"""Source kinds on the command line: ``notify sources kinds``, ``notify sources preview`` and
``--token-stdin`` for ``notify sources add``.

    notify sources kinds [--json]
    notify sources preview --kind json https://lobste.rs/newest.json -o fields.id=short_id
    printf '%s' "$TOKEN" | notify sources add --kind github-notifications "" --token-stdin

These hang onto the ``sources`` group that ``notify.commands.sources`` builds (listed after it in
``notify.cli.COMMAND_MODULES``). A token read with ``--token-stdin`` goes straight to the system
keyring; the source keeps only its reference (``token_ref``). ``preview`` keeps the token in
memory only and saves nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import shlex
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from notify.commands.output import how_many, iso, print_json, say
from notify.core.errors import SecretStoreError, UserInputError
from notify.core.fetch.outcomes import Failed, NotModified, Outcome, Request, Updated
from notify.core.logs import redact, register_secret
from notify.core.models import Source, SourceState
from notify.core.sources import registry
from notify.core.sources.address import Takes, doc_of, takes
from notify.core.sources.base import PollContext, PollResult, Setting, SettingType, SourceKind

if TYPE_CHECKING:  # discovery is imported when a preview met a web page
    from notify.core.discovery import DiscoveredFeed

PREVIEW_REF = "notify-preview"
EXIT_PREVIEW_FAILED = 2  # a user error (docs/cli.md): the address or settings do not work


def read_token(stream: Any = None) -> str:
    """A token from standard input (a hidden prompt when it is a terminal)."""
    stream = stream or sys.stdin
    typed = stream.isatty()
    try:
        raw = getpass.getpass("Token (input hidden): ") if typed else stream.read()
    except EOFError:  # Ctrl-D at the hidden prompt
        print(file=sys.stderr)
        raw = ""
    token = raw.strip()
    if not token:
        raise UserInputError("--token-stdin: " + (
            "no token was typed." if typed else "standard input held no token."))
    register_secret(token)
    return token


def _secret_setting(kind: SourceKind) -> str:
    for setting in kind.settings:
        if setting.type is SettingType.SECRET:
            return setting.key
    raise UserInputError(f"The {kind.id} kind takes no token; drop --token-stdin.")


def token_settings_hook(args: argparse.Namespace, settings: dict[str, Any]) -> None:
    """``sources add --token-stdin``: the token into the keyring, its reference into settings."""
    if not getattr(args, "token_stdin", False):
        return
    from notify.core import secrets

    kind = registry.get(args.kind)
    key = _secret_setting(kind)
    # check the address and settings first: a rejected source must not leave a token behind
    kind.normalise(args.url, {**settings, key: PREVIEW_REF})
    token = read_token()
    try:
        settings[key] = secrets.store_secret(token)
    except SecretStoreError as err:
        raise SecretStoreError(f"The token was not saved, so the source was not added. {err}") \
            from err


def _subparsers_of(parser: argparse.ArgumentParser) -> Any:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def register(subparsers: Any) -> None:
    group = subparsers.choices.get("sources")
    if group is None:  # the sources group is not in this checkout
        return
    from notify.commands import source_add

    if token_settings_hook not in source_add.SETTINGS_HOOKS:
        source_add.SETTINGS_HOOKS.append(token_settings_hook)
    sub = _subparsers_of(group)
    add = sub.choices.get("add")
    if add is not None and not any("--token-stdin" in a.option_strings for a in add._actions):
        add.add_argument("--token-stdin", action="store_true",
                         help="read the kind's token from standard input and keep it in the "
                         "system keyring (never on the command line)")

    kinds = sub.add_parser("kinds", help="list the source kinds and their settings")
    kinds.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    kinds.set_defaults(func=cmd_kinds)

    preview = sub.add_parser("preview", help="show what a source would yield, without saving it")
    preview.add_argument("url", nargs="?", default="", metavar="URL",
                         help="address (some kinds build it from options)")
    preview.add_argument("--kind", default="feed",
                         help="source kind (default: feed, as for 'sources add'; 'notify sources "
                         "kinds' lists them)")
    preview.add_argument("--option", "-o", action="append", default=[], metavar="KEY=VALUE",
                         help="a setting of the kind (repeatable; mappings as KEY.NAME=VALUE)")
    preview.add_argument("--token-stdin", action="store_true",
                         help="read a token from standard input (kept in memory only)")
    preview.add_argument("--limit", "-n", type=how_many, default=10, metavar="N",
                         help="items to show (default 10; 0: only how many)")
    preview.add_argument("--json", action="store_true", help="machine-readable (docs/cli.md)")
    preview.set_defaults(func=cmd_preview)


# -- kinds -------------------------------------------------------------------------------------


def kind_json(kind: SourceKind) -> dict[str, Any]:
    return {
        "id": kind.id,
        "label": kind.label,
        "description": kind.description,
        "default_interval_min": kind.default_interval_s / 60,
        "min_interval_min": kind.min_interval_s / 60,
        "host_limit": kind.host_limit,
        "address": address_json(kind),
        "settings": [
            {"key": s.key, "label": s.label, "type": s.type.value, "required": s.required,
             "default": s.default, "choices": list(s.choices), "help": s.help}
            for s in kind.settings
        ],
    }


def address_json(kind: SourceKind) -> dict[str, str]:
    """What address the kind takes (``takes``: required, optional or none) and its words, ""
    where it declares none."""
    doc = doc_of(kind)
    return {"takes": takes(kind).value,
            "placeholder": doc.placeholder if doc is not None else "",
            "example": doc.example if doc is not None else "",
            "what": doc.what if doc is not None else ""}


def address_lines(kind: SourceKind) -> list[str]:
    """``address: WHAT IT IS (required)`` and its example below, or ``address: none (made
    from the settings)``."""
    answer = takes(kind)
    if answer is Takes.NONE:
        return ["address: none (made from the settings)"]
    doc = doc_of(kind)
    words = (doc.placeholder or doc.what) if doc is not None else ""
    lines = [f"address: {words} ({answer.value})" if words else f"address: {answer.value}"]
    if doc is not None and doc.example:
        lines.append("  " + doc.example)
    return lines


def default_text(setting: Setting) -> str:
    """A setting's default as a person reads it: ``on``/``off``, a number, a choice, or a
    quoted text (``'Bearer '``: the trailing space matters); "" when there is none."""
    value = setting.default
    if value is None or value == "" or value == {} or setting.type is SettingType.SECRET:
        return ""
    if setting.type is SettingType.BOOL or isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, str) and setting.type is not SettingType.CHOICE:
        return "'" + value + "'"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _how(setting: Setting) -> str:
    """How a setting is given on the command line."""
    return {SettingType.SECRET: "--token-stdin",
            SettingType.BOOL: f"-o {setting.key}=yes|no",
            SettingType.MAPPING: f"-o {setting.key}.NAME=…"}.get(setting.type,
                                                                 f"-o {setting.key}=…")


def cmd_kinds(args: argparse.Namespace) -> int:
    kinds = registry.all_kinds()
    if args.json:
        print_json({"kinds": [kind_json(k) for k in kinds]})
        return 0
    width = max((len(_how(s)) for k in kinds for s in k.settings), default=0)
    for kind in kinds:
        every = (f"every {kind.default_interval_s / 60:g} min "
                 f"(at least {kind.min_interval_s / 60:g})")
        print(f"{kind.id}: {kind.label} - {every}")
        say(f"    {kind.description}")
        for line in address_lines(kind):
            say(f"    {line}")
        for s in kind.settings:
            extra = []
            if s.choices:
                extra.append("one of " + "|".join(s.choices))
            default = default_text(s)
            if default:
                extra.append(f"default {default}")
            if s.required:
                extra.append("required")
            if s.applies_when is not None:
                extra.append(s.applies_text)
            if s.help:
                extra.append(s.help)
            detail = f" ({'; '.join(extra)})" if extra else ""
            say(f"    {_how(s):<{width}}  {s.label}{detail}", hang=4 + width + 2)
    return 0


# -- preview -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """One poll of an unsaved source. ``page``: the address is a web page, not a feed (the feed
    kind read one): the feeds it announces (none: ``advice`` says what it is instead), and
    ``advice``, what to run instead, with their addresses."""

    result: PollResult
    page: tuple[DiscoveredFeed, ...] | None = None
    advice: str = ""


def web_page_advice(url: str, feeds: tuple[DiscoveredFeed, ...], body: bytes) -> str:
    """What to run for a web page given to ``sources preview`` as a feed (after "the preview
    of URL failed: "): preview one of the feeds it announces, or add the page (``sources add``
    looks its feeds up)."""
    from notify.core.discovery import no_feed_here

    if not feeds:
        return no_feed_here(url, body).text
    page = shlex.quote(redact(url))

    def command(feed: DiscoveredFeed) -> str:
        return f"notify sources preview {shlex.quote(redact(feed.url))}"

    if len(feeds) == 1:
        named = f"one feed, {feeds[0].title}" if feeds[0].title else "one feed"
        return (f"it is a web page, not a feed. It announces {named}; preview it, or add it by "
                f"the page:\n  {command(feeds[0])}\n  notify sources add {page}")
    listing = "".join(f"  {n}. {f.title or '(untitled)'}: {command(f)}\n"
                      for n, f in enumerate(feeds, 1))
    return (f"it is a web page, not a feed. It announces {len(feeds)} feeds; preview one of "
            f"them, or add one by the page (N: its number):\n{listing}"
            f"  notify sources add {page} --pick N")


async def preview(kind: SourceKind, url: str, settings: dict[str, Any], token: str | None,
                  now: float) -> Preview:
    """One poll of an unsaved source with a fresh fetcher; nothing is stored. For the feed
    kind, a web page instead of a feed is looked at for the feeds it announces (no second
    fetch)."""
    from notify.core.fetch.client import Fetcher

    def secret(ref: str) -> str:
        if token is None:
            raise SecretStoreError("No token was given; add --token-stdin to preview this source.")
        return token

    source = Source(id=0, kind=kind.id, url=url, title=kind.default_title(url, settings),
                    settings=settings)

    async def run_cpu(fn: Any, *fn_args: Any) -> Any:
        return await asyncio.to_thread(fn, *fn_args)

    read: list[Updated] = []  # what the feed kind read: a web page, when it was no feed

    async def fetch(request: Request) -> Outcome:
        outcome = await fetcher.get(request)
        if isinstance(outcome, Updated):
            read[:] = [outcome]
        return outcome

    async with Fetcher() as fetcher:
        ctx = PollContext(fetch=fetch, secret=secret, run_cpu=run_cpu, now=now)
        result = await kind.poll(ctx, source, SourceState(source_id=0))
    from notify.core.sources.feed import WEB_PAGE

    # the feed parser's verdict: a web page (a feed that does not parse keeps its own words)
    if (kind.id != "feed" or not read or not isinstance(result.outcome, Failed)
            or WEB_PAGE not in result.outcome.message):
        return Preview(result)
    from notify.core.discovery import discover_feeds

    page = read[-1]
    feeds = discover_feeds(page.body, page.url)
    return Preview(result, feeds, web_page_advice(url, feeds, page.body))


def cmd_preview(args: argparse.Namespace) -> int:
    import time

    from notify.commands.source_options import parse_options

    if args.limit < 0:
        raise UserInputError(f"--limit must be 0 or more (got {args.limit}).")
    kind = registry.get(args.kind)
    settings = parse_options(args.kind, args.option)
    token = None
    if args.token_stdin:
        settings[_secret_setting(kind)] = PREVIEW_REF
        token = read_token()
    url, settings = kind.normalise(args.url, settings)
    previewed = asyncio.run(preview(kind, url, settings, token, time.time()))
    result = previewed.result
    if args.json:
        print_json({"preview": preview_json(kind, url, previewed, args.limit)})
    else:
        print_preview(kind, url, result, args.limit)
    if isinstance(result.outcome, Failed):  # what to fix, like any other user error
        say(f"notify: the preview of {redact(url)} failed: {_failure(previewed)}",
            file=sys.stderr)
        return EXIT_PREVIEW_FAILED
    return 0


def _failure(previewed: Preview) -> str:
    """Why the preview failed and what to do: for a web page, what to run instead."""
    from notify.core.subscriptions import reason_not_saved

    outcome = previewed.result.outcome
    assert isinstance(outcome, Failed)
    return previewed.advice or reason_not_saved(outcome)


def preview_json(kind: SourceKind, url: str, previewed: Preview, limit: int) -> dict[str, Any]:
    result = previewed.result
    outcome = result.outcome
    return {
        "kind": kind.id,
        "url": redact(url),
        "status": "failed" if isinstance(outcome, Failed) else (
            "not_modified" if isinstance(outcome, NotModified) else "ok"),
        "error": _failure(previewed) if isinstance(outcome, Failed) else None,
        "page_feeds": [{"url": redact(f.url), "title": f.title} for f in previewed.page or ()],
        "item_count": len(result.items),
        "items": [
            {"key": redact(i.key), "title": i.title,
             "link": None if i.link is None else redact(i.link),
             "published": iso(i.published), "authors": list(i.authors), "tags": list(i.tags),
             "summary": i.summary_text[:280]}
            for i in result.items[: max(limit, 0)]
        ],
        "warnings": [redact(w) for w in result.warnings],
        "min_interval_s": result.min_interval_s,
    }


def print_preview(kind: SourceKind, url: str, result: PollResult, limit: int) -> None:
    from notify.commands.output import when

    outcome = result.outcome
    print(f"{kind.label}: {redact(url)}")
    if isinstance(outcome, Failed):  # said on stderr by cmd_preview
        return
    count = len(result.items)
    say(f"  {count} item{'' if count == 1 else 's'}" + (
      f"; the server asks for at least {result.min_interval_s} s between polls"
      if result.min_interval_s else ""))
    for item in result.items[: max(limit, 0)]:
        print(f"  - {item.title}")
        if item.link:
            print(f"      {redact(item.link)}")
        facts = [when(item.published) if item.published else "",
                 ", ".join(item.authors), " ".join(f"#{t}" for t in item.tags)]
        line = "  ".join(f for f in facts if f)
        if line:
            print(f"      {line}")
    if 0 < limit < len(result.items):  # --limit 0: the count alone
        print(f"  … and {len(result.items) - limit} more")
    for warning in result.warnings:
        say(f"  warning: {redact(warning)}")

"""``notify sources edit ID``: change a source after adding it, keeping its items.

    notify sources edit 5 --title "Work" --group News --interval 15
    notify sources edit 5 -o list=best --unset min_score
    printf '%s' "$TOKEN" | notify sources edit 5 --token-stdin
    notify sources edit 5 --url https://example.org/new-feed.xml

Everything goes through the same engine call as the app's Settings → Sources form
(``Engine.update_source``): the kind validates the result (``kind.normalise``); a new token goes
to the system keyring (``notify.core.secrets``) and the source keeps only its reference; the token
it replaces is deleted from the keyring by the core. Everything is checked (options, address,
the new feed) before the token is read, so a refused edit leaves no token behind. The command
prints what changed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from notify.commands import address_check, source_options
from notify.commands.output import (
    EXIT_ANSWERED_NO,
    SOURCE_ID_HELP,
    engine_for,
    say,
    setting_text,
    source_id,
)
from notify.core.errors import NotifyError, SecretStoreError, UserInputError
from notify.core.logs import redact
from notify.core.models import Source
from notify.core.source_names import source_name
from notify.core.sources import registry
from notify.core.sources.base import NeedsPageLookup, Setting, SettingType, SourceKind

DEFAULT = "default"  # ``--interval default``: back to the kind's default interval
WIDTH = 14  # the column where a changed value starts, as in ``sources show``


def _interval(text: str) -> float | str:
    if text.strip().lower() == DEFAULT:
        return DEFAULT
    return source_options.minutes(text)


def register(sub: Any) -> None:
    edit = sub.add_parser(
        "edit", help="change a source: name, group, interval, settings, token, address",
        description="Change a source, keeping its items: only what you give changes. Prints "
        "what changed.",
    )
    edit.add_argument("id", type=source_id, metavar="ID", help=SOURCE_ID_HELP)
    edit.add_argument("--title", help="new name (\"\": the name the source gives itself, e.g. "
                      "the feed's own title)")
    edit.add_argument("--group", help="folder, e.g. News or News/Tech (\"\": none)")
    edit.add_argument("--interval", type=_interval, metavar="MIN",
                      action=source_options.Interval, after="; 'default' goes back to it")
    edit.add_argument("--option", "-o", action="append", default=[], metavar="KEY=VALUE",
                      help="set a setting of the source's kind (repeatable; mappings as "
                      "KEY.NAME=VALUE; see 'notify sources kinds')")
    edit.add_argument("--unset", action="append", default=[], metavar="KEY",
                      help="back to the kind's default for a setting (KEY.NAME: one entry of "
                      "a mapping; repeatable)")
    edit.add_argument("--token-stdin", action="store_true",
                      help="read a new token from standard input (a hidden prompt on a "
                      "terminal) into the system keyring; the old one is deleted from it")
    edit.add_argument("--no-token", action="store_true",
                      help="remove the source's token (kinds where it is optional); it is "
                      "deleted from the keyring")
    edit.add_argument("--url", metavar="URL",
                      help="a new address (checked first, like 'sources add'; for a web page, "
                      "the feed it announces)")
    edit.add_argument("--pick", type=int, metavar="N",
                      help="with --url: when the page announces several feeds, take the N-th")
    edit.add_argument("--no-check", action="store_true",
                      help="with --url: change it without fetching the address first")
    edit.set_defaults(func=cmd_edit)


# -- the settings ----------------------------------------------------------------------------


def _secret_key(kind: SourceKind, option: str) -> str:
    for setting in kind.settings:
        if setting.type is SettingType.SECRET:
            return setting.key
    raise UserInputError(f"{option}: the {kind.id} kind takes no token.")


def edited_settings(kind: SourceKind, current: dict[str, Any], options: list[str],
                    unset: list[str]) -> dict[str, Any]:
    """``current`` with ``-o KEY=VALUE`` set (validated like ``sources add``; a mapping entry is
    added to the mapping) and ``--unset KEY`` / ``KEY.NAME`` removed (the kind's default
    applies again). Secrets are never options: see ``--token-stdin`` / ``--no-token``."""
    declared = {s.key: s for s in kind.settings}
    given = source_options.parse_options(kind.id, options, "--url")
    settings = {k: dict(v) if isinstance(v, dict) else v for k, v in current.items()}
    for key in unset:
        base, _, sub = key.strip().partition(".")
        setting = declared.get(base)
        if setting is None:
            raise source_options.no_such_setting(kind, f"--unset {key}", "--url")
        if setting.type is SettingType.SECRET:
            raise UserInputError(f"--unset {key}: a token is removed with --no-token.")
        if base in given and (not sub or sub in given[base]):
            raise UserInputError(f"--unset {key} and --option {key}=…: give one of them.")
        if not sub:
            settings.pop(base, None)
        elif setting.type is not SettingType.MAPPING:
            raise UserInputError(f"--unset {key}: {base} is not a mapping; use --unset {base}.")
        else:
            mapping = settings.get(base)
            if isinstance(mapping, dict):
                mapping.pop(sub, None)
    for key, value in given.items():
        old = settings.get(key)
        if declared[key].type is SettingType.MAPPING and isinstance(old, dict):
            settings[key] = {**old, **value}
        else:
            settings[key] = value
    return settings


# -- what changed ----------------------------------------------------------------------------


def _interval_text(interval_s: int | None) -> str:
    return f"{interval_s / 60:g} min" if interval_s else DEFAULT


def _setting_change(setting: Setting, before: Any, after: Any) -> str | None:
    if before == after:
        return None
    if setting.type is SettingType.SECRET:
        if not after:
            return "token: removed (deleted from the system keyring)"
        return f"token: {'replaced' if before else 'added'} (kept in the system keyring)"
    return f"{setting.key}: {setting_text(before)} → {setting_text(after)}"


def changes_between(kind: SourceKind, before: Source, after: Source) -> list[str]:
    """One line per field or setting that differs: ``title: Old → New`` (names as every
    listing shows them: a source named after its host by host and path)."""
    lines = []
    for label, old, new in (
        ("title", source_name(before), source_name(after)),
        ("group", before.group, after.group),
        ("address", redact(before.url), redact(after.url)),
        ("interval", _interval_text(before.interval_s), _interval_text(after.interval_s)),
    ):
        if old != new:
            lines.append(f"{label}: {setting_text(old)} → {setting_text(new)}")
        elif label == "address" and before.url != after.url:
            # only its secret changed (a rotated feed key, a new password), never shown:
            # said, not left out (the edit printed no line at all)
            lines.append(f"address: {setting_text(new)} (the secret in it replaced)")
    if before.title == after.title and (before.title_given is True) != (after.title_given is True):
        lines.insert(0, f"title: {setting_text(source_name(after))}, " + (
            "now yours: kept whatever the feed calls itself later" if after.title_given else
            "now the feed's: it follows the feed's own title"))
    for setting in kind.settings:
        line = _setting_change(setting, before.settings.get(setting.key),
                               after.settings.get(setting.key))
        if line:
            lines.append(line)
    return lines


# -- the command -----------------------------------------------------------------------------


def _nothing_given(args: argparse.Namespace) -> bool:
    return (args.title is None and args.group is None and args.interval is None
            and not args.option and not args.unset and not args.token_stdin
            and not args.no_token and args.url is None)


def cmd_edit(args: argparse.Namespace) -> int:
    if args.url is None and (args.pick is not None or args.no_check):
        raise UserInputError("--pick and --no-check go with --url.")
    if _nothing_given(args):
        raise UserInputError(
            "Nothing to change: give --title, --group, --interval, -o KEY=VALUE, --unset KEY, "
            "--token-stdin, --no-token or --url (see 'notify sources edit --help')."
        )
    if args.token_stdin and args.no_token:
        raise UserInputError("--token-stdin and --no-token: give one of them.")
    with engine_for(args) as engine:
        source = engine.source(args.id)
        kind = registry.get(source.kind)
        settings = edited_settings(kind, dict(source.settings), args.option, args.unset)
        secret_key = None
        if args.token_stdin or args.no_token:
            secret_key = _secret_key(kind, "--token-stdin" if args.token_stdin else "--no-token")
            settings.pop(secret_key, None)
        url, probed_title = source.url, ""
        if args.url is not None:
            resolved = _new_address(engine, kind, args, settings)
            if resolved is None:
                say("Nothing changed.")
                return EXIT_ANSWERED_NO
            if isinstance(resolved, int):
                return resolved
            url, probed_title = resolved
        follows_settings = False
        if args.url is None and settings != source.settings:
            base = address_base(kind, source)
            follows_settings = base is not None
            url = url if base is None else base
        # everything is checked before the token is read: a refused edit stores no token
        stand_in = source_options.placeholder_secrets(kind) if args.token_stdin else {}
        check = {**settings, **stand_in}
        clean_url, clean_settings = kind.normalise(url, check)
        if not follows_settings:
            _check_applied(kind, source, args.option, settings, clean_settings)
        if not probed_title and clean_url == source.url:  # the same feed: the title it gave
            probed_title = engine.source_state(source.id).own_title or ""
        changes = _changes(args, source, kind, clean_url, clean_settings, settings, probed_title)
        if not changes and not args.token_stdin:
            say(f"Nothing changed: source {source.id} ({source_name(source)}) already has "
                "these settings.")
            return 0
        new_ref = None
        if args.token_stdin and secret_key:
            new_ref = _store_token()
            settings[secret_key] = new_ref
            changes["settings"] = settings
        try:
            updated = engine.update_source(source.id, **changes)
        except BaseException:
            if new_ref is not None:
                source_options.forget_token(new_ref, f"source {source.id} was not changed")
            raise
    _report(kind, source, updated)
    return 0


def _new_address(engine: Any, kind: SourceKind, args: argparse.Namespace,
                 settings: dict[str, Any]) -> tuple[str, str] | int | None:
    """``--url``: the address to poll and the title read there ("" if none), as ``sources
    add`` finds it (a YouTube handle looked up, a feed checked, a page's feed chosen); an exit
    status when a choice is needed; None when the person cancelled."""
    url = args.url.strip()
    try:
        kind.normalise(url, {**settings, **source_options.placeholder_secrets(kind)})
    except NeedsPageLookup:
        if args.no_check:
            raise
        url = address_check.look_up_address(engine, kind.id, url)
    if kind.id != "feed" or args.no_check:
        return url, ""
    try:
        return address_check.resolve_feed_url(engine, url, args.pick, "use")
    except address_check.ChoiceNeeded as need:
        say(f"notify: {need}", file=sys.stderr)
        return address_check.EXIT_CHOOSE


def address_base(kind: SourceKind, source: Source) -> str | None:
    """For a kind whose address follows its settings (Hacker News' ``list``, a subreddit's
    ``sort``, a Mastodon ``tag``): what to give the kind with new settings in place of the
    address: the address without its settings-made end (nothing, a shorter path, the host)
    that makes the current address from the current settings. None when there is none (the
    address was given as it is, e.g. a feed's)."""
    current = {**source.settings, **source_options.placeholder_secrets(kind)}
    parts = urlsplit(source.url)
    segments = parts.path.rstrip("/").split("/")
    bases = ["", *(urlunsplit((parts.scheme, parts.netloc, "/".join(segments[:n]), "", ""))
                   for n in range(len(segments) - 1, 0, -1))]
    for base in bases:
        try:
            if kind.normalise(base, current)[0] == source.url:
                return base
        except NotifyError:
            continue
    return None


def _check_applied(kind: SourceKind, source: Source, options: list[str],
                   settings: dict[str, Any], clean_settings: dict[str, Any]) -> None:
    """A setting given with ``-o`` that the source's address overrules (the kind reads it from
    an address that was given as it is) is said, not silently dropped."""
    for key in source_options.parse_options(kind.id, options, "--url"):
        before = source.settings.get(key)
        if settings.get(key) != before and clean_settings.get(key) == before:
            raise UserInputError(
                f"--option {key}: the {kind.id} kind reads {key} from this source's address "
                f"({redact(source.url)}), so it stays {setting_text(before)}; give the address "
                "for the new one with --url."
            )


def _changes(args: argparse.Namespace, source: Source, kind: SourceKind, clean_url: str,
             clean_settings: dict[str, Any], settings: dict[str, Any],
             probed_title: str) -> dict[str, Any]:
    """The fields to give ``Engine.update_source``: only those that differ. ``--title NAME``
    names the source (kept whatever the feed calls itself later, even when it is the feed's own
    title: naming a source so is a change); a name Notify gave follows a new address or new
    settings (``Subscriptions.update``); ``--title ""`` gives the source back such a name:
    ``probed_title``, the one read at the new address or, at the same one, the feed's own title
    as last read (it went back to the host name, and stayed so while the feed answered "not
    modified")."""
    changes: dict[str, Any] = {}
    secret_keys = source_options.placeholder_secrets(kind)
    secretless = {k: v for k, v in clean_settings.items() if k not in secret_keys}
    # a name Notify gives: the one read at the address, else the kind's default (a feed's
    # host), which the source's first poll replaces with its own
    automatic = probed_title or kind.default_title(clean_url, secretless)
    title = None if args.title is None else args.title.strip()
    if args.group is not None and args.group.strip() != source.group:
        changes["group"] = args.group.strip()
    if args.interval is not None:
        interval_s = None if args.interval == DEFAULT else round(args.interval * 60)
        if interval_s != source.interval_s:
            changes["interval_s"] = interval_s
    if clean_url != source.url:
        changes["url"] = clean_url
    # compared as the kind keeps them (a number clamped to its limit is no change)
    stored = {k: v for k, v in source.settings.items() if k not in secret_keys}
    if secretless != stored or any(settings.get(k) != source.settings.get(k)
                                   for k in secret_keys):
        changes["settings"] = settings
    if title and (title != source.title or source.title_given is not True):
        changes["title"], changes["title_given"] = title, True  # the person's
    elif title == "" and (source.title != automatic or source.title_given is not False):
        changes["title"] = ""  # a name Notify gives (Subscriptions.update)
    return changes


def _store_token() -> str:
    from notify.commands.kinds import read_token
    from notify.core import secrets

    token = read_token()
    try:
        return secrets.store_secret(token)
    except SecretStoreError as err:
        raise SecretStoreError(f"The token was not saved, so nothing was changed. {err}") from err


def _report(kind: SourceKind, before: Source, after: Source) -> None:
    lines = changes_between(kind, before, after)
    say(f"Changed source {after.id}: {source_name(after)}")
    for line in lines:
        label, _, rest = line.partition(": ")
        say(f"  {label + ':':<{WIDTH}} {rest}", hang=2 + WIDTH + 1)
    if before.url != after.url or before.settings != after.settings:
        if not after.enabled:
            say(f"It is disabled: 'notify sources enable {after.id}' polls it again.")
        else:
            say(f"It is polled at the next round; 'notify poll --source {after.id}' polls it "
                "now.")

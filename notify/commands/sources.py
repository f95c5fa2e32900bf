"""``notify sources``: the group, and the commands that change what is subscribed as a whole:
remove, enable, disable, import and export OPML.

The group's other actions each live in a module of their own: ``add`` (``source_add``), ``list``
and ``show`` (``source_list``), ``edit`` (``source_edit``); ``kinds``, ``preview`` and
``add --token-stdin`` are added by ``notify.commands.kinds``, listed after this module in
``notify.cli``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from notify.commands import source_add, source_edit, source_list
from notify.commands.output import (
    EXIT_ANSWERED_NO,
    SOURCE_ID_HELP,
    YES_HELP,
    confirm,
    engine_for,
    reader,
    say,
    source_id,
)
from notify.core.errors import UserInputError, command_line_words
from notify.core.logs import redact
from notify.core.source_names import source_name
from notify.core.store import items as items_repo


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sources", help="add, list, change, mute and remove sources")
    sub = parser.add_subparsers(dest="sources_command", metavar="ACTION")
    source_add.register(sub)
    source_list.register(sub)
    source_edit.register(sub)

    rm = sub.add_parser("remove", help="unsubscribe (deletes its items)")
    rm.add_argument("id", type=source_id, metavar="ID", help=SOURCE_ID_HELP)
    rm.add_argument("--yes", "-y", action="store_true", help=YES_HELP)
    rm.set_defaults(func=cmd_remove)

    for name, enabled in (("enable", True), ("disable", False)):
        p = sub.add_parser(name, help=f"{name} polling of a source")
        p.add_argument("id", type=source_id, metavar="ID", help=SOURCE_ID_HELP)
        p.set_defaults(func=cmd_enable, enabled=enabled)

    imp = sub.add_parser("import", help="add the feeds of an OPML file")
    imp.add_argument("file", metavar="FILE",
                     help="an OPML file, as feed readers export their subscriptions (its "
                     "folders become groups)")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser(
        "export", help="write the feeds as OPML 2.0",
        description="Write the feeds (and YouTube channels) as OPML 2.0, which any feed reader "
        "imports, with their groups as folders. Web-API sources (GitHub, Hacker News…) have "
        "no OPML form and are left out; keys in addresses are written as •••.")
    exp.add_argument("file", nargs="?", metavar="FILE",
                     help="the file to write (an earlier export there is replaced; any other "
                     "file is not); default: standard output")
    exp.set_defaults(func=cmd_export)


def cmd_remove(args: argparse.Namespace) -> int:
    with reader(args) as (conn, _paths):
        stored = items_repo.count_by_source(conn, args.id)
    with engine_for(args) as engine:
        source = engine.source(args.id)
        name = source_name(source)
        # "source 2 (…)": a name alone (with commas, or a bare host) reads as part of the sentence
        which = f"source {source.id} ({name})"
        # (not "its 0 items": a source never polled has none to lose)
        items = f"its {stored} item{'' if stored == 1 else 's'}"
        question = f"Remove {which} and {items}?" if stored else f"Remove {which} (no items)?"
        unattended = (f"Removing {which} deletes {items}; add --yes to confirm." if stored
                      else f"Removing {which} (it has no items): add --yes to confirm.")
        if not args.yes and not confirm(question, unattended=unattended):
            say("Nothing removed.")
            return EXIT_ANSWERED_NO
        engine.remove_source(args.id)
    say(f"Removed source {args.id}: {name}")
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    with engine_for(args) as engine:
        source = engine.source(args.id)
        if source.enabled == args.enabled:  # as 'sources mute' says it
            state = "enabled" if args.enabled else "disabled"
            say(f"Source {source.id} ({source_name(source)}) is already {state}: nothing "
                "changed.")
            return 0
        source = engine.update_source(args.id, enabled=args.enabled)
    if args.enabled:
        say(f"Enabled source {source.id}: {source_name(source)}; it is polled again.")
    else:
        say(f"Disabled source {source.id}: {source_name(source)}; it is not polled until "
            f"'notify sources enable {source.id}' (its items stay).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise UserInputError(f"Cannot read the OPML file {path}: no such file. Check the name "
                             "and folder.") from err
    except IsADirectoryError as err:
        raise UserInputError(f"Cannot read the OPML file {path}: it is a folder, not a file. "
                             "Give the path of the OPML file your feed reader exported.") from err
    except OSError as err:
        raise UserInputError(
            f"Cannot read the OPML file {path}: {(err.strerror or str(err)).lower()}. Check "
            "that you may read it.") from err
    from notify.core.errors import OpmlError

    with engine_for(args) as engine:
        try:
            report = engine.import_opml(data)
        except OpmlError as err:  # "This file is a feed…": say which file
            text = str(err)
            raise UserInputError(f"Cannot import {path}: {text[:1].lower()}{text[1:]}") from err
    say(f"Imported {path.name}: {report.summary()}")
    for dup in report.duplicates:
        say(f"  merged: {dup.describe()}")
    for skipped in report.skipped:
        where = f" (line {skipped.line})" if skipped.line else ""
        reason = skipped.advised.said(command_line_words)  # what to do as a command
        say(f"  skipped {redact(skipped.title) or 'an outline'}{where}: {redact(reason)}")
    for warning in report.warnings:
        say(f"  warning: {redact(warning.text)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from notify.core.opml import export_opml, exported_count, left_out
    from notify.core.store import sources as sources_repo
    from notify.core.store import state as state_repo

    with reader(args) as (conn, _paths):  # only reads: creates no database
        sources = sources_repo.list_all(conn)
        own_titles = state_repo.own_titles(conn)
    text = export_opml(sources, now=time.time(), own_titles=own_titles)
    feeds, missing = exported_count(sources), left_out(sources)
    if not args.file or args.file == "-":
        sys.stdout.write(text)
        return 0
    path = Path(args.file).expanduser()
    _refuse_to_replace_other_files(path)
    try:
        _write_whole(path, text)
    except IsADirectoryError as err:
        raise UserInputError(f"Cannot write the OPML file {path}: it is a folder. Give a file "
                             f"name in it, e.g. {path / 'subscriptions.opml'}.") from err
    except FileNotFoundError as err:
        raise UserInputError(f"Cannot write the OPML file {path}: the folder {path.parent} does "
                             "not exist. Create it, or give a file in another folder.") from err
    except OSError as err:
        raise UserInputError(
            f"Cannot write the OPML file {path}: {(err.strerror or str(err)).lower()}. Check "
            "that the folder is writable, or give a file in another folder.") from err
    say(f"Wrote {feeds} to {path}." + (f" {missing}" if missing else ""), file=sys.stderr)
    return 0


def _refuse_to_replace_other_files(path: Path) -> None:
    """An earlier export (an OPML file) or an empty file is replaced; any other file is not
    (``notify sources export feed.xml`` replaced a feed, a typo any other document)."""
    try:
        with path.open("rb") as existing:
            head = existing.read(4096)
    except OSError:  # none there (or unreadable): writing it says what is wrong
        return
    if head.strip() and b"<opml" not in head.lower():
        raise UserInputError(
            f"Cannot write the OPML file {path}: that file exists and is not an OPML file, "
            "and exporting would replace it. Give another file name, or remove that file "
            "first.")


def _write_whole(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: through a file beside it, renamed over
    it, so that a full disk or an interruption leaves the earlier export as it was."""
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise

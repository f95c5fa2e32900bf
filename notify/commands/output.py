"""What the command line shares: opening the store, times and settings in words, prose wrapped
to the terminal (``wrapped``, ``say``), JSON documents, questions to the person at the terminal
(``confirm``, ``ask``), and the single updating progress line of ``notify poll``.

JSON documents are stable (docs/cli.md): every one is an object with ``"version": 1``; times
are ISO 8601 UTC strings (``2026-11-29T12:00:00Z``) or null; URLs are redacted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

from notify.core.errors import UserInputError, placed_rows
from notify.core.logs import redact
from notify.core.models import Item, Source, SourceState
from notify.core.paths import Paths, resolve
from notify.core.store import db

if TYPE_CHECKING:  # a command that only reads never imports the engine (nor asyncio, httpx)
    from notify.core.engine import Engine
    from notify.core.events import SourcePolled

JSON_VERSION = 1
SOURCE_ID_HELP = "the source's id (see 'notify sources list')"  # every command's ID argument
# What every command says to do without a source yet (``sources list``, ``items``, ``poll``)
ADD_A_SOURCE = ("Add one with 'notify sources add URL' (a feed or a web page), or import a "
                "list with 'notify sources import FILE.opml'.")
EXIT_ANSWERED_NO = 1  # the person answered no (or Ctrl-D) to a question: nothing was changed
# ``--yes``/``-y`` of every command that asks before it deletes (``sources remove``, ``profile
# reset``): one help text for the one option
YES_HELP = "do not ask (needed when not at a terminal)"


def source_id(text: str) -> int:
    """A source's ID on the command line (argparse's ``type``): a whole number; anything else
    is refused saying where the ids are (argparse said "invalid int value: 'x'")."""
    return _an_id(text, "a source's id", "notify sources list")


def item_id(text: str) -> int:
    """An item's ID on the command line (argparse's ``type``), as ``source_id``."""
    return _an_id(text, "an item's id", "notify items")


def how_many(text: str) -> int:
    """A ``--limit N`` (argparse's ``type``): a whole number; anything else is refused in words
    (argparse said "invalid int value: 'x'"). Its lower bound is the command's to say."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number: give how many, e.g. 20") from None


def _an_id(text: str, what: str, where: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not {what}: give the number '{where}' shows") from None


def paths_of(args: argparse.Namespace) -> Paths:
    return resolve(getattr(args, "data_dir", None))


@contextmanager
def engine_for(args: argparse.Namespace) -> Iterator[Engine]:
    """The engine with its write connection, for commands that change something."""
    from notify.core.engine import Engine

    engine = Engine(paths_of(args)).open()
    try:
        yield engine
    finally:
        engine.close()


@contextmanager
def reader(args: argparse.Namespace) -> Iterator[tuple[sqlite3.Connection, Paths]]:
    """A read-only connection for a command that only reads. With no database yet, an empty
    one in memory: the command says there is nothing yet, and creates neither the database nor
    the data folder (nor leaves ``-wal``/``-shm`` files beside one it read: ``db.connect``)."""
    paths = paths_of(args)
    if paths.has_db():
        conn = db.connect(paths.db, readonly=True)
    else:
        paths.check()  # a file where the folder should be: said, as when it is created
        conn = db.connect_empty()
    try:
        yield conn, paths
    finally:
        conn.close()


# Prose (errors, advice, summaries) is wrapped to the terminal, and never wider than this: a
# line of 200 characters on a wide terminal is as hard to read as one cut by a narrow one.
PROSE_MAX_WIDTH = 80
PROSE_MIN_WIDTH = 40


def terminal_width(stream: TextIO | None = None) -> int | None:
    """The width of the terminal ``stream`` (standard output unless given) is, ``$COLUMNS``
    first; None when it is not a terminal: a pipe or a file gets every line whole (what a
    script or ``grep`` reads)."""
    stream = stream or sys.stdout
    if not bool(getattr(stream, "isatty", lambda: False)()) and "COLUMNS" not in os.environ:
        return None
    import shutil  # a terminal only (shutil imports bz2, lzma…: ~2 ms at every start)

    return shutil.get_terminal_size().columns


def prose_width(stream: TextIO | None = None) -> int | None:
    """The width prose printed on ``stream`` is wrapped to: the terminal's, at most
    ``PROSE_MAX_WIDTH``; None (not wrapped) when it is no terminal (``terminal_width``)."""
    columns = terminal_width(stream)
    return None if columns is None else max(PROSE_MIN_WIDTH, min(columns, PROSE_MAX_WIDTH))


# A command in prose ('notify sources enable 2', or notify sources add --kind json URL) is
# copied and run: it is kept on one line when it fits one, as is an option with its value
# (--pick N).
_COMMAND_RE = re.compile(r"'notify [^'\n]*'|(?<![\w'])notify(?: (?:'[^'\s]*'|[^\s,;()']+))+"
                         r"|--[a-z][\w-]* [A-Z][A-Z_]*\b")
_KEPT_SPACE = "\ue000"  # a private-use character: a space inside a command, while wrapping


def wrapped(text: str, *, hang: int | None = None, width: int | None = None,
            stream: TextIO | None = None) -> str:
    """``text`` as the commands print prose on ``stream`` (standard output unless given): on a
    terminal, each of its lines wrapped at spaces to ``prose_width()``; an address or any other
    word longer than a line is never cut, nor a command that fits a line. A line's
    continuations are indented as it is, two more when it is itself indented (a list item's
    text lines up under its text), or by ``hang`` spaces when given (``Label:  value``
    lines). Not on a terminal, ``text`` as it is."""
    width = prose_width(stream) if width is None else width
    if width is None:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if len(line) <= width:
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip(" "))]
        more = " " * hang if hang is not None else indent + ("  " if indent else "")
        kept = _keep_commands(line.lstrip(" "), width - max(len(indent), len(more)))
        lines = textwrap.wrap(kept, width, initial_indent=indent, subsequent_indent=more,
                              break_long_words=False, break_on_hyphens=False)
        out.extend(part.replace(_KEPT_SPACE, " ") for part in lines or [line])
    return "\n".join(out)


def _keep_commands(text: str, room: int) -> str:
    """``text`` with the spaces of each command that fits ``room`` made unbreakable."""
    return _COMMAND_RE.sub(
        lambda m: m[0].replace(" ", _KEPT_SPACE) if len(m[0]) <= room else m[0], text)


def say(text: str = "", *, file: TextIO | None = None, hang: int | None = None) -> None:
    """Print prose, wrapped on a terminal (``wrapped``), to standard output or ``file``."""
    stream = file or sys.stdout
    print(wrapped(text, hang=hang, stream=stream), file=stream)


def interactive() -> bool:
    """Can Notify ask the person a question: are standard input and output both a terminal?"""
    return all(bool(getattr(stream, "isatty", lambda: False)()) for stream in (sys.stdin,
                                                                               sys.stdout))


def ask(question: str, *, unattended: str) -> str | None:
    """The line the person types after ``question`` (stripped), or None when they end the input
    (Ctrl-D). Without a terminal nothing is printed and nothing waits: ``UserInputError``
    (``unattended``, one line saying which option to give instead, e.g. ``--pick N``) is raised.
    Ctrl-C raises ``KeyboardInterrupt`` as usual (the command line exits with 130)."""
    if not interactive():
        raise UserInputError(unattended)
    try:
        return input(question).strip()
    except EOFError:
        print()  # the shell's prompt on a line of its own
        return None


def confirm(question: str, *, unattended: str) -> bool:
    """Ask a yes/no ``question`` (`` [y/N] `` is added); only "y" or "yes" is a yes, and Ctrl-D
    is a no. Without a terminal, raises ``UserInputError(unattended)``, e.g. "Removing X deletes
    its items; add --yes to confirm." (see ``ask``). A command whose answer was no exits with
    status 1 (docs/cli.md)."""
    answer = ask(f"{question} [y/N] ", unattended=unattended)
    return answer is not None and answer.lower() in ("y", "yes")


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Further from now than this, a time is shown as its calendar date ("2016-03-04"), not as
# "3629.9 days ago".
DATE_AFTER_S = 14 * 86400


def when(ts: float | None, now: float | None = None) -> str:
    """``5 min ago`` / ``in 2 h`` / ``3 days ago`` / ``never``; beyond two weeks either way, the
    local calendar date (``2016-03-04``)."""
    if ts is None:
        return "never"
    now = time.time() if now is None else now
    delta = ts - now
    span = abs(delta)
    if span >= DATE_AFTER_S:
        return datetime.fromtimestamp(ts).strftime("%Y-%m-%d")
    if span < 60:
        text = f"{span:.0f} s"
    elif span < 3600:
        text = f"{span / 60:.0f} min"
    elif span < 2 * 86400:
        text = f"{span / 3600:.1f} h"
    else:
        text = f"{span / 86400:.0f} days"
    return f"in {text}" if delta > 0 else f"{text} ago"


def setting_text(value: Any) -> str:
    """A source setting's value as a person reads it: ``on``/``off``, ``-`` for none, a
    mapping as ``k=v, …``, a text with spaces at an end quoted; redacted."""
    if value is None or value == "" or value == {}:
        return "-"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, dict):
        return redact(", ".join(f"{k}={v}" for k, v in value.items()))
    if isinstance(value, str) and value != value.strip():  # 'Bearer ': the space matters
        return redact(f"'{value}'")
    return redact(str(value))


def size(n: int) -> str:
    """``n`` bytes as every command writes a size: "512 B", "8.0 KB", "5.0 MB" (1 KB = 1,024
    bytes, as the settings' "MB" is: ``fetch.max_body_mb``)."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def print_json(document: dict[str, Any], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump({"version": JSON_VERSION, **document}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def state_json(state: SourceState) -> dict[str, Any]:
    return {
        "last_attempt": iso(state.last_attempt),
        "last_success": iso(state.last_success),
        "last_error": state.last_error,
        "last_warning": state.last_warning,
        "next_attempt": iso(state.next_attempt),
        "consecutive_failures": state.consecutive_failures,
        "item_rate_per_day": (
            None if state.item_rate_per_day is None else round(state.item_rate_per_day, 2)
        ),
        "moved_notice": state.moved_notice,
        "disabled_reason": state.disabled_reason,
        **advice_json(state),
    }


def advice_json(state: SourceState) -> dict[str, Any]:
    """What to do, as data, where ``last_error`` and ``disabled_reason`` say it (another front
    end words it): ``sources show``'s health and ``status``'s attention entries alike."""
    return {
        "last_error_advice": placed_rows(state.last_error_advice),
        "disabled_reason_advice": placed_rows(state.disabled_reason_advice),
    }


def source_json(source: Source, state: SourceState, items: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": source.id,
        "kind": source.kind,
        "url": redact(source.url),
        "title": source.title,
        "title_given": source.title_given,
        "group": source.group,
        "enabled": source.enabled,
        "muted": source.muted,
        "interval_min": None if source.interval_s is None else source.interval_s / 60,
        "health": state_json(state),
    }
    if items is not None:
        out["items"] = items
    return out


def item_json(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "source_id": item.source_id,
        "source_title": item.source_title,
        "title": item.title,
        "link": None if item.link is None else redact(item.link),
        "summary": item.summary_text,
        "published": iso(item.published),
        "first_seen": iso(item.first_seen),
        "score": item.score,
        "decision": item.decision,
        "reaction": item.reaction,
        "saved": item.saved,
        "read": item.read,
        "backlog": item.backlog,
    }


class ProgressLine:
    """One line on stderr, rewritten as sources finish (only when stderr is a terminal)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._width = 0

    def __call__(self, event: SourcePolled) -> None:
        if not self.enabled:
            return
        report = event.report
        extra = f", {report.new_items} new" if report.new_items else ""
        if report.status in ("failed", "disabled"):
            extra = ", failed"
        text = f"[{event.done}/{event.total}] {report.title[:50]}{extra}"
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

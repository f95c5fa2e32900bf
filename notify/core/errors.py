"""Notify's exceptions, in one tree.

    NotifyError                      root: every error Notify raises on purpose
    ├── UserInputError               a bad argument from the user (URL, file, id); one clear line
    │   ├── UnknownSourceError       no source with that id
    │   ├── UnknownItemError         no item with that id
    │   └── UnknownFeatureError      text that names no feature (an interest, a pin)
    ├── SourceConfigError            a source's settings are invalid (names the setting and the fix)
    ├── StoreError                   the database cannot be used
    │   ├── DatabaseTooNewError      written by a newer Notify; refused, never downgraded
    │   ├── DatabaseLockedError      another process holds the write lock
    │   └── DatabaseCorruptError     integrity check failed / not a database
    ├── SecretStoreError             the OS keyring is missing, locked or does not answer
    ├── OpmlError                    an OPML file could not be read at all
    └── ProfileFileError             a profile file does not validate (lists what is wrong)

Fetch failures are *not* exceptions: the fetcher returns typed outcomes
(``notify.core.fetch.outcomes``) so that one broken source never aborts a round.
Every message is written for the user: what failed, for which source, what to do.

What to do depends on where the person is: the command line runs a command, the app clicks
somewhere. An error whose advice differs so carries it as data: ``fact`` (what failed, for
which source) and ``advice`` (an ``Advice``: a ``Remedy`` and what it is about; ``advices``
when a message gives more than one, as a kind's refusal may: "give a token, and its header").
A source kind's advice names the kind and its setting (``SourceKind.set_option``), so that each
front end says it its way: ``--option tag=python``, or the form's field label. ``str(err)``
is the fact with the command line's words for it (``command_line_words``: what the CLI and the
log print); ``err.said(words)`` gives it in a front end's own words (the app's:
``notify.app.advice_words``). A message that is no exception (a poll's failure, stored with
the source; an OPML import's warning) carries its advice as data likewise: an ``Advised`` is its
text in the command line's words and, ``placed`` in it, each ``Advice`` it gives (``Placed``:
where the text says it), so that a front end says it its way (``Advised.said``) and the store
keeps it next to the text (``placed_to_json``: no secret goes in).
"""

from __future__ import annotations

import json
import shlex
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from enum import Enum
from typing import Any


class Remedy(Enum):
    """What a person can do, said by each front end in its words."""

    LIST_SOURCES = "list-sources"  # see the sources there are (their ids)
    LIST_ITEMS = "list-items"  # see the items there are (their ids)
    FOLLOW_AS_JSON_API = "follow-as-json-api"  # follow ``address`` with the JSON API kind
    # the ones below are said inside a sentence (a clause, no full stop), about ``source_id``
    # (None: a source not added yet, "ID" on the command line)
    EDIT_ADDRESS = "edit-address"  # where to change a source's address (to ``address``)
    GIVE_TOKEN = "give-token"  # where to give a source its token
    ENABLE_SOURCE = "enable-source"  # how to poll a disabled source again
    NAME_A_FEATURE = "name-a-feature"  # where a learned feature's name is read
    # about a source being added or edited (its ``kind``), said inside a sentence too:
    SET_OPTION = "set-option"  # give the kind's ``setting`` ``value`` (an example; "": any)
    TYPE_TOKEN = "type-token"  # give the kind's token ("give one …")
    FOLLOW_AS_FEED = "follow-as-feed"  # follow ``address`` as a feed instead
    IMPORT_LIST = "import-list"  # import the OPML list at ``address`` (an outline's) itself


@dataclass(frozen=True)
class Advice:
    remedy: Remedy
    # what it is about (FOLLOW_AS_JSON_API: the address the person gave, which may hold a
    # secret: a front end never shows it as it is)
    address: str = ""
    source_id: int | None = None  # the source it is about, when it is about one
    kind: str = ""  # the source kind it is about (SET_OPTION, TYPE_TOKEN)
    setting: str = ""  # the kind's setting (its key; a mapping's entry: ``fields.id``)
    value: str = ""  # the value to give it, or an example of one ("a|b": one of these)


Words = Callable[[Advice], str]


def command_line_words(advice: Advice) -> str:
    """``advice`` as the command line says it: the command to run. The commands run as given
    (an address quoted for the shell when it must be); an address that holds a secret (an API
    key), which is never shown, is said as URL, "the address you gave, its key included"
    (``_address_words``): a command with the redacted address would not work."""
    if advice.remedy is Remedy.LIST_SOURCES:
        return "Run 'notify sources list' to see the ids."
    if advice.remedy is Remedy.LIST_ITEMS:
        return "Run 'notify items' to see the ids."
    ident = str(advice.source_id) if advice.source_id else "ID"
    if advice.remedy is Remedy.EDIT_ADDRESS:  # with ``address``: the one to give (a feed's)
        address, which = (_address_words(advice.address, "the feed's address")
                          if advice.address else ("ADDRESS", ""))
        return f"notify sources edit {ident} --url {address}{which}, or in Settings → Sources"
    if advice.remedy is Remedy.GIVE_TOKEN:
        return f"notify sources edit {ident} --token-stdin, or in Settings → Sources"
    if advice.remedy is Remedy.ENABLE_SOURCE:
        return f"notify sources enable {ident}"
    if advice.remedy is Remedy.NAME_A_FEATURE:
        return "a feature name from 'notify profile show' such as w:rust"
    if advice.remedy is Remedy.SET_OPTION:
        return f"--option {advice.setting}={advice.value or '…'}"
    if advice.remedy is Remedy.TYPE_TOKEN:
        return "give one with --token-stdin"
    if advice.remedy is Remedy.FOLLOW_AS_FEED:
        address, which = _address_words(advice.address, "the address")
        return f"notify sources add --kind feed {address}{which}"
    if advice.remedy is Remedy.IMPORT_LIST:  # (``sources import`` reads a file)
        address, which = _address_words(advice.address, "the list's address")
        return f"download {address}{which} and run notify sources import with the file"
    address, which = _address_words(advice.address, "the address you gave")
    return (
        "If it is a web API, follow it as a JSON API source: notify sources add --kind json "
        f"{address}{which}; see first what it gives with notify sources preview --kind json "
        f'{address}. Or choose the kind "JSON API" in Settings → Sources.'
    )


def _address_words(url: str, what: str) -> tuple[str, str]:
    """An address in a command: as it is, quoted for the shell when it must be; one that holds
    a secret (an API key, ``•••`` where a secret was removed) is never shown, but said as URL,
    and what URL is: ``what``, "its key included": a command with the redacted address would
    not work."""
    from notify.core.logs import redact  # errors.py is imported by everything: kept light

    if redact(url) == url and "•••" not in url:
        return shlex.quote(url), ""
    return "URL", f" (URL: {what}, its key included, in quotes)"


@dataclass(frozen=True)
class Placed:
    """An ``Advice`` and where a message's text gives it in the command line's words:
    ``text[start:end]``."""

    advice: Advice
    start: int
    end: int


@dataclass(frozen=True)
class Advised:
    """A message that is no exception (a poll's failure, an import's warning) with its advice
    as data: ``text`` in the command line's words (what the CLI and the log print, what is
    stored) and each advice ``placed`` where the text gives it, in order."""

    text: str
    placed: tuple[Placed, ...] = ()

    def __str__(self) -> str:
        return self.text

    @classmethod
    def of(cls, *parts: str | Advice | Advised) -> Advised:
        """The message of ``parts`` in their order: texts, advices (said in the command line's
        words) and messages that carry their own."""
        text, placed = "", []
        for part in parts:
            if isinstance(part, Advice):
                words = command_line_words(part)
                placed.append(Placed(part, len(text), len(text) + len(words)))
                text += words
            elif isinstance(part, Advised):
                placed += [replace(p, start=p.start + len(text), end=p.end + len(text))
                           for p in part.placed]
                text += part.text
            else:
                text += part
        return cls(text, tuple(placed))

    def pieces(self) -> list[str | Advice]:
        """The text cut at its advices: texts and the advices between them. A placement that
        does not fit the text (out of order, past its end, not the advice's words) is left
        out: its words stay."""
        out: list[str | Advice] = []
        at = 0
        for p in self.placed:
            if not at <= p.start <= p.end <= len(self.text) or (
                    self.text[p.start:p.end] != command_line_words(p.advice)):
                continue
            out += [self.text[at:p.start], p.advice]
            at = p.end
        out.append(self.text[at:])
        return [piece for piece in out if piece != ""]

    def said(self, words: Words) -> str:
        """The message with its advices in ``words`` (a front end's)."""
        return "".join(p if isinstance(p, str) else words(p) for p in self.pieces())

    def redacted(self) -> Advised:
        """The message with its text redacted (``logs.redact``) around its advices; an advice
        whose words held a secret is kept as redacted text only."""
        from notify.core.logs import redact

        parts: list[str | Advice] = []
        for piece in self.pieces():
            if isinstance(piece, str):
                parts.append(redact(piece))
            else:
                words = command_line_words(piece)
                parts.append(piece if redact(words) == words else redact(words))
        return Advised.of(*parts)


_ADVICE_FIELDS = tuple(f.name for f in fields(Advice) if f.name != "remedy")


def placed_rows(placed: Sequence[Placed]) -> list[dict[str, Any]]:
    """``placed`` as plain data (stored; ``--json``): for each advice its remedy, the fields
    it sets and where the text gives it, ``at``: ``[start, end]`` in characters. An address
    (the one remedy whose advice names one) is given redacted: no secret is ever stored or
    printed with the advice; the text says it as it was said."""
    from notify.core.logs import redact

    out = []
    for p in placed:
        row: dict[str, Any] = {"remedy": p.advice.remedy.value}
        for name in _ADVICE_FIELDS:
            value = getattr(p.advice, name)
            if value not in ("", None):
                row[name] = redact(value) if name == "address" else value
        row["at"] = [p.start, p.end]
        out.append(row)
    return out


def placed_to_json(placed: Sequence[Placed]) -> str | None:
    """``placed`` as stored: a JSON list of ``placed_rows`` (None for none)."""
    if not placed:
        return None
    return json.dumps(placed_rows(placed), ensure_ascii=False, separators=(",", ":"))


def placed_from_json(data: str | None) -> tuple[Placed, ...]:
    """What ``placed_to_json`` stored (none for NULL, a row from before it was stored). An
    entry this version cannot read (a remedy of a newer Notify) is left out: its text stays."""
    if not data:
        return ()
    out = []
    for row in json.loads(data):
        try:
            remedy = Remedy(row["remedy"])
            start, end = (int(n) for n in row["at"])
        except (KeyError, TypeError, ValueError):
            continue
        values = {name: row[name] for name in _ADVICE_FIELDS if name in row}
        out.append(Placed(Advice(remedy, **values), start, end))
    return tuple(out)


class NotifyError(Exception):
    """Root of Notify's own errors. ``str(err)`` is a user-facing sentence."""

    fact = ""  # what failed, for which source (set with ``advice``)
    advice: Advice | None = None  # what to do, each front end in its words (the first)
    advices: tuple[Advice, ...] = ()  # all of them, in their order in the message
    form = "{0} {1}"  # the fact ({0}) and the advices' words ({1}, {2}…) in one message

    def said(self, words: Words) -> str:
        """The message with its advice in ``words`` (``str(self)`` when it carries none)."""
        if not self.advices:
            return str(self)
        return self.form.format(self.fact, *(words(a) for a in self.advices))

    def advised(self) -> Advised:
        """The message with its advice as data (``str(self)`` as it is when it carries none):
        for a message kept after the error (a poll's failure, stored with the source)."""
        if not self.advices:
            return Advised(str(self))
        parts: list[str | Advice] = []
        for literal, field_name, _, _ in string.Formatter().parse(self.form):
            parts.append(literal)
            if field_name is not None:
                index = int(field_name)
                parts.append(self.advices[index - 1] if index else self.fact)
        return Advised.of(*parts)

    def _advised(self, fact: str, advice: Advice | tuple[Advice, ...],
                 form: str = "{0} {1}") -> str:
        """The message in the command line's words; ``form`` places the advice (a clause of
        the sentence, for the remedies said inside one; several: {1}, {2}…)."""
        advices = advice if isinstance(advice, tuple) else (advice,)
        self.fact, self.advice, self.advices, self.form = fact, advices[0], advices, form
        return form.format(fact, *(command_line_words(a) for a in advices))


class UserInputError(NotifyError):
    """The user gave something Notify cannot use (bad URL, unreadable file, unknown id)."""


class UnknownSourceError(UserInputError):
    def __init__(self, source_id: object) -> None:
        self.source_id = source_id
        super().__init__(self._advised(f"No source with id {source_id!s}.",
                                       Advice(Remedy.LIST_SOURCES)))


class UnknownItemError(UserInputError):
    def __init__(self, item_id: object) -> None:
        self.item_id = item_id
        super().__init__(self._advised(f"No item with id {item_id!s}.",
                                       Advice(Remedy.LIST_ITEMS)))


class UnknownFeatureError(UserInputError):
    """Text that names no feature (an interest, an alert, ``notify profile pin``)."""

    def __init__(self, text: str, kinds: Sequence[str]) -> None:
        self.text = text
        super().__init__(self._advised(
            f"{text!r} is not a feature Notify knows. Write KIND:VALUE with KIND one of "
            f"{', '.join(kinds)} (for example keyword:rust or 'source:Hacker News'),",
            Advice(Remedy.NAME_A_FEATURE), "{0} or {1}."))


class SourceConfigError(NotifyError):
    """A source's settings are invalid. ``advice``, when given: what to do (a setting to give,
    a token), placed in the message by ``form`` ({0} the message, {1}… each advice's words)."""

    def __init__(self, message: str, *advice: Advice, form: str = "{0} {1}") -> None:
        super().__init__(self._advised(message, advice, form) if advice else message)


class StoreError(NotifyError):
    """The database cannot be opened or used."""


class DatabaseTooNewError(StoreError):
    pass


class DatabaseLockedError(StoreError):
    pass


class DatabaseCorruptError(StoreError):
    pass


class SecretStoreError(NotifyError):
    """The OS keyring is unavailable, locked, or did not answer in time."""


class OpmlError(NotifyError):
    pass


class ProfileFileError(NotifyError):
    """A profile file failed validation; ``problems`` lists each issue in words."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        detail = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(message + detail)

"""The problems of a profile file (``profile_file.parse``), said so a person can fix them: each
at its place in words (``where``), with the line it is on (``Problems.lines``), a value as the
file writes it (``shown``), an unknown field with the known one it likely meant
(``unknown_fields``), keys given twice (``Object``, ``Repeats``) and what is wrong with a
feature name (``feature_problem``)."""

from __future__ import annotations

import difflib
import json
import math
from typing import Any

from notify.core.ranking.learner import VETO
from notify.core.ranking.profile import TERM_KINDS
from notify.core.ranking.profile_text import Path as TextPath
from notify.core.ranking.profile_text import line_at, lines_of

# The kinds of feature names (``features``; docs/profile-format.md): "bias" alone, these as
# KIND:VALUE, and a vetoed word ``not:w:word``.
FAMILIES = ("src", "grp", "auth", "tag", "site", "w", "ww", "sw", "int")


# A feature's kind written as the interests and pins write theirs ("author:Some Pundit", as a
# person who read a pin's "kind": "author" writes it): the feature kind it means.
_FAMILY_OF_TERM = {"source": "src", "group": "grp", "author": "auth", "keyword": "w",
                   "word": "w", "words": "ww", "tag": "tag", "site": "site",
                   "interest": "int", "domain": "site", "folder": "grp"}


def meant_family(kind: str) -> str | None:
    """The feature kind an unknown one likely means, with its colon ("auth:" for "author",
    "Author" or "auht"; None when none is close)."""
    low = kind.strip().lower()
    if low in FAMILIES:
        return low + ":"
    if low in _FAMILY_OF_TERM:
        return _FAMILY_OF_TERM[low] + ":"
    close = difflib.get_close_matches(low, [*FAMILIES, *_FAMILY_OF_TERM], n=1, cutoff=0.6)
    if not close:
        return None
    return (close[0] if close[0] in FAMILIES else _FAMILY_OF_TERM[close[0]]) + ":"


def meant_kind(kind: Any) -> str | None:
    """The kind of an interest or pin an unknown one likely means ("keyword" for "keywrod",
    "Keyword" or "word"; None when none is close)."""
    if not isinstance(kind, str):
        return None
    low = kind.strip().lower()
    if low in TERM_KINDS:
        return low
    aliases = {"word": "keyword", "words": "keyword", "folder": "group", "domain": "site",
               "feed": "source", "src": "source", "auth": "author", "grp": "group",
               "w": "keyword", "category": "tag"}
    if low in aliases:
        return aliases[low]
    close = difflib.get_close_matches(low, TERM_KINDS, n=1, cutoff=0.7)
    return close[0] if close else None


def unknown_fields(fields: set[str], known: tuple[str, ...]) -> str:
    """``mdoe (did you mean "mode"?)``: the unknown field names, each with the known one it is
    most likely a typo of."""
    said = []
    for name in sorted(fields):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        said.append(f"{name} (did you mean \"{close[0]}\"?)" if close else name)
    return ", ".join(said)


class Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once (JSON keeps the last
    silently: a hand-edited file would lose the first without a word)."""

    repeated: tuple[str, ...] = ()


def object_pairs(pairs: list[tuple[str, Any]]) -> Object:
    obj = Object(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        obj.repeated = tuple(repeated)
    return obj


class Repeats:
    """Reports keys given twice: where they are, for the objects the checks walk; the others
    (inside a field that is wrong anyway) at the end, by name."""

    def __init__(self) -> None:
        self.reported: set[int] = set()

    def check(self, obj: Any, path: TextPath, problems: Problems) -> None:
        if isinstance(obj, Object) and obj.repeated and id(obj) not in self.reported:
            self.reported.add(id(obj))
            keys = ", ".join(json.dumps(k, ensure_ascii=False) for k in obj.repeated)
            problems.add(path, f"{keys} given more than once (only the last would count); "
                         "keep one")

    def rest(self, doc: Any, problems: Problems) -> None:
        stack: list[tuple[Any, TextPath]] = [(doc, ())]
        while stack:
            obj, path = stack.pop()
            if isinstance(obj, dict):
                self.check(obj, path, problems)
                stack.extend((v, (*path, k)) for k, v in obj.items())
            elif isinstance(obj, list):
                stack.extend((v, (*path, i)) for i, v in enumerate(obj))


def where(path: TextPath) -> str:
    """A place in the file in words: ``pins[0].mode``, ``weights['w:rust']``, ``top level``."""
    said = ""
    for i, step in enumerate(path):
        if isinstance(step, int):
            said += f"[{step}]"
        elif i and path[0] == "weights" and i == 1:
            said += f"[{step!r}]"
        else:
            said += ("." if said else "") + step
    return said or "top level"


def shown(value: Any) -> str:
    """A value as the file writes it (``true``, ``"high"``), at most 40 characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


class Problems:
    """The problems found, each at its place (``where``); said with the line it is on."""

    def __init__(self) -> None:
        self.found: list[tuple[TextPath, str]] = []

    def add(self, path: TextPath, text: str, *, said: str | None = None) -> None:
        """``text`` after the place (``said``: instead of ``where(path)``)."""
        self.found.append((path, f"{said if said is not None else where(path)}: {text}"))

    def __bool__(self) -> bool:
        return bool(self.found)

    def lines(self, text: str) -> list[str]:
        """Each problem, with the line it is on (``line 12, pins[0].mode: …``), from the top
        of the file down (those of no one line last)."""
        lines = lines_of(text)
        placed = [(line_at(lines, path) if path else None, said) for path, said in self.found]
        placed.sort(key=lambda ls: ls[0] if ls[0] is not None else math.inf)
        return [f"line {line}, {said}" if line else said for line, said in placed]


def feature_problem(name: str) -> str | None:
    """What is wrong with a feature name in words (None: nothing)."""
    if name == "bias":
        return None
    if name.startswith(VETO):
        if not name[len(VETO):].startswith("w:"):
            return f"{VETO} is followed by a word feature, like {VETO}w:tories"
        name = name[len(VETO):]
    kind, sep, value = name.partition(":")
    if not sep or not kind.strip():
        return "a feature name is KIND:VALUE, like w:rust or src:LWN"
    if kind not in FAMILIES:
        meant = meant_family(kind)
        return (f"unknown kind {kind!r}{f' (did you mean {meant!r}?)' if meant else ''}: a "
                f"feature name starts with one of {', '.join(k + ':' for k in FAMILIES)} or "
                f"{VETO}w:")
    if not value.strip():
        return f"nothing after '{kind}:'; write {kind}:VALUE"
    if kind == "sw":
        source, bar, word = value.rpartition("|")
        if not bar or not source.strip() or not word.strip():
            return "a word within a source is sw:SOURCE|word, like sw:Sport|rugby"
    if kind == "int":
        term_kind, sep, term = value.partition(":")
        if term_kind not in TERM_KINDS or not term.strip():
            return (f"a stated interest is int:KIND:VALUE with KIND one of "
                    f"{', '.join(TERM_KINDS)}, like int:keyword:rust")
    return None


_JSON_KINDS = {dict: "an object", list: "a list", str: "a string", int: "a number",
               float: "a number", bool: "true or false", type(None): "null"}


def json_kind(value: Any) -> str:
    """What a JSON value is, in words: "a list", "a string", "null"."""
    return next((said for kind, said in _JSON_KINDS.items() if type(value) is kind
                 or (kind in (dict, list) and isinstance(value, kind))), type(value).__name__)

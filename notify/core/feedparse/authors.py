"""Author values as feeds write them → names.

Two steps, each in one place:

- ``person``: what a parser reads from one RSS ``author`` / ``dc:creator`` / ``dc:author`` /
  ``itunes:author`` element, exactly as feedparser reads it (the fast path must give the items
  feedparser gives): when the value holds an e-mail address, the address is taken out and what
  is left, unwrapped from ``()`` / ``<>``, is the name (``me@example.com (Jo Bloggs)`` and
  ``Jo Bloggs <me@example.com>`` are "Jo Bloggs"); a value without an address is a name as it
  stands, parentheses and all (``Nick Ames (now), Ed Aarons and Ben Fisher (earlier)``).
- ``names``: one name value → the names it lists, for every parser path (``build.to_draft``):
  a trailing note in parentheses goes (``Nick Ames (now)`` → ``Nick Ames``), and a byline listing
  several people is split on commas, ``and``, ``&`` (``und``, ``et``) only when every part is a
  name of at least two words: ``Smith, John``, ``Staff and agencies``, ``John Smith, Jr.`` and
  ``Associated Press in Palm Beach, Florida`` stay whole.
"""

from __future__ import annotations

import re
from itertools import pairwise

# feedparser's own pattern (feedparser/mixin.py, ``_sync_author_detail``)
_EMAIL_RE = re.compile(
    r"(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))"
    r"([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"
)
_NOTE_RE = re.compile(r"\s*\([^()]*\)$")  # "Nick Ames (now)": the "(now)"
_SEPARATOR_RE = re.compile(r"\s*(?:[,;]|\s(?:and|und|et|&)\s)\s*", re.IGNORECASE)
# "Jon Henley in Paris, Philip Oltermann in Berlin" lists two people; in "Ashifa Kassam in
# Stanstead, New Brunswick" what follows the comma is the rest of a place
_PLACE_RE = re.compile(r"\sin\s", re.IGNORECASE)


def person(value: str) -> str:
    """The name in an RSS author-like element's text (its address when it has no name)."""
    value = value.strip()
    if "@" not in value:
        return value
    found = _EMAIL_RE.search(value)
    if found is None:
        return value
    email = found.group(0)
    name = value.replace(email, "").replace("()", "").replace("<>", "").replace("&lt;&gt;", "")
    name = name.strip()
    if name.startswith("("):
        name = name[1:]
    if name.endswith(")"):
        name = name[:-1]
    return name.strip() or email


def _without_note(name: str) -> str:
    bare = _NOTE_RE.sub("", name).strip()
    return bare or name


def names(value: str) -> list[str]:
    """The names one author value lists (see the module docstring); ``[]`` for a blank one."""
    value = " ".join(value.split())
    if not value:
        return []
    parts = [_without_note(p) for p in _SEPARATOR_RE.split(value)]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) and not _place_continues(value):
        return parts
    return [_without_note(value)]


def _place_continues(value: str) -> bool:
    """Whether a comma follows a place ("… in Stanstead, New Brunswick") rather than a name."""
    pieces = value.split(",")
    return any(_PLACE_RE.search(before) and not _PLACE_RE.search(after)
               for before, after in pairwise(pieces))

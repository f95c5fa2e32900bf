"""What the ranker sees of an item: readable, named features.

Every feature has a name a person can read back (``src:Hacker News``, ``w:rust``, ``ww:rust async``)
and a value. Names are kept as text, not hashed, so the profile can be shown, edited by hand,
exported and explained. Families:

| prefix  | what                                                      | value |
|---------|-----------------------------------------------------------|-------|
| bias    | every item (the learner ignores it: nothing to care about)  | 1     |
| src:    | the source (feed) title                                   | 1     |
| grp:    | the source's group (folder)                               | 1     |
| auth:   | each author                                               | 1     |
| tag:    | each tag / category (lower-cased)                         | 1     |
| site:   | the link's domain when it differs from the source's       | 1     |
| w:      | each content word of the *lead*: title + first 60 words   | WORD  |
| ww:     | each pair of adjacent lead words (off: PAIR = 0)          | PAIR  |
| sw:     | source × lead word ("rugby in Sport"): focused interests  | CONJ  |

The lead is the title's content words followed by the first ``LEAD_WORDS`` content words of the
summary: what a person takes in at a glance, and what they judge an item by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlsplit

from notify.core.models import Item

LEAD_WORDS = 60
WORD = 0.5
PAIR = 0.0  # measured: word pairs added nothing over words (docs/ranking.md)
CONJ = 0.5

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

# Function words and newsroom boilerplate: they say nothing about what an item is about.
_STOP_TEXT = """
a about after again against all also am an and any are as at be because been before being
between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no
nor not of off on once only or other our ours out over own same she should so some such than
that the their theirs them then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours
isn aren wasn weren don doesn didn won wouldn shouldn couldn can't ll ve re s t d m
new news says said say get gets got just now one two first year years day days week time make
made way back still even many much want well really via amp according like
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class ItemText:
    """The parts of an item the ranker reads (from a stored ``Item`` or the eval's JSON)."""

    title: str
    summary: str = ""
    source: str = ""
    group: str = ""
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    link: str | None = None
    source_url: str = ""


def from_item(item: Item, source_url: str = "") -> ItemText:
    return ItemText(
        title=item.title,
        summary=item.summary_text,
        source=item.source_title,
        group=item.source_group,
        authors=tuple(item.authors),
        tags=tuple(item.tags),
        link=item.link,
        source_url=source_url,
    )


def content_words(text: str, limit: int | None = None) -> list[str]:
    """Lower-cased words, in order, without stop words, numbers and one-letter tokens; the
    first ``limit`` of them (a long text is not read past them)."""
    out: list[str] = []
    if limit is not None and limit <= 0:
        return out
    for m in _TOKEN.finditer(text.lower()):
        tok = m.group()
        if len(tok) > 1 and tok not in STOP_WORDS and not tok.isdigit():
            out.append(tok)
            if limit is not None and len(out) >= limit:
                break
    return out


def lead(it: ItemText) -> list[str]:
    """Content words of the title, then the first ``LEAD_WORDS`` of the summary."""
    return content_words(it.title) + content_words(it.summary, LEAD_WORDS)


def domain(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _dedupe(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


SOURCE = "src:"


def source_feature(source: str) -> str:
    """The feature of an item's source: ``Sport`` -> ``src:Sport``."""
    return SOURCE + source


def source_word_feature(source: str, word: str) -> str:
    """A lead word within a source: ``Sport``, ``rugby`` -> ``sw:Sport|rugby``."""
    return "sw:" + source + "|" + word


def features(it: ItemText, words: list[str] | None = None) -> dict[str, float]:
    """Named features of an item with their values (see the module docstring); ``words``:
    its ``lead`` when the caller has it."""
    out: dict[str, float] = {"bias": 1.0}
    if it.source:
        out[source_feature(it.source)] = 1.0
    if it.group:
        out["grp:" + it.group] = 1.0
    for a in it.authors:
        if a.strip():
            out["auth:" + a.strip()] = 1.0
    for t in it.tags:
        if t.strip():
            out["tag:" + t.strip().lower()] = 1.0
    site = domain(it.link)
    if site and site != domain(it.source_url):
        out["site:" + site] = 1.0
    if words is None:
        words = lead(it)
    for w in _dedupe(words):
        out["w:" + w] = WORD
        if it.source:
            out[source_word_feature(it.source, w)] = CONJ
    if PAIR:
        for a, b in pairwise(words):
            if a != b:
                out["ww:" + a + " " + b] = PAIR
    return out


def matches_term(it: ItemText, words: frozenset[str], kind: str, value: str) -> bool:
    """Whether an item matches a stated interest / pin ``kind=value``."""
    if kind == "source":
        return it.source == value
    if kind == "group":
        return it.group == value
    if kind == "author":
        return value in it.authors
    if kind == "tag":
        return value.lower() in (t.lower() for t in it.tags)
    if kind == "keyword":
        parts = content_words(value)
        return bool(parts) and all(p in words for p in parts)
    return False


def describe(name: str) -> str:
    """A feature name in words: ``w:rust`` -> "word 'rust'"."""
    if name.startswith("not:"):
        return describe(name[4:]) + " (you cannot stand it)"
    kind, _, rest = name.partition(":")
    labels = {
        "src": "source", "grp": "group", "auth": "author", "tag": "tag", "site": "site",
        "w": "word", "ww": "phrase", "int": "your interest", "pin": "your pin",
    }
    if name == "bias":
        return "how often anything is wanted"
    if kind == "sw":
        src, _, word = rest.rpartition("|")
        return f"word '{word}' in {src}"
    if kind in ("w", "ww", "tag"):
        return f"{labels[kind]} '{rest}'"
    return f"{labels.get(kind, kind)} {rest}"


def names_of(values: Sequence[tuple[str, float]]) -> list[str]:
    return [n for n, _ in values]

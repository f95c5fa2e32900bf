"""What the ranker sees of an item: readable, named features.

Every feature has a name a person can read back (``src:Hacker News``, ``w:rust``, ``ww:rust async``)
and a value. Names are kept as text, not hashed, so the profile can be shown, edited by hand,
exported and explained. Families:

| prefix  | what                                                      | value |
|---------|-----------------------------------------------------------|-------|
| bias    | every item (the learner ignores it: nothing to care about)  | 1     |
| src:    | the source's name (``source_names.source_name``)          | 1     |
| grp:    | the source's group (folder)                               | 1/n   |
| auth:   | each author                                               | 1     |
| tag:    | each tag / category (lower-cased)                         | 1     |
| site:   | the link's domain when it differs from the source's       | 1     |
| w:      | each content word of the *lead*: title + first 60 words   | WORD  |
| ww:     | each pair of adjacent lead words (off: PAIR = 0)          | PAIR  |
| sw:     | source × lead word ("rugby in Sport"): focused interests  | CONJ  |

A group's value is one over its number of sources: the learner spreads a source's prior over
them (``learner.Learner``), so one Like in a folder of 40 feeds credits that feed, not all 40.

The lead is the title's content words followed by the first ``LEAD_WORDS`` content words of the
summary: what a person takes in at a glance, and what they judge an item by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
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
# The commonest function words of the other languages feeds are written in (Portuguese, Spanish,
# French, German, Dutch, Italian, Russian): without them one Like of an item in Portuguese made
# "de", "da" and "na" things the person cares about, and every Portuguese item likely. Words that
# are also English words a person may care about are left out ("die", "son", "van", "un", "met",
# "plus", "come", "hat", "los", "las", "al", "nas", "dem", "op", "ai", "os", "mit", "par", "sin",
# "hay").
_STOP_OTHER = """
da das de dos em na pela pelo pelas pelos uma umas uns para com por que ao aos mais como mas
foi ser sobre entre sua seu suas seus ou quando muito também só já
el del en la lo le una unos unas con se su sus es más pero fue ha este esta está están
todo hasta muy desde también cuando
les des du et est une pour dans sur qui au aux il elle ils ne pas ce cette ces sa ses avec
ou mais été sont leur être fait très aussi
der das und den des ein eine einen einem einer ist nicht von zu auf im für sich auch es sie
er wir ihr sind wird wurde werden haben bei nach aus wie noch nur über oder aber vor zum zur
durch
het een dat zijn te voor niet aan er maar om ook als bij nog wel naar worden wordt deze dit
gli di della dei delle che per nel nella alla più anche ma è questo questa non
не на что по как из за для от это то но же бы его она он они мы вы так все было были был была
ещё уже или при до
"""
STOP_WORDS = frozenset(_STOP_TEXT.split()) | frozenset(_STOP_OTHER.split())

# Addresses are not words: a URL or an e-mail address in a summary gave the profile words like
# "com" and "bawgd5vzey" (a link's id). A run of non-space characters holding "://", "www.", an
# e-mail address or a host with a path ("bit.ly/3xYz") is left out whole.
_EMAIL = re.compile(r"@[\w-]+\.[^\W\d_]")
_CHUNK = re.compile(r"\S+")
_HOST_PATH = re.compile(r"\W*[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}/")


def _is_address(chunk: str) -> bool:
    return ("://" in chunk or "www." in chunk.lower()
            or ("@" in chunk and _EMAIL.search(chunk) is not None)
            or ("/" in chunk and _HOST_PATH.match(chunk) is not None))


def _tokens(text: str) -> Iterator[str]:
    """The letter-and-digit runs of ``text``, addresses left out."""
    if "/" in text or "@" in text or "www." in text or "WWW." in text:
        for m in _CHUNK.finditer(text):  # lazily: a long text is read only up to its limit
            chunk = m.group()
            if not _is_address(chunk):
                yield from _TOKEN.findall(chunk)
    else:  # most texts (one pass, no split)
        for m in _TOKEN.finditer(text):
            yield m.group()


# A token of letters and digits is a word when it is a name with a number ("covid19", "iphone11",
# "mp3s", "g7", "sha256") or a number with a unit or suffix ("5g", "4k", "1080p", "90s", "4chan"),
# or short ("h5n1", "r2d2"); any other mix ("bawgd5vzey", "3f2a9c1e", "a1b2c3") is an id.
_NAMED_NUMBER = re.compile(r"[^\W\d_]+\d{1,4}[^\W\d_]{0,2}|\d{1,4}[^\W\d_]{1,5}")
_SHORT_MIX = 5


def _is_word(tok: str) -> bool:
    """A content word: two characters or more, not a stop word, a number or an id."""
    if len(tok) < 2 or tok in STOP_WORDS:
        return False
    if tok.isalpha():
        return True
    if tok.isdigit():
        return False
    return len(tok) <= _SHORT_MIX or _NAMED_NUMBER.fullmatch(tok) is not None


@dataclass(frozen=True)
class ItemText:
    """The parts of an item the ranker reads (from a stored ``Item`` or the eval's JSON)."""

    title: str
    summary: str = ""
    source: str = ""
    group: str = ""
    group_size: int = 1  # how many sources the group holds
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    link: str | None = None
    source_url: str = ""


def from_item(item: Item, source_url: str = "", group_size: int = 1) -> ItemText:
    return ItemText(
        title=item.title,
        summary=item.summary_text,
        source=item.source_title,
        group=item.source_group,
        group_size=group_size,
        authors=tuple(item.authors),
        tags=tuple(item.tags),
        link=item.link,
        source_url=source_url,
    )


# A stop word written in capitals, two or three letters long, in a text that is not all in
# capitals, is an acronym: "WHO" (the World Health Organization), "LA", "IT", "AM".
_ACRONYM_MAX = 3


def _shouting(text: str) -> bool:
    """All in capitals, and more than one word: capitals say nothing about one word there."""
    return text.upper() == text and len(text.split(None, 1)) > 1


def content_words(text: str, limit: int | None = None) -> list[str]:
    """Lower-cased words, in order, without stop words, numbers, one-letter tokens, URLs,
    e-mail addresses and ids; the first ``limit`` of them (a long text is not read past them).
    A short stop word in capitals is kept as an acronym ("WHO warns" gives "who")."""
    out: list[str] = []
    if limit is not None and limit <= 0:
        return out
    shouting: bool | None = None
    for tok in _tokens(text):
        low = tok.lower()
        if not _is_word(low):
            if not (low in STOP_WORDS and len(tok) <= _ACRONYM_MAX and len(tok) >= 2
                    and tok.isupper()):
                continue
            if shouting is None:
                shouting = _shouting(text)
            if shouting:
                continue
        out.append(low)
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
        out["grp:" + it.group] = 1.0 / max(1, it.group_size)
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
    if kind == "site":  # the item links to that site or one of its subdomains
        site = value.strip().lower().removeprefix("www.")
        host = domain(it.link)
        return bool(site) and (host == site or host.endswith("." + site))
    return False


def describe(name: str) -> str:
    """A feature name in words: ``w:rust`` -> "word 'rust'". A veto row (``not:w:rust``) comes
    from Dismisses of items with the word; whether the person *cannot stand* it is a matter of
    how sure that is (``profile_groups.FIRM_VETO``), which the name alone does not say."""
    if name.startswith("not:"):
        return describe(name[4:]) + " (in items you passed over)"
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
    if kind in ("int", "pin"):  # int:keyword:rust -> "your interest 'rust'"
        what, _, value = rest.partition(":")
        if not value:
            return f"{labels[kind]} {rest}"
        return f"{labels[kind]} '{value}'" if what == "keyword" else (
            f"{labels[kind]}: {what} {value}")
    return f"{labels.get(kind, kind)} {rest}"


def names_of(values: Sequence[tuple[str, float]]) -> list[str]:
    return [n for n, _ in values]

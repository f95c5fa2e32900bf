"""The same story from several sources: near-duplicate detection on titles and links.

Two items tell the same story when their links are the same after normalisation, or when their
titles share most of their content words (Jaccard similarity of the word sets at least
``SAME_STORY``, and at least ``MIN_WORDS`` words in common) and their numbers do not tell them
apart: "Episode 41" and "Episode 42", "Python 3.12.1" and "Python 3.12.2", "2-1" and "3-0" are
different items, however many words they share. A title without numbers never conflicts ("Apple
unveils iPhone 16" and "Apple unveils the new iPhone" can be one story). Nor are two items of a
series one story when their titles are the same words but for one slot of one or two words
(``one_slot_apart``): "The Funniest Tweets From Parents This Week" and "… From Women This
Week", "The Best Razor Subscription Services" and "The Best Vitamin Subscription Services" are
about different things, though they share most of their words; nor when they are one template
with two slots filled differently and nothing else changed (``two_slots_apart``: "The Most
Popular Shows On Netflix Right Now Besides 'The Circle'" and "… Movies … Besides
'Synchronic'"). Another source's report of one story rewords it (it adds, drops or moves
words: "Apple unveils iPhone 16 at September event" / "iPhone 16 announced at Apple's September
event") and still groups.

A group is named by a key (``story:<hash>``) made from its first member (its id, title and
link), stored on each item as ``group_key``: items share a key only when they were found to tell
the same story, never because their titles merely look alike.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from notify.core.ranking.features import content_words
from notify.core.release import release
from notify.core.urls import dedupe_key, strip_tracking

SAME_STORY = 0.5
MIN_WORDS = 3

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Story:
    item_id: int
    title: str
    link: str | None = None
    group_key: str | None = None  # known already (an item notified earlier)


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection compares: a title's content words and its numbers, and
    the normalised link ("" without one)."""

    words: frozenset[str]
    numbers: frozenset[str]
    link: str
    sequence: tuple[str, ...] = ()  # the content words in order (``one_slot_apart``)

    @classmethod
    def of(cls, story: Story) -> Fingerprint:
        sequence = tuple(content_words(story.title))
        return cls(frozenset(sequence), title_numbers(story.title), _link(story.link), sequence)


def title_words(title: str) -> frozenset[str]:
    return frozenset(content_words(title))


def title_numbers(title: str) -> frozenset[str]:
    """The numbers in a title, normalised: ``07`` is ``7``, ``1,000`` is ``1000``; a version
    or a decimal (``3.12.1``, ``6.5``) stays one number."""
    out = set()
    for m in _NUMBER.finditer(title):
        whole, dot, rest = m.group().replace(",", "").partition(".")
        out.add((whole.lstrip("0") or "0") + dot + rest)
    return frozenset(out)


def _link(link: str | None) -> str:
    if not link:
        return ""
    return dedupe_key(strip_tracking(link))


def numbers_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Each title has a number the other lacks: two episodes, versions, scores or dates."""
    return bool(a - b) and bool(b - a)


def same_story(a_words: frozenset[str], b_words: frozenset[str]) -> bool:
    """The titles' words overlap enough (numbers aside: see ``near_duplicates``)."""
    common = len(a_words & b_words)
    if common < MIN_WORDS:
        return False
    return common / len(a_words | b_words) >= SAME_STORY


SLOT_WORDS = 2  # the most words a series' titles differ by in one slot
SERIES_TEMPLATE = 4  # the fewest words, in order, two titles of a series with two slots share


def one_slot_apart(a: Sequence[str], b: Sequence[str]) -> bool:
    """The same words in the same order but for one slot, where each title has one or two words
    of its own (and at most one word added or left out elsewhere): the items of a series, each
    about its own subject ("… From Parents This Week" / "… From Women This Week"). Two reports
    of one story differ in more places than that, or not at all."""
    edits = _edits(a, b)
    slots = [op for op in edits if op[0] == "replace"]
    if len(slots) != 1 or not _small(slots[0]):
        return False
    rest = [op for op in edits if op[0] != "replace"]
    return len(rest) <= 1 and all(max(r[2] - r[1], r[4] - r[3]) <= 1 for r in rest)


def two_slots_apart(a: Sequence[str], b: Sequence[str]) -> bool:
    """A series' template with two slots filled differently: the same words in the same order
    (at least ``SERIES_TEMPLATE`` of them) but for two slots of one or two words each, nothing
    added or left out ("The Most Popular Shows On Netflix Right Now Besides 'The Circle'" /
    "The Most Popular Movies On Netflix Right Now Besides 'Synchronic'"). Two sources' reports
    of one story reword it: they add, drop or move words ("Apple unveils iPhone 16 at
    September event" / "iPhone 16 announced at Apple's September event")."""
    edits = _edits(a, b)
    if len(edits) != 2 or any(op[0] != "replace" or not _small(op) for op in edits):
        return False
    return len(a) - sum(op[2] - op[1] for op in edits) >= SERIES_TEMPLATE


def series_apart(a: Sequence[str], b: Sequence[str]) -> bool:
    """Two items of a series, each about its own subject: ``one_slot_apart`` or
    ``two_slots_apart``."""
    return one_slot_apart(a, b) or two_slots_apart(a, b)


def _edits(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    return [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            if op[0] != "equal"]


def _small(slot: tuple[str, int, int, int, int]) -> bool:
    _, i1, i2, j1, j2 = slot
    return i2 - i1 <= SLOT_WORDS and j2 - j1 <= SLOT_WORDS


def near_duplicates(a: Fingerprint, b: Fingerprint) -> bool:
    if a.link and a.link == b.link:
        return True
    return (not numbers_differ(a.numbers, b.numbers) and same_story(a.words, b.words)
            and not series_apart(a.sequence, b.sequence))


def key_for(story: Story) -> str:
    """A new group's key, from its first member: distinct items never share one by chance."""
    ident = f"{story.item_id}\n{story.title}\n{_link(story.link)}"
    return "story:" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[:16]


def assign_groups(new: Sequence[Story], earlier: Sequence[Story] = ()) -> dict[int, str]:
    """A group key for each new item; an item that tells the same story as an earlier one (or
    another new one before it) shares the first such one's key, any other starts a group of its
    own. ``earlier`` items carry their ``group_key`` (one is made for those that lack it).

    Only the items that could tell the same story are compared: those with the same link, and
    those sharing at least ``MIN_WORDS`` title words (found through an index of the words), so a
    round of 37,000 new items is not 37,000² comparisons (it took ~7.5 s)."""
    index = _StoryIndex()
    for s in earlier:
        index.add(Fingerprint.of(s), s.group_key or key_for(s))
    out: dict[int, str] = {}
    for s in new:
        fp = Fingerprint.of(s)
        key = index.first_match(fp) or key_for(s)
        out[s.item_id] = key
        index.add(fp, key)
    index.release()
    return out


class _StoryIndex:
    """The stories seen so far, in order, indexed by link and by title word."""

    def __init__(self) -> None:
        self._seen: list[tuple[Fingerprint, str]] = []
        self._by_link: dict[str, int] = {}  # link -> the first story with it
        self._by_word: dict[str, list[int]] = {}

    def add(self, fp: Fingerprint, key: str) -> None:
        at = len(self._seen)
        self._seen.append((fp, key))
        if fp.link:
            self._by_link.setdefault(fp.link, at)
        for word in fp.words:
            self._by_word.setdefault(word, []).append(at)

    def release(self) -> None:
        """Forget every story, a slice at a time: a round's 37,000 fingerprints freed at once
        held the GIL for tens of milliseconds (``notify.core.release``)."""
        release(self._seen, self._by_word, self._by_link)

    def first_match(self, fp: Fingerprint) -> str | None:
        """The key of the first story seen that ``near_duplicates`` ``fp``, if any."""
        candidates: list[int] = []
        if len(fp.words) >= MIN_WORDS:
            # one word's stories at a time: a common word's list holds most of a round (37,000
            # stories), and counting them all in one call held the GIL ~50 ms
            shared: Counter[int] = Counter()
            for w in fp.words:
                shared.update(self._by_word.get(w, ()))
            candidates = [at for at, n in shared.items() if n >= MIN_WORDS]
        link_at = self._by_link.get(fp.link) if fp.link else None
        if link_at is not None:
            candidates.append(link_at)
        for at in sorted(candidates):
            other, key = self._seen[at]
            if near_duplicates(fp, other):
                return key
        return None

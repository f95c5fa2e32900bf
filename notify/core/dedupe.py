"""The same story from several sources: near-duplicate detection on titles and links.

Two items tell the same story when their links are the same after normalisation, or when their
titles share most of their content words (Jaccard similarity of the word sets at least
``SAME_STORY``, and at least ``MIN_WORDS`` words in common) and their numbers do not tell them
apart: "Episode 41" and "Episode 42", "Python 3.12.1" and "Python 3.12.2", "2-1" and "3-0" are
different items, however many words they share. A title without numbers never conflicts ("Apple
unveils iPhone 16" and "Apple unveils the new iPhone" can be one story).

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

    @classmethod
    def of(cls, story: Story) -> Fingerprint:
        return cls(title_words(story.title), title_numbers(story.title), _link(story.link))


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


def near_duplicates(a: Fingerprint, b: Fingerprint) -> bool:
    if a.link and a.link == b.link:
        return True
    return not numbers_differ(a.numbers, b.numbers) and same_story(a.words, b.words)


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

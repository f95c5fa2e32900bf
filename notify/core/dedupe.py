"""The same story from several sources: near-duplicate detection on titles and links.

Two items tell the same story when their links are the same after normalisation, or when their
titles share most of their content words (Jaccard similarity of the word sets at least
``SAME_STORY``, and at least ``MIN_WORDS`` words in common). A group is named by a stable key
(``story:<hash>`` of the first member's words) stored on each item as ``group_key``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from notify.core.ranking.features import content_words
from notify.core.urls import dedupe_key, strip_tracking

SAME_STORY = 0.5
MIN_WORDS = 3


@dataclass(frozen=True)
class Story:
    item_id: int
    title: str
    link: str | None = None
    group_key: str | None = None  # known already (an item notified earlier)


def title_words(title: str) -> frozenset[str]:
    return frozenset(content_words(title))


def _link(link: str | None) -> str:
    if not link:
        return ""
    return dedupe_key(strip_tracking(link))


def same_story(a_words: frozenset[str], b_words: frozenset[str]) -> bool:
    common = len(a_words & b_words)
    if common < MIN_WORDS:
        return False
    return common / len(a_words | b_words) >= SAME_STORY


def key_for(story: Story) -> str:
    words = " ".join(sorted(title_words(story.title))) or _link(story.link) or str(story.item_id)
    return "story:" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:16]


def assign_groups(new: Sequence[Story], earlier: Sequence[Story] = ()) -> dict[int, str]:
    """A group key for each new item; an item that matches an earlier one (or another new one
    before it) shares that one's key. ``earlier`` items must carry their ``group_key``."""
    seen: list[tuple[frozenset[str], str, str]] = [
        (title_words(s.title), _link(s.link), s.group_key or key_for(s)) for s in earlier
    ]
    out: dict[int, str] = {}
    for s in new:
        words, link = title_words(s.title), _link(s.link)
        key = None
        for w, lk, k in seen:
            if (link and link == lk) or same_story(words, w):
                key = k
                break
        if key is None:
            key = key_for(s)
        out[s.item_id] = key
        seen.append((words, link, key))
    return out

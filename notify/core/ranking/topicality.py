"""Topical words: where a lead word occurs in the items this profile has seen.

A word whose items concentrate in one source far above that source's share of all items
("rugby", "abortion") says what an item is about; a word spread evenly over the sources
("received") does not. ``Topicality.factor(word)`` is what a lead word's prior is multiplied
by (``LearnerConfig.topical_k``, ``even_k``; docs/ranking.md, tenth round). Counted only from
the items ranked for this profile (``Profile.count_seen``), never from a corpus.
"""

from __future__ import annotations

from typing import Any

# A word is judged once it occurred in this many items; topical when at least this share of
# them is in one source, and that share is this many times the source's share of all items.
MIN_ITEMS = 3
MIN_CONCENTRATION = 0.5
MIN_LIFT = 3.0
# Spread evenly: seen often enough to be sure, and no source holds much more of it than its
# share of all items.
EVEN_ITEMS = 10
EVEN_LIFT = 1.5
MAX_WORDS = 20_000  # words whose places are kept at most (the most frequent)


class Topicality:
    """Per word: [items, its commonest source, items there, {source: items}]."""

    def __init__(self, topical_k: float, even_k: float, state: Any = None,
                 reach: float = 2.0) -> None:
        self.topical_k = topical_k
        self.even_k = even_k
        # Also topical: a word of a large source (a third of all items cannot reach a lift
        # of 3) whose concentration covers this share of the way from the source's share to 1.
        self.reach = reach
        state = state or {}
        self.items: int = int(state.get("items", 0))
        self.sources: dict[str, int] = dict(state.get("sources", {}))
        self.words: dict[str, list[Any]] = {w: list(v) for w, v in
                                            state.get("words", {}).items()}

    def state(self) -> dict[str, Any]:
        return {"items": self.items, "sources": self.sources, "words": self.words}

    def count(self, source: str, words: list[str]) -> None:
        """One item of ``source`` with these (distinct) lead words."""
        self.items += 1
        self.sources[source] = self.sources.get(source, 0) + 1
        table = self.words
        for w in words:
            row = table.get(w)
            if row is None:
                table[w] = [1, source, 1, {source: 1}]
                continue
            row[0] += 1
            places = row[3]
            n = places[source] = places.get(source, 0) + 1
            if n > row[2]:
                row[1], row[2] = source, n
        if len(table) > MAX_WORDS:  # keep the most frequent
            keep = sorted(table.items(), key=lambda kv: -kv[1][0])[: MAX_WORDS * 3 // 4]
            self.words = dict(keep)

    def lift(self, word: str) -> tuple[int, float, float, float]:
        """(items with the word, share of them in its commonest source, that share over the
        source's share of all items, the source's share)."""
        row = self.words.get(word)
        if row is None or not self.items:
            return 0, 0.0, 0.0, 0.0
        n, source, k = row[0], row[1], row[2]
        c = k / n
        share = self.sources.get(source, 0) / self.items
        return n, c, (c / share if share > 0 else 0.0), share

    def factor(self, word: str) -> float:
        """What the word's prior is multiplied by: ``topical_k`` for a topical word,
        ``even_k`` for one clearly spread evenly, 1 otherwise (or not seen enough)."""
        n, c, lift, share = self.lift(word)
        if n < MIN_ITEMS:
            return 1.0
        if c >= MIN_CONCENTRATION and (
                lift >= MIN_LIFT or (share < 1.0 and (c - share) / (1.0 - share) >= self.reach)):
            return self.topical_k
        if n >= EVEN_ITEMS and lift < EVEN_LIFT:
            return self.even_k
        return 1.0

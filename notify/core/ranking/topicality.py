"""Where lead words occur: which words say what an item is about (docs/ranking.md, nineteenth
round).

A word whose items concentrate in one place far above that place's share of all items
("rugby" in Sport, "colbert" in Comedy) says what an item is about; a word spread over every
place ("set", "called", "media") does not, and a person rarely cares about it. Exploring
(``exploration``) spends its few tests a day on the words of a liked item that are topical,
not on its common ones.

A place is the item's source group (folder) when it has one, else its source: a person who
follows many feeds on one subject usually files them together, and a subject's words then
concentrate in that folder, not in any one of its feeds.

Counted only from the items ranked for this profile (``Profile.count_seen``), never from a
corpus. Only the words a test could be spent on are followed: those a reaction made likelier
(a lead word with positive evidence), from the first item after it on, and while their evidence
stays positive; the profile stays small (a word in every item of a thousand feeds is not
counted per place). Stored in the profile's values ``places`` (the places and their items,
keyed by feature name so that a renamed source's counts follow it) and ``place_words`` (per
followed word, its items, and its items in its commonest places).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from notify.core.ranking.features import SOURCE

# A word is judged once it occurred in this many items; topical when this share of them is in
# one place, or at least ``MIN_CONCENTRATION`` of them and ``MIN_LIFT`` times that place's
# share of all items (a word of a place holding a third of everything cannot reach a lift of 3).
MIN_ITEMS = 5
SURE_CONCENTRATION = 0.8
MIN_CONCENTRATION = 0.5
MIN_LIFT = 3.0
MAX_WORDS = 5_000  # words whose places are kept at most (the most frequent)
MAX_PLACES_A_WORD = 4  # a word's commonest places kept (the rest cannot make it topical)
PLACES = "places"  # the profile's values
WORDS = "place_words"
LEAD_WORD = "w:"  # a lead word's feature: ``w:rugby``
_PLACE_FAMILIES = ("grp:", SOURCE)  # the item's place: its group, else its source


def place_of(x: Mapping[str, float]) -> str | None:
    """The place of an item's features: its group's feature, else its source's."""
    for family in _PLACE_FAMILIES:
        for name in x:
            if name.startswith(family):
                return name
    return None


class Places:
    """``places``: place feature -> [index, items]; ``words``: word -> [items, index, items
    there, index, items there, ...], its commonest places first; ``names``: ``words``' keys,
    sorted (for ``store.set_mapping``, which writes a large mapping a slice at a time)."""

    def __init__(self, places: Mapping[str, Any] | None = None,
                 words: Mapping[str, list[int]] | None = None) -> None:
        self.places: dict[str, list[int]] = {str(k): [int(v[0]), int(v[1])]
                                             for k, v in (places or {}).items()}
        self.words: dict[str, list[int]] = {str(k): [int(n) for n in v]
                                            for k, v in (words or {}).items()}
        self.names: list[str] = sorted(self.words)
        self._items: tuple[dict[int, int], int] | None = None  # (place index -> items, all)

    def _place_items(self) -> tuple[dict[int, int], int]:
        if self._items is None:
            found: dict[int, int] = {}
            for index, items in self.places.values():  # a renamed place shares its index
                found[index] = max(found.get(index, 0), items)
            self._items = found, sum(found.values())
        return self._items

    def count(self, xs: Iterable[Mapping[str, float]], follow: Callable[[str], bool]) -> None:
        """Count each item in its place, and the words followed in it; a word not yet
        followed is from now on if ``follow(word)``."""
        words = self.words
        new: list[str] = []
        for x in xs:
            place = place_of(x)
            if place is None:
                continue
            row = self.places.get(place)
            if row is None:
                row = self.places[place] = [1 + max((r[0] for r in self.places.values()),
                                                    default=-1), 0]
            row[1] += 1
            index = row[0]
            for name in x:
                if not name.startswith(LEAD_WORD):
                    continue
                word = name[len(LEAD_WORD):]
                counts = words.get(word)
                if counts is None:
                    if follow(word):
                        words[word] = [1, index, 1]
                        new.append(word)
                else:
                    counts[0] += 1
                    _add(counts, index)
        self._items = None
        if new:
            self.names = list(heapq.merge(self.names, sorted(new)))
        if len(words) > MAX_WORDS:  # keep the most frequent
            keep = sorted(words.items(), key=lambda kv: -kv[1][0])
            self.words = words = dict(keep[: MAX_WORDS * 3 // 4])
            self.names = [n for n in self.names if n in words]

    def keep(self, follow: Callable[[str], bool]) -> bool:
        """Stop following the words ``follow`` no longer wants; whether any was dropped."""
        gone = [w for w in self.words if not follow(w)]
        for w in gone:
            del self.words[w]
        if gone:
            self.names = [n for n in self.names if n in self.words]
        return bool(gone)

    def topical(self, word: str) -> bool:
        """Whether a lead word's items concentrate in one place (see the module's rule)."""
        counts = self.words.get(word)
        if counts is None:
            return False
        n = counts[0]
        if n < MIN_ITEMS:
            return False
        concentration = counts[2] / n
        if concentration >= SURE_CONCENTRATION:
            return True
        items, everything = self._place_items()
        share = items.get(counts[1], 0) / max(everything, 1)
        return concentration >= MIN_CONCENTRATION and concentration >= MIN_LIFT * share


def _add(counts: list[int], index: int) -> None:
    """One more item of a word (``counts[0]``, counted by the caller) in place ``index``: its
    places kept commonest first, at most ``MAX_PLACES_A_WORD``. A new place takes the last
    one's slot when they are full: it may grow, and the one it replaced, the least common,
    could not have made the word topical; a place's count lost so only understates a
    concentration."""
    for at in range(1, len(counts), 2):
        if counts[at] == index:
            counts[at + 1] += 1
            while at > 1 and counts[at + 1] > counts[at - 1]:  # keep the commonest first
                counts[at - 2:at + 2] = counts[at:at + 2] + counts[at - 2:at]
                at -= 2
            return
    if len(counts) < 1 + 2 * MAX_PLACES_A_WORD:
        counts += [index, 1]
    else:
        counts[-2:] = [index, 1]

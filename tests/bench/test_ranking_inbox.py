"""bench/ranking_inbox.py: Notify when the person also likes an item in the inbox now and then
(docs/ranking.md, twenty-first round)."""

from __future__ import annotations

import sys
from types import SimpleNamespace
from typing import Any

import numpy as np

from tests.bench.benchmods import REPO, load

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the reader imports bench.quick_adapter, as the bench does
inbox = load("bench_ranking_inbox", "ranking_inbox.py")

PER_DAY = 6


def item(day: int, i: int) -> dict[str, Any]:
    return {"id": f"d{day}i{i}", "title": f"Story {i} of day {day} about gardening {i}",
            "summary": "", "source": f"feeds/section{i}", "authors": [], "tags": [],
            "published": None, "link": None}


def person(wanted: dict[int, set[int]]) -> SimpleNamespace:
    """A simulated person who wants items ``wanted[day]`` (positions in that day's list)."""
    return SimpleNamespace(
        seed=7,
        day_indices=lambda day: np.arange(day * PER_DAY, (day + 1) * PER_DAY),
        wanted=lambda day, idx: np.array([i in wanted.get(day, set()) for i in range(len(idx))]))


def days(reader: Any, n: int) -> list[list[int]]:
    """Rank ``n`` days; what was notified each day."""
    sent = []
    for day in range(n):
        items = [item(day, i) for i in range(PER_DAY)]
        scores = reader.score(items)
        sent.append(reader.select(items, scores, 10))
    return sent


def evidence(reader: Any, name: str) -> float:
    return float(reader.service.profile.weights.table.get(name, [0.0])[0])


def test_every_k_days_the_person_likes_one_wanted_item_they_were_not_notified() -> None:
    # day 0: items 2 and 4 wanted, day 1: item 3, day 2: item 5; an interest no item has (no
    # search at the start, which would notify items): nothing is notified until the inbox Like
    reader = inbox.inbox_reader(2)(person({0: {2, 4}, 1: {3}, 2: {5}}), None)
    reader.onboard([{"kind": "keyword", "value": "astronomy"}])
    sent = days(reader, 3)
    # ... of day 1's item 3 (section 3), before day 2: day 2's item of section 3 is notified
    assert sent == [[], [], [3]]
    liked = [n for n in (f"src:feeds/section{i}" for i in range(PER_DAY))
             if evidence(reader, n) > 0]
    # one browse (every 2nd day), before ranking day 2: of day 1's items, the wanted item 3
    assert liked == ["src:feeds/section3"]
    # an inbox Like is a pick, not a reaction to a notification: the reading learns nothing
    reading = reader.service.profile.meta.get("reading", {})
    assert not reading.get("wanted") and not reading.get("unwanted")


def test_nothing_is_picked_when_nothing_wanted_was_missed() -> None:
    reader = inbox.inbox_reader(1)(person({}), None)
    days(reader, 3)
    assert not [n for n, row in reader.service.profile.weights.table.items() if row[0] > 0]
    # the one wanted item of day 0 was notified (as if: set after ranking day 0)
    reader = inbox.inbox_reader(1)(person({0: {1}}), None)
    reader.score([item(0, i) for i in range(PER_DAY)])
    reader.chosen = [1]
    reader.score([item(1, i) for i in range(PER_DAY)])
    assert evidence(reader, "src:feeds/section1") == 0.0
    # not notified: liked in the inbox the next day
    reader = inbox.inbox_reader(1)(person({0: {1}}), None)
    reader.score([item(0, i) for i in range(PER_DAY)])
    reader.chosen = []
    reader.score([item(1, i) for i in range(PER_DAY)])
    assert evidence(reader, "src:feeds/section1") > 0.0

"""The group-testing experiment (bench/group_testing.py) behaves as docs/ranking.md says."""

from __future__ import annotations

import pytest

from tests.bench.benchmods import load

gt = load("bench_group_testing", "group_testing.py")


def _item(n: int, source: str, title: str) -> dict[str, object]:
    return {"id": f"i{n}", "title": title, "summary": "", "source": source,
            "authors": [], "tags": [], "published": None, "link": None}


def test_likes_credit_the_atoms_the_liked_items_share() -> None:
    ranker = gt.make()
    ranker.score([_item(0, "news/sport", "warm up")])  # day 1: reactions to what it chose
    for n in range(3):
        ranker.learn(_item(n, "news/sport", f"rugby final {n} thriller"), "like")
    rugby, cricket, other = ranker.score([
        _item(10, "news/sport", "rugby squad named"),
        _item(11, "news/sport", "cricket squad named"),
        _item(12, "news/politics", "budget vote"),
    ])
    assert rugby > cricket > other
    assert rugby > ranker.threshold > other


def test_knobs_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GT_LAM", "0.3")
    monkeypatch.setenv("GT_EXPLORE_MAX", "4")
    knobs = gt.Knobs.from_env()
    assert knobs.lam == 0.3 and knobs.explore_max == 4 and knobs.p_src == 0.03

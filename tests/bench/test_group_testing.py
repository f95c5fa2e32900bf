"""The group-testing experiment (bench/group_testing.py) behaves as docs/ranking.md says."""

from __future__ import annotations

from dataclasses import replace

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


def test_a_stated_interest_does_not_fade_without_reactions() -> None:
    ranker = gt.make()
    ranker.onboard([{"kind": "source", "value": "news/arts"}])
    days = [ranker.score([_item(d, "news/arts", f"gallery {d}")])[0] for d in range(30)]
    assert min(days) > 0.85  # a rare section nobody reacted to is still notified on day 30


def test_the_change_watch_softens_what_was_learnt_after_sure_items_are_dismissed() -> None:
    # the plain reading of reactions: the person's own reading would learn from these very
    # Dismissals that they dismiss wanted items (docs/ranking.md, fourth round)
    ranker = gt.GroupTesting(replace(gt.Knobs(), reading_strength=0.0))
    sections = ["news/sport", "news/arts", "news/travel", "news/food"]
    ranker.onboard([{"kind": "source", "value": s} for s in sections])
    ranker.score([_item(0, "news/sport", "warm up")])  # day 1
    for n, section in enumerate(sections[:3]):  # the taste changed: sure items are dismissed
        ranker.learn(_item(10 + n, section, f"report {n}"), "dismiss")
    assert ranker.alarms == []  # three Dismissals could be mis-taps or bad days
    before = ranker.prob(_item(20, "news/food", "market day"))
    ranker.learn(_item(13, "news/food", "recipe"), "dismiss")
    assert ranker.alarms == [1]
    after = ranker.prob(_item(20, "news/food", "market day"))
    assert before > 0.85 > ranker.threshold > after


def test_the_reading_of_reactions_follows_the_person() -> None:
    ranker = gt.make()
    ranker.score([_item(0, "news/sport", "warm up")])
    plain = ranker._given("ignore")
    for n in range(20):  # this person lets unwanted notifications expire, never dismisses
        ranker.learn(_item(n, "news/politics", f"budget vote {n}"), "ignore")
    wanted, unwanted = ranker._given("ignore")
    assert unwanted > plain[1] and wanted / unwanted < plain[0] / plain[1]

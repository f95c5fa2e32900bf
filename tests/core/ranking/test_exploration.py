from __future__ import annotations

import math

from notify.core.ranking.exploration import unlocked
from notify.core.ranking.learner import Assessment

LIKE = (0.80, 0.02)  # the plain reading of a Like: P(like | wanted), P(like | not wanted)
COST = 0.5


def item(beliefs: dict[str, float]) -> Assessment:
    none = math.prod(1.0 - q for q in beliefs.values())
    return Assessment(list(beliefs), list(beliefs.values()), [], [], 1.0 - none)


def test_a_feature_one_like_cannot_lift_over_the_bar_is_not_worth_a_test() -> None:
    # a word credited a little (one liked sample among its twenty words): however often it
    # occurs, one more Like leaves it under 1/3, so nothing it would unlock
    a = item({"w:nearly": 0.02, "src:politics": 0.01, "w:court": 0.02})
    assert unlocked(a, LIKE, COST, lambda name: 1000.0) is None


def test_the_feature_whose_finding_unlocks_most_is_the_one_tested() -> None:
    a = item({"src:sport": 0.2, "w:rugby": 0.2, "w:match": 0.001})
    many = {"src:sport": 40.0, "w:rugby": 4.0, "w:match": 100.0}
    value, name = unlocked(a, LIKE, COST, many.__getitem__) or (0.0, "")
    assert name == "src:sport"
    # the same belief, ten times the items: ten times the value
    rugby, _ = unlocked(item({"w:rugby": 0.2}), LIKE, COST, lambda n: 4.0) or (0.0, "")
    ten, _ = unlocked(item({"w:rugby": 0.2}), LIKE, COST, lambda n: 40.0) or (0.0, "")
    assert math.isclose(ten, rugby * 10) and value > 0


def test_value_is_what_the_like_adds_to_a_feature_already_over_the_bar() -> None:
    # at 0.45 its items are notified already (0.45 > 1/3): a Like adds only the difference
    below = unlocked(item({"w:rugby": 0.2}), LIKE, COST, lambda n: 10.0)
    above = unlocked(item({"w:rugby": 0.45}), LIKE, COST, lambda n: 10.0)
    assert below is not None and above is not None
    p = 0.45
    after = 1 / (1 + (1 - p) / p / (LIKE[0] / LIKE[1]))  # alone on the item: the full ratio
    each = (after - COST * (1 - after)) - (p - COST * (1 - p))
    p_like = p * LIKE[0] + (1 - p) * LIKE[1]
    assert math.isclose(above[0], p_like * each * 10.0)


def test_credit_shared_with_a_surely_liked_feature_unlocks_nothing() -> None:
    # the item's source is surely liked: a Like of it says nothing about its words
    a = item({"src:sport": 0.999, "w:rugby": 0.1})
    assert unlocked(a, LIKE, COST, lambda n: 10.0) is None


def test_features_beyond_half_are_known_enough_not_to_test() -> None:
    assert unlocked(item({"src:sport": 0.6}), LIKE, COST, lambda n: 10.0) is None

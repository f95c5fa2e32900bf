from __future__ import annotations

import random

import pytest

from notify.core.ranking.learner import DAY, Learner, LearnerConfig, Weights, soft_target


def _learner(**kw: float) -> Learner:
    return Learner(Weights(LearnerConfig(**kw)))  # type: ignore[arg-type]


RUST = {"bias": 1.0, "src:LWN": 1.0, "w:rust": 0.5}
GOLF = {"bias": 1.0, "src:Sport": 1.0, "w:golf": 0.5}


def test_a_new_profile_expects_little() -> None:
    assert _learner().prob(RUST, 0.0) < 1 / 3


def test_likes_raise_and_dismissals_lower_only_the_features_involved() -> None:
    lr = _learner()
    for _ in range(5):
        lr.update(RUST, "like", 0.0)
    assert lr.prob(RUST, 0.0) > 0.5
    before_golf = lr.prob(GOLF, 0.0)
    for _ in range(3):
        lr.update(GOLF, "dismiss", 0.0)
    assert lr.prob(GOLF, 0.0) < before_golf
    assert lr.w.table["src:LWN"][0] > 0 > lr.w.table["src:Sport"][0]


def test_ignore_is_a_weak_no_and_open_a_weak_yes() -> None:
    c = LearnerConfig()
    assert soft_target(c, "like", 0.3) > 0.9
    assert soft_target(c, "dismiss", 0.3) < 0.05
    assert soft_target(c, "dismiss", 0.3) < soft_target(c, "ignore", 0.3) < 0.3
    assert soft_target(c, "open", 0.3) > 0.3


def test_certainty_grows_with_evidence_and_fades_with_time() -> None:
    lr = _learner(half_life_days=10.0)
    lr.update(RUST, "like", 0.0)
    _, q_now = lr.w.get("src:LWN", 0.0)
    _, q_later = lr.w.get("src:LWN", 10 * DAY)
    _, q0 = lr.w.prior("src:LWN")
    assert q_now > q0
    assert q_later == pytest.approx(q0 + (q_now - q0) / 2)


def test_a_changed_taste_is_followed() -> None:
    lr = _learner()
    for day in range(10):
        lr.update(RUST, "like", day * DAY)
    for day in range(10, 20):
        lr.update(RUST, "dismiss", day * DAY)
        lr.update(GOLF, "like", day * DAY)
    assert lr.prob(GOLF, 20 * DAY) > 0.5 > lr.prob(RUST, 20 * DAY)


def test_thompson_draws_vary_around_the_mean_and_are_seeded() -> None:
    lr = _learner(explore_scale=1.0)
    a = [lr.sample(RUST, 0.0, random.Random(1), {}) for _ in range(1)]
    b = [lr.sample(RUST, 0.0, random.Random(1), {}) for _ in range(1)]
    assert a == b
    draws = {lr.sample(RUST, 0.0, random.Random(s), {}) for s in range(20)}
    assert len(draws) == 20


def test_contributions_name_the_strongest_first() -> None:
    lr = _learner()
    for _ in range(4):
        lr.update(RUST, "like", 0.0)
    names = [n for n, _ in lr.contributions(RUST, 0.0)]
    assert names[0] in ("src:LWN", "bias")
    assert set(names) == set(RUST)

"""Exploration calibrated by what this person's tests of each kind have returned
(``exploration.calibration``, docs/ranking.md, "Exploration")."""

from __future__ import annotations

import sqlite3

import pytest

from notify.core.policy import PolicySettings
from notify.core.ranking import exploration
from notify.core.ranking.features import ItemText
from notify.core.ranking.service import RankingService
from tests.core.ranking.conftest import T0

UTC = PolicySettings(utc_offset_s=0)
DAY = 86400.0
TOPICS = ["budget", "rail", "schools", "housing", "water"]


def day_of_items(n: int = 0) -> list[ItemText]:
    """Politics items with the words of the liked first-run sample (the tests), and others."""
    day = [ItemText(f"{w} {TOPICS[i]} plan {n}", source="Politics") for i in range(5)
           for w in ("Cardiff", "Harbour", "Swim")]
    return day + [ItemText(f"Item {i} about nothing {n}", source="Politics") for i in range(30)]


def liked_a_sample(conn: sqlite3.Connection) -> RankingService:
    """A first-run Like of an item whose source or one of whose words the person cares about:
    its words are each worth a test (``test_service``'s exploring test)."""
    s = RankingService(conn, settings=UTC)
    lead = "Cardiff harbour swim " + " ".join(f"filler{n}" for n in range(17))
    s.learn_text(ItemText(lead, source="Wales"), "like", T0)
    return s


def exploring_in(ranked: list[object], day: list[ItemText]) -> list[ItemText]:
    return [day[i] for i, r in enumerate(ranked)
            if r.choice.reason.startswith("exploring")]  # type: ignore[attr-defined]


def test_calibration_is_the_posterior_hit_rate_over_what_the_model_expected() -> None:
    assert exploration.calibration({}) == {}
    # 20 word tests expected to return 4 Likes (0.2 each) returned none: with the model's own
    # expectation worth 3 tests, (0 + 3 * 0.2) / ((20 + 3) * 0.2)
    meta = {"tests": {"w": [20, 0, 4.0], "src": [4, 3, 0.8], "tag": [0, 0, 0.0]}}
    rate = exploration.calibration(meta)
    assert rate["w"] == pytest.approx(0.6 / 4.6)
    assert rate["src"] == pytest.approx((3 + 0.6) / (7 * 0.2))  # tests that paid: above 1
    assert "tag" not in rate  # no test yet: as the model believes


def test_a_person_whose_word_tests_kept_failing_gets_no_more_of_them(
    conn: sqlite3.Connection,
) -> None:
    s = liked_a_sample(conn)
    s.profile.meta["tests"] = {"w": [30, 0, 6.0]}  # thirty tests of words, no Like
    assert exploring_in(s.rank_texts(day_of_items(), T0), day_of_items()) == []


def test_a_person_whose_word_tests_paid_keeps_them(conn: sqlite3.Connection) -> None:
    s = liked_a_sample(conn)
    s.profile.meta["tests"] = {"w": [6, 4, 1.2], "src": [20, 0, 4.0]}  # a keyword person
    tested = exploring_in(s.rank_texts(day_of_items(), T0), day_of_items())
    assert len(tested) == 2
    assert {t.title.split()[0] for t in tested} <= {"Cardiff", "Harbour", "Swim"}


def test_an_answer_to_a_test_is_counted_for_its_kind(conn: sqlite3.Connection) -> None:
    s = liked_a_sample(conn)
    day = day_of_items()
    liked, dismissed = exploring_in(s.rank_texts(day, T0), day)
    s.learn_text(day[-1], "dismiss", T0 + 60)  # not a test: not counted
    assert "tests" not in s.profile.meta
    s.learn_text(liked, "like", T0 + 120)
    s.learn_text(dismissed, "dismiss", T0 + 180)
    n, hits, expected = s.profile.meta["tests"]["w"]
    assert (n, hits) == (2, 1)
    assert 0.1 < expected < 2 * 0.8  # P(Like) of each: its p times P(Like | wanted), and so on
    assert s.profile.meta["tests_out"] == {}  # both answered
    s.learn_text(liked, "like", T0 + 240)  # the same item again is no new test
    assert s.profile.meta["tests"]["w"][:2] == [2, 1]


def test_a_test_not_answered_within_three_days_is_forgotten(conn: sqlite3.Connection) -> None:
    s = liked_a_sample(conn)
    day = day_of_items()
    first = exploring_in(s.rank_texts(day, T0), day)
    assert len(s.profile.meta["tests_out"]) == 2
    later = day_of_items(1)
    s.rank_texts(later, T0 + exploration.TEST_PENDING_S)
    assert all(exploration.test_key(t.title, t.source) not in s.profile.meta["tests_out"]
               for t in first)
    s.learn_text(first[0], "like", T0 + exploration.TEST_PENDING_S + 60)
    assert "w" not in s.profile.meta.get("tests", {})


def test_the_search_at_the_start_is_not_counted_as_a_test_of_a_kind(
    conn: sqlite3.Connection,
) -> None:
    s = RankingService(conn, settings=UTC)  # no interest, no Like: the search at the start
    day = [ItemText(f"News {i} of {src}", source=src) for i in range(5)
           for src in ("Politics", "Sport", "Arts", "Science")]
    ranked = s.rank_texts(day, T0)
    searched = [day[i] for i, r in enumerate(ranked)
                if r.choice.reason.startswith(exploration.EXPLORING_AT_START)]
    assert searched
    s.learn_text(searched[0], "dismiss", T0 + 60)
    assert s.profile.meta.get("tests", {}) == {}

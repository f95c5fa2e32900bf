"""Explanations in words (``notify.core.ranking.explain``)."""

from __future__ import annotations

from notify.core.ranking.explain import build


def test_a_word_liked_and_blamed_is_one_reason_with_its_net_push() -> None:
    """Regression: the Why panel listed "word 'summary' (in items you dismissed) -2.20" and
    "word 'summary' +0.72" side by side."""
    exp = build([("not:w:summary", -2.2), ("src:LWN", 1.5), ("w:summary", 0.72),
                 ("w:rust", 0.4)], 0.3)
    assert [(r.feature, round(r.contribution, 2)) for r in exp.reasons] == [
        ("src:LWN", 1.5), ("not:w:summary", -1.48), ("w:rust", 0.4)]
    assert exp.reasons[1].text == "word 'summary' (in items you dismissed)"
    liked_more = build([("w:x", 3.0), ("not:w:x", -1.0)], 0.5)
    assert [(r.feature, r.contribution) for r in liked_more.reasons] == [("w:x", 2.0)]


def test_a_stated_interest_is_said_as_the_person_said_it() -> None:
    exp = build([("int:keyword:rust", 8.0)], 0.9)
    assert exp.reasons[0].text == "your interest 'rust'"

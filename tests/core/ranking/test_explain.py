"""Explanations in words (``notify.core.ranking.explain``)."""

from __future__ import annotations

import pytest

from notify.core.bidi import FSI, PDI
from notify.core.ranking.explain import Explanation, Reason, build


def test_a_word_liked_and_blamed_is_one_reason_with_its_net_push() -> None:
    """Regression: the Why panel listed "word 'summary' (in items you dismissed) -2.20" and
    "word 'summary' +0.72" side by side."""
    exp = build([("not:w:summary", -2.2), ("src:LWN", 1.5), ("w:summary", 0.72),
                 ("w:rust", 0.4)], 0.3)
    assert [(r.feature, round(r.contribution, 2)) for r in exp.reasons] == [
        ("src:LWN", 1.5), ("not:w:summary", -1.48), ("w:rust", 0.4)]
    assert exp.reasons[1].text == "word 'summary' (in items you passed over)"
    liked_more = build([("w:x", 3.0), ("not:w:x", -1.0)], 0.5)
    assert [(r.feature, r.contribution) for r in liked_more.reasons] == [("w:x", 2.0)]


def test_a_stated_interest_is_said_as_the_person_said_it() -> None:
    exp = build([("int:keyword:rust", 8.0)], 0.9)
    assert exp.reasons[0].text == "your interest 'rust'"


def said_first(exp: Explanation) -> str:
    """The first reason ``notify explain`` says (its summary, after the score)."""
    return exp.summary().partition(": ")[2].split(", ")[0]


def test_the_reason_said_first_is_the_one_that_moved_the_decision_most() -> None:
    """Regression: the strongest push was said first whichever way it went, so a notified item
    led with the word that pushed it down, and the Why panel's headline said only "you liked 1
    from this source" while a stated interest was listed below it."""
    pushes = [("w:crypto", -3.5), ("int:keyword:rust", 3.0), ("src:LWN", 0.4),
              ("w:wallet", -0.2)]
    notified = build(pushes, 0.6, decision="notify", decision_reason="60% likely to interest "
                     "you", similar={"like": 1})
    assert said_first(notified) == "your interest 'rust' +3.0"
    assert notified.leading is not None and notified.leading.feature == "int:keyword:rust"
    assert notified.summary(1) == ("60% likely to interest you: your interest 'rust' +3.0, "
                                   "you liked 1 from this source")
    # the reasons keep their order (strongest first) for the lines listed under it
    assert [r.feature for r in notified.reasons] == [f for f, _ in pushes]
    in_digest = build(pushes, 0.6, decision="digest", decision_reason="quiet hours: 60% …")
    assert said_first(in_digest) == "your interest 'rust' +3.0"
    # not notified because the score was too low: what pushed it down
    unlikely = build([("int:keyword:rust", 3.0), ("w:crypto", -2.0), ("w:scam", -2.5)], 0.2,
                     decision="silent",
                     decision_reason="not likely enough to interest you: 20% (at least 33% "
                     "needed)")
    assert said_first(unlikely) == "word 'scam' -2.5"
    # not notified for a reason the score did not make (paused, muted, the budget…): what
    # moved the score, the way the reasons add up
    paused = build([("w:crypto", -0.3), ("int:keyword:rust", 3.0)], 0.9, decision="silent",
                   decision_reason="notifications paused")
    assert said_first(paused) == "your interest 'rust' +3.0"
    assert build([("w:crypto", -3.0), ("src:LWN", 1.0)], 0.2).leading == Reason(
        "w:crypto", "word 'crypto'", -3.0)  # not decided yet


def test_nothing_leads_when_nothing_pushed_the_way_it_was_decided() -> None:
    """An item notified to find out what the person likes (exploring) though every reason
    pushed it down: no reason is said to have notified it; the strongest is still said."""
    exploring = build([("w:crypto", -1.0), ("w:tiny", 0.01)], 0.2, decision="notify",
                      decision_reason="exploring: 20% likely to interest you")
    assert exploring.leading is None
    assert exploring.summary() == "20% likely to interest you: word 'crypto' -1.0"


@pytest.mark.parametrize(("feature", "push", "said"), [
    ("int:keyword:rust", 3.0, "you said you're interested in “rust”"),
    ("int:source:LWN", 3.0, "you said you're interested in source “LWN”"),
    ("int:keyword:rust", -1.0, "you passed over items of your interest “rust”"),
    ("int:source:LWN", -1.0, "you passed over items of your interest source “LWN”"),
    ("src:LWN", 1.5, "you liked 3 items from LWN"),
    ("src:LWN", -1.5, "you dismissed 1 item from LWN"),
    ("site:lwn.net", 1.0, "you tend to like items from lwn.net"),
    ("w:crypto", -1.0, "you tend to pass over items mentioning “crypto”"),
    ("ww:open source", 1.0, "you tend to like items mentioning “open source”"),
    ("sw:LWN|kernel", 1.0, "you tend to like items from LWN mentioning “kernel”"),
    ("tag:sport", 1.0, "you tend to like items tagged “sport”"),
    ("auth:Jo Doe", -1.0, "you tend to pass over items by Jo Doe"),
    ("grp:News", 1.0, "you tend to like items in your folder News"),
    ("not:w:crypto", -1.0, "you passed over items mentioning “crypto”"),
])
def test_each_reason_is_said_as_a_person_would(feature: str, push: float, said: str) -> None:
    """What the headline is made of: a feature's push as a person says it, not "+1.5"."""
    reason = build([(feature, push)], 0.5).reasons[0]
    assert reason.words({"like": 3, "dismiss": 1}) == said


def test_a_right_to_left_name_is_isolated_in_a_reason() -> None:
    hebrew, arabic = "חדשות הארץ", "الجزيرة نت"
    exp = build([("src:" + hebrew, 2.0), (f"sw:{arabic}|rust", 1.0)], 0.5)
    assert [r.text for r in exp.reasons] == [f"source {FSI}{hebrew}{PDI}",
                                             f"word 'rust' in {FSI}{arabic}{PDI}"]
    assert build([("src:LWN", 1.0)], 0.5).reasons[0].text == "source LWN"

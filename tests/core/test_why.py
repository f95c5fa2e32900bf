"""What decided an item, in words (``notify.core.why``): the first line of ``notify explain``
and the Why panel's headline."""

from __future__ import annotations

import re

import pytest

from notify.core import policy
from notify.core.bidi import FSI, PDI
from notify.core.ranking.explain import Explanation, build
from notify.core.why import decided, headline

HEBREW, ARABIC = "חדשות הארץ", "الجزيرة نت"
NOW = 1_700_000_000.0
UNLIKELY = "not likely enough to interest you: 12% (at least 33% needed)"


def notified(pushes: list[tuple[str, float]], reason: str = "81% likely to interest you",
             **kw: object) -> Explanation:
    return build(pushes, 0.81, decision="notify", decision_reason=reason, notified_at=NOW,
                 decided_score=0.81, **kw)  # type: ignore[arg-type]


def test_a_notified_item_says_in_words_what_decided_it() -> None:
    """Regression: the headline was "81% likely to interest you: your interest 'rust' +3.0,
    source LWN +1.5, …": weights a person cannot read, the same reasons as the lines under it."""
    exp = notified([("w:crypto", -0.5), ("int:keyword:rust", 3.0), ("src:LWN", 1.5),
                    ("w:kernel", 0.3)], similar={"like": 3})
    said = headline(exp)
    assert said == ("Notified: you said you're interested in “rust” and you liked 3 items from "
                    "LWN (81% likely to interest you)")
    assert not re.search(r"[+-]\d", said)  # no raw weights


@pytest.mark.parametrize(("exp", "said"), [
    (build([("w:crypto", -2.5), ("w:nft", -2.0), ("src:LWN", 0.4)], 0.12, decision="silent",
           decision_reason=UNLIKELY, decided_score=0.12),
     "Kept quiet: likely not for you (12%; it needed 33%), as you tend to pass over items "
     "mentioning “crypto” and “nft”"),
    (build([("src:LWN", -1.0)], 0.12, decision="silent", decision_reason=UNLIKELY,
           decided_score=0.12, similar={"dismiss": 2}),
     "Kept quiet: likely not for you (12%; it needed 33%), as you dismissed 2 items from LWN"),
    (build([], 0.5, decision="silent", decision_reason="over today's budget of 10"),
     "Kept quiet: over today's budget of 10"),
    (build([], 0.5, decision="silent", decision_reason=policy.PAUSED),
     "Kept quiet: notifications paused"),
    (build([], 0.5, backlog=True), "Not notified: " + policy.BACKLOG),
    (build([], 0.5), "Not ranked: it came in without a decision (the ranking of its poll round "
     "did not run or failed; see the log); now 50% likely to interest you"),
    (build([("w:space", 1.0)], 0.22, decision="notify", notified_at=NOW, decided_score=0.22,
           decision_reason="exploring: 22% likely to interest you"),
     "Notified as a try, to learn what you like: 22% likely to interest you"),
    (notified([], "your alert for “rust”; also in: sport"),
     "Notified: your alert for “rust” (81% likely to interest you); also in: sport"),
    (build([("tag:sport", 2.0)], 0.6, decision="digest", decision_reason="quiet hours: 60% "
           "likely to interest you", decided_score=0.6),
     "Held for the digest: you tend to like items tagged “sport” (60% likely to interest you)"),
])
def test_each_decision_says_what_decided_it(exp: Explanation, said: str) -> None:
    assert headline(exp) == said


def test_the_decision_line_says_only_what_the_headline_does_not() -> None:
    """Regression: "Decision: not notified — not likely enough …: 12% (at least 33% needed)"
    repeated the line above it; what is left is when it was shown, or a reason not said."""
    when = "at 12:00".format
    assert decided(notified([("src:LWN", 1.0)]), lambda ts: when()) == "notified at 12:00"
    assert decided(build([("w:x", -2.0)], 0.12, decision="silent", decision_reason=UNLIKELY,
                         decided_score=0.12)) == ""
    assert decided(build([], 0.5, backlog=True)) == ""
    exploring = build([], 0.22, decision="notify", notified_at=NOW, decided_score=0.22,
                      decision_reason="exploring: 22% likely to interest you")
    assert decided(exploring, lambda ts: when()) == "notified at 12:00"


def test_right_to_left_source_names_are_isolated_in_the_sentence() -> None:
    exp = notified([("src:" + HEBREW, 2.0), ("sw:" + ARABIC + "|rust", 1.0)],
                   similar={"like": 1})
    assert headline(exp) == (f"Notified: you liked 1 item from {FSI}{HEBREW}{PDI} and you tend "
                             f"to like items from {FSI}{ARABIC}{PDI} mentioning “rust” (81% "
                             "likely to interest you)")
    muted = build([], 0.9, decision="silent",
                  decision_reason=policy.decide([policy.Candidate(
                      1, "t", source_title=ARABIC, p=0.9, muted=True)],
                      policy.PolicySettings(), now=NOW)[0].reason)
    assert headline(muted) == f"Kept quiet: its source, {FSI}{ARABIC}{PDI}, is muted"

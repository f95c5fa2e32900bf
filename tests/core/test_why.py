"""What decided an item, in words (``notify.core.why``): the first line of ``notify explain``
and the Why panel's headline."""

from __future__ import annotations

import re

import pytest

from notify.core import policy
from notify.core.bidi import FSI, PDI
from notify.core.ranking.explain import Explanation, build
from notify.core.why import decided, headline, tells_change

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
    # over the budget: wanted, and why (it said only "over today's budget of 10")
    (build([("src:LWN", 3.0)], 0.93, decision="silent", decided_score=0.93,
           decision_reason="over today's budget of 10", similar={"like": 4}),
     "Kept quiet: over today's budget of 10 (93% likely to interest you, as you liked 4 items "
     "from LWN)"),
    (build([], 0.5, decision="silent", decision_reason=policy.PAUSED),
     "Kept quiet: notifications paused"),
    (build([], 0.5, backlog=True), "Not notified: " + policy.BACKLOG),
    (build([], 0.5), "Not ranked: it came in without a decision (the ranking of its poll round "
     "did not run or failed; see the log); now 50% likely to interest you"),
    (build([("w:space", 1.0)], 0.22, decision="notify", notified_at=NOW, decided_score=0.22,
           decision_reason="exploring: 22% likely to interest you"),
     "Notified as a try, to learn what you like: 22% likely to interest you"),
    # a test that names what it tests (a source's name may hold ": ")
    (build([("w:space", 1.0)], 0.22, decision="notify", notified_at=NOW, decided_score=0.22,
           decision_reason="exploring whether you care about the word “space”: 22% likely to "
           "interest you"),
     "Notified as a try, to learn whether you care about the word “space”: 22% likely to "
     "interest you"),
    (build([], 0.09, decision="digest", notified_at=NOW, decided_score=0.09,
           decision_reason="quiet hours: exploring whether you care about source “HN: Rust”: "
           "9% likely to interest you"),
     "Shown in the digest as a try, to learn whether you care about source “HN: Rust”: 9% "
     "likely to interest you"),
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


def test_a_decision_made_before_what_was_learned_is_not_given_today_s_reasons() -> None:
    """Regression (s16-profile, finding 1): an item kept quiet at 11% when nothing was known,
    then 6 Likes of its source: "Kept quiet: likely not for you (11%; it needed 33%), as you
    tend to pass over items from huffpost.com" under "it was 11% when decided; 97% now" — a
    reason learnt after the decision, said as its cause, for an item now 97% likely. Now the
    decision keeps its score and today's score comes with what moved it since."""
    exp = build([("src:Sports", 6.7), ("site:huffpost.com", -6.6), ("tag:sports", 5.1)], 0.97,
                decision="silent", decided_score=0.11, similar={"like": 6},
                decision_reason="not likely enough to interest you: 11% (at least 33% needed)")
    assert headline(exp) == (
        "Kept quiet: likely not for you (11% when it came; it needed 33%); now 97% likely to "
        "interest you, as you liked 6 items from Sports and you tend to like items tagged "
        "“sports”")
    assert tells_change(exp)  # so neither the CLI nor the Why panel says it again
    down = build([("src:Politics", -12.8)], 0.07, decision="silent", decided_score=0.11,
                 similar={"dismiss": 5},
                 decision_reason="not likely enough to interest you: 11% (at least 33% needed)")
    assert headline(down) == ("Kept quiet: likely not for you (11% when it came; it needed "
                              "33%); now 7% likely to interest you, as you dismissed 5 items "
                              "from Politics")
    shown = build([("src:LWN", -3.0)], 0.2, decision="notify", notified_at=NOW,
                  decided_score=0.81, decision_reason="81% likely to interest you",
                  similar={"dismiss": 2})
    assert headline(shown) == ("Notified: 81% likely to interest you when it came; now 20%, "
                               "as you dismissed 2 items from LWN")
    # the same score as a person reads it: the reasons are the decision's, as before
    assert not tells_change(notified([("src:LWN", 1.0)]))


def test_an_alert_or_block_made_since_the_decision_is_said() -> None:
    """Regression (s16-profile, finding 2): `notify profile pin keyword:climate`, then `notify
    explain` of a "climate" item kept quiet the round before: "Kept quiet: likely not for you
    …" and nothing of the alert, which would notify it now (``--json`` had it as ``pin``)."""
    quiet = build([("w:climate", 0.1)], 0.11, decision="silent", decided_score=0.11,
                  pin="always: “climate”",
                  decision_reason="not likely enough to interest you: 11% (at least 33% needed)")
    assert headline(quiet) == (
        "Kept quiet: likely not for you (11%; it needed 33%); since then your alert for "
        "“climate” matches it: it would be notified now")
    budget = build([], 0.5, decision="silent", decided_score=0.5, pin="always: “climate”",
                   decision_reason="over today's budget of 10")
    assert headline(budget).endswith("it would be notified now")
    blocked = notified([("src:LWN", 2.0)], pin="never: author “Some Pundit”")
    assert headline(blocked).endswith(
        "; since then you blocked author “Some Pundit”: it would not be notified now")
    # the alert that decided it is not said twice
    alerted = notified([], "your alert for “rust”", pin="always: “rust”")
    assert headline(alerted) == "Notified: your alert for “rust” (81% likely to interest you)"


def test_exploring_and_interests_are_said_once() -> None:
    """Regression (s16-profile, findings 3 and 6): "Notified as a try, to learn what you like
    (finding out what you like): …" and "you said you're interested in “whale” and you said
    you're interested in source “World”"."""
    start = build([], 0.11, decision="notify", notified_at=NOW, decided_score=0.11,
                  decision_reason="exploring (finding out what you like): 11% likely to "
                  "interest you")
    assert headline(start) == ("Notified as a try, to learn what you like: 11% likely to "
                               "interest you")
    changed = build([], 0.11, decision="notify", notified_at=NOW, decided_score=0.11,
                    decision_reason="exploring (your interests seem to have changed): 11% "
                    "likely to interest you")
    assert headline(changed) == ("Notified as a try, to learn what you like (your interests "
                                 "seem to have changed): 11% likely to interest you")
    both = notified([("int:keyword:whale", 8.0), ("int:source:World", 8.0)])
    assert headline(both) == ("Notified: you said you're interested in “whale” and in source "
                              "“World” (81% likely to interest you)")

"""The Why panel: its first line (``why_panel.headline``) says what was decided in the words of
``notify explain`` (``policy.decision_words``), the features listed below it strongest first."""

from __future__ import annotations

import time
from html import escape

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from notify.app.inbox.why_panel import WhyPanel, headline, when_text
from notify.core import policy
from notify.core.ranking.explain import Explanation, build

NOW = time.time()


def explained(decision: str | None, reason: str | None, **kw: object) -> Explanation:
    return Explanation(0.44, (), 0.0, decision=decision, decision_reason=reason,
                       **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("exp", "said"), [
    # shown in the quiet hours' digest: not "held for the digest" any more
    (explained("digest", "quiet hours: 44% likely to interest you", notified_at=NOW,
               decided_score=0.44),
     f"44% likely to interest you. Shown in the digest at {when_text(NOW)} — quiet hours"),
    # notified: the score is said once, not again as the reason (it was "… — 92% likely to
    # interest you" after "92% likely to interest you"); exploring says so, without it
    (explained("notify", "44% likely to interest you", notified_at=NOW, decided_score=0.44),
     f"44% likely to interest you. Notified at {when_text(NOW)}"),
    (explained("notify", "exploring: 44% likely to interest you", notified_at=NOW,
               decided_score=0.44),
     f"44% likely to interest you. Notified at {when_text(NOW)} — exploring"),
    # held during quiet hours, then left out of a full digest
    (explained("silent", "quiet hours: 44% likely to interest you", decided_score=0.44),
     "44% likely to interest you. Not notified — it was held during quiet hours, then left "
     "out of the digest, which shows only the best"),
    # a new source's first items: why they were not notified, as `notify explain` says it
    (explained(None, None, backlog=True),
     "44% likely to interest you. Not notified — " + policy.BACKLOG),
    # learnt since: both scores
    (explained("silent", "not likely enough to interest you: 3% (at least 33% needed)",
               decided_score=0.03),
     "44% likely to interest you. Not notified — not likely enough to interest you: 3% (at "
     "least 33% needed) (it was 3% when decided; 44% now)"),
])
def test_the_decision_in_the_words_of_notify_explain(qtbot: QtBot, exp: Explanation,
                                                     said: str) -> None:
    assert headline(exp) == said


def test_the_headline_is_the_reason_that_moved_the_decision_most(qtbot: QtBot) -> None:
    """Regression: the headline said "you liked 1 from this source" while a stated interest
    that pushed far harder was listed below it; the list keeps its order (strongest first)."""
    exp = build([("w:crypto", -3.5), ("int:keyword:rust", 3.0), ("src:LWN", 0.4)], 0.6,
                decision="notify", decision_reason="60% likely to interest you",
                similar={"like": 1}, notified_at=NOW, decided_score=0.6)
    assert headline(exp) == ("60% likely to interest you: your interest 'rust' +3.0, you "
                             f"liked 1 from this source. Notified at {when_text(NOW)}")
    panel = WhyPanel()
    qtbot.addWidget(panel)
    panel.show_explanation(exp, 1, "LWN")
    texts = [label.text() for label in panel.findChildren(QLabel)]
    assert texts[0] == f"<b>Why</b>: {escape(headline(exp))}"
    listed = [t for t in texts[1:] if t.endswith(")")]
    assert [t.rpartition("  (")[2] for t in listed] == ["-3.50)", "+3.00)", "+0.40)"]

"""The Why panel's first line (``pane.headline``) says what was decided in the words of
``notify explain`` (``policy.decision_words``)."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from notify.app.inbox.pane import headline, when_text
from notify.core import policy
from notify.core.ranking.explain import Explanation

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

"""The "Why" line of a notification: the strongest reasons in words, not a percentage.

The engine plans a notification with a one-line ``why`` that, for an item the ranking simply
found likely, is only its score ("59% likely to interest you"). The reasons behind that score
are in the ranking's explanation of the lead item (``Engine.explain``, what the inbox's Why
panel shows); the notifier asks for it on the engine thread (``Notifier.explain_with``) and
words the strongest one or two here, as the Why panel does ("you said you're interested in
“rust”").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from notify.app.profile_words import feature_text, interest_of
from notify.core.ranking.exploration import EXPLORING
from notify.core.ranking.learner import VETO

# A learned feature counts as a reason from this push on (log-odds: about 1.6 times the odds).
MIN_CONTRIBUTION = 0.5
MAX_REASONS = 2


def tr(text: str) -> str:
    return QCoreApplication.translate("NotificationWhy", text)


def reasons(explanation: Any, limit: int = MAX_REASONS) -> list[str]:
    """The strongest reasons that pushed the item up, in words, strongest first: a stated
    interest as the person said it, a learned feature as what Notify believes they like, and
    the Likes given to the same source."""
    found: list[tuple[float, str]] = []
    for reason in getattr(explanation, "reasons", ()) or ():
        feature = str(getattr(reason, "feature", ""))
        weight = float(getattr(reason, "contribution", 0.0) or 0.0)
        if weight < MIN_CONTRIBUTION or feature.startswith(VETO):
            continue
        text = feature_text(feature, str(getattr(reason, "text", "")))
        if interest_of(feature) is None:
            text = tr("you seem to like {0}").format(text)
        found.append((weight, text))
    found.sort(key=lambda wt: -wt[0])
    out = [text for _, text in found[:limit]]
    likes = int((getattr(explanation, "similar", None) or {}).get("like", 0) or 0)
    if likes and len(out) < limit:
        out.append(tr("you liked {0} from this source").format(
            tr("1 item") if likes == 1 else tr("{0} items").format(likes)))
    return out


def why_line(planned_why: str, explanation: Any) -> str:
    """What the notification says after "Why:". An alert the person set is the reason itself,
    and so is a notification that tests what they like (exploring); otherwise the strongest
    reasons, or the engine's own line when nothing was learned that pushed the item up."""
    if str(getattr(explanation, "pin", "") or "").startswith("always"):
        return planned_why
    words = reasons(explanation)
    if not words:
        return planned_why
    line = "; ".join(words)
    if planned_why.startswith(EXPLORING):
        # "exploring (finding out what you like): 12% likely…": keep why it was tested
        line = planned_why.partition(":")[0] + "; " + line
    return line

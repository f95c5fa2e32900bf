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

from notify.app.profile_words import feature_text, interest_of, term_text
from notify.core.ranking.exploration import EXPLORING, TESTING
from notify.core.ranking.learner import VETO
from notify.core.why import without_score

# A learned feature counts as a reason from this push on (log-odds: about 1.6 times the odds).
MIN_CONTRIBUTION = 0.5
MAX_REASONS = 2
MAX_INTERESTS = 3  # stated interests named in one reason


def tr(text: str) -> str:
    return QCoreApplication.translate("NotificationWhy", text)


def reasons(explanation: Any, limit: int = MAX_REASONS) -> list[str]:
    """The strongest reasons that pushed the item up, in words, strongest first: the stated
    interests it matches as the person said them (one reason, "you said you're interested in
    “rust” and “linux”", not the same words twice), a learned feature as what Notify believes
    they like, and the Likes given to the same source."""
    found: list[tuple[float, str]] = []
    interests: list[tuple[float, str]] = []  # (weight, “term”) of each stated interest
    for reason in getattr(explanation, "reasons", ()) or ():
        feature = str(getattr(reason, "feature", ""))
        weight = float(getattr(reason, "contribution", 0.0) or 0.0)
        if weight < MIN_CONTRIBUTION or feature.startswith(VETO):
            continue
        interest = interest_of(feature)
        if interest is not None:
            interests.append((weight, term_text(interest)))
            continue
        found.append((weight, tr("you seem to like {0}").format(
            feature_text(feature, str(getattr(reason, "text", ""))))))
    if interests:
        interests.sort(key=lambda wt: -wt[0])
        terms = list(dict.fromkeys(term for _, term in interests))[:MAX_INTERESTS]
        found.append((interests[0][0], tr("you said you're interested in {0}").format(
            listed(terms))))
    found.sort(key=lambda wt: -wt[0])
    out = [text for _, text in found[:limit]]
    likes = int((getattr(explanation, "similar", None) or {}).get("like", 0) or 0)
    if likes and len(out) < limit:
        out.append(tr("you liked {0} from this source").format(
            tr("1 item") if likes == 1 else tr("{0} items").format(likes)))
    return out


def listed(terms: list[str]) -> str:
    """“a”; “a” and “b”; “a”, “b” and “c”."""
    if len(terms) < 2:
        return "".join(terms)
    return tr("{0} and {1}").format(", ".join(terms[:-1]), terms[-1])


def why_line(planned_why: str, explanation: Any) -> str:
    """What the notification says after "Why:". An alert the person set is the reason itself,
    and so is a test of what they like (exploring) that names what it tests ("exploring
    whether you care about the word “rugby”"); otherwise the strongest reasons (after why an
    item was explored when it was: "exploring (finding out what you like); …"), or the
    engine's own line when nothing was learned that pushed the item up."""
    if str(getattr(explanation, "pin", "") or "").startswith("always"):
        return planned_why
    if planned_why.startswith(TESTING):
        return without_score(planned_why)
    words = reasons(explanation)
    if not words:
        return planned_why
    line = "; ".join(words)
    if planned_why.startswith(EXPLORING):
        # "exploring (finding out what you like): 12% likely…": keep why it was tested
        line = without_score(planned_why) + "; " + line
    return line

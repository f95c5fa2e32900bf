"""What decided an item, in words: the headline of ``notify explain`` and of the inbox's Why panel.

"Notified: you liked 3 items from LWN and you said you're interested in “rust” (81% likely to
interest you)", "Kept quiet: likely not for you (12%; it needed 33%), as you tend to pass over
items mentioning “crypto”", "Kept quiet: its source, LWN, is muted". It says the outcome first,
then what made it so, in the words of the reasons (``explain.Reason.words``: at most
``SAID_REASONS`` of them, the strongest the way the decision went), with the likelihood after
them; the numbers themselves (each feature's push) are listed below it by its callers. Built
once here for the CLI and the app; names in it are isolated when right-to-left (``bidi``).
"""

from __future__ import annotations

from collections.abc import Callable

from notify.core import policy
from notify.core.models import Decision
from notify.core.ranking.explain import (
    LIKELY,
    SAID,
    UNLIKELY,
    Explanation,
    likely,
    percent,
    said_together,
)
from notify.core.ranking.exploration import EXPLORING

SAID_REASONS = 2  # reasons the headline names: the strongest; the rest are listed below it


def headline(exp: Explanation) -> str:
    """What was decided for the item and what decided it, in one sentence."""
    decision, reason = exp.decision, exp.decision_reason or ""
    if decision is None:
        if exp.backlog:
            return "Not notified: " + policy.BACKLOG
        return ("Not ranked: " + policy.decision_words(
            None, None, notified_at=None, backlog=False).removeprefix("not ranked — ")
            + f"; now {likely(exp.probability)}")
    if decision == Decision.SILENT:
        if reason.startswith(UNLIKELY):
            return _unlikely(exp)
        if reason.startswith(policy.QUIET):  # held, then left out of a full digest
            return ("Kept quiet: it was held during quiet hours, then left out of the digest, "
                    "which shows only the best")
        return "Kept quiet: " + (reason or "the ranking left it out")
    return _shown(exp, decision, reason)


def _label(exp: Explanation, decision: str) -> str:
    if decision == Decision.DIGEST:
        return "Shown in the digest" if exp.notified_at is not None else "Held for the digest"
    return "Notified" if exp.notified_at is not None else "To be notified"


def _shown(exp: Explanation, decision: str, reason: str) -> str:
    """Notified, or held for (or shown in) the digest: an alert, a try, or the reasons."""
    label = _label(exp, decision)
    scored = exp.decided_score if exp.decided_score is not None else exp.probability
    why, also, others = reason.removeprefix(policy.QUIET).partition(policy.ALSO_IN)
    also = also + others  # "; also in: sport", or ""
    chance = likely(scored)
    if why.startswith(("your alert", "the same story")):  # an alert; another item's bubble
        return f"{label}: {why} ({chance}){also}"
    if why.startswith(EXPLORING):
        said = why.split(":", 1)[0].removeprefix(EXPLORING).strip(" ()")
        return (f"{label} as a try, to learn what you like{f' ({said})' if said else ''}: "
                f"{chance}{also}")
    said = _said(exp, 1)
    return f"{label}: " + (f"{said} ({chance})" if said else chance) + also


def _unlikely(exp: Explanation) -> str:
    scored = exp.decided_score if exp.decided_score is not None else exp.probability
    needed = (exp.decision_reason or "").rpartition("at least ")[2].removesuffix(" needed)")
    chance = percent(scored) + (f"; it needed {needed}" if needed.endswith("%") else "")
    said = _said(exp, -1)
    return f"Kept quiet: likely not for you ({chance})" + (f", as {said}" if said else "")


def _said(exp: Explanation, way: int) -> str:
    """The strongest reasons pushing ``way`` (+1 up, -1 down), in words, joined with "and"."""
    pushed = sorted((r for r in exp.reasons if r.contribution * way >= SAID),
                    key=lambda r: -r.contribution * way)[:SAID_REASONS]
    return said_together(pushed, exp.similar)


def decided(exp: Explanation, when: Callable[[float], str] | None = None) -> str:
    """What the headline leaves to a second line: the recorded decision in the words of
    ``policy.decision_words`` ("notified 5 min ago — the same story as …") without what the
    headline says already ("" when that is all of it: a decision that only repeats the reason,
    or a bare "not notified")."""
    said = policy.decision_words(exp.decision, exp.decision_reason, notified_at=exp.notified_at,
                                 backlog=exp.backlog, when=when, score=exp.decided_score)
    label, _, reason = said.partition(" — ")
    shown = headline(exp)
    if reason and (reason.startswith(UNLIKELY) or all(
            part in shown or part.endswith(LIKELY)
            or part.startswith((EXPLORING, policy.QUIET.rstrip(": ")))  # said by the label
            for part in reason.removeprefix(policy.QUIET).split("; "))):
        said = label
    return "" if said in _BARE else said


# decisions that say nothing the headline did not ("Kept quiet: …", "Held for the digest: …")
_BARE = ("not notified", "to be notified", "held for the digest", "")

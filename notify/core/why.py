"""What decided an item, in words: the headline of ``notify explain`` and of the inbox's Why panel.

"Notified: you liked 3 items from LWN and you said you're interested in “rust” (81% likely to
interest you)", "Kept quiet: likely not for you (12%; it needed 33%), as you tend to pass over
items mentioning “crypto”", "Kept quiet: its source, LWN, is muted". It says the outcome first,
then what made it so, in the words of the reasons (``explain.Reason.words``: at most
``SAID_REASONS`` of them, the strongest the way the decision went), with the likelihood after
them; the numbers themselves (each feature's push) are listed below it by its callers. Built
once here for the CLI and the app; names in it are isolated when right-to-left (``bidi``).

The reasons are today's profile's. When what was learned since the decision changed the item's
score (``rescored``), they are not said as the decision's: the decision keeps the score it had
("11% when it came") and today's score follows with what moved it ("; now 97% likely to
interest you, as you liked 6 items from LWN"): "kept quiet, as you tend to pass over …" of a
reason learnt afterwards, for an item now 97% likely, was false twice. An alert or block made
since the decision that would decide it now is said too ("; since then your alert for “rust”
matches it: it would be notified now").
"""

from __future__ import annotations

from collections.abc import Callable

from notify.core import policy
from notify.core.models import OVER_BUDGET, Decision
from notify.core.ranking.explain import (
    LIKELY,
    SAID,
    UNLIKELY,
    Explanation,
    likely,
    percent,
    said_together,
)
from notify.core.ranking.exploration import EXPLORING, EXPLORING_AT_START, TESTING

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
        if reason.startswith(OVER_BUDGET):  # wanted, but the day's notifications were used up
            return f"Kept quiet: {reason} ({_chance(exp, 1)}){_pinned_since(exp)}"
        return "Kept quiet: " + (reason or "the ranking left it out")
    return _shown(exp, decision, reason)


def rescored(exp: Explanation) -> bool:
    """Has what was learned since the decision changed the item's score as a person reads it
    ("11%" then, "97%" now)? Its reasons are then today's, not the decision's."""
    return (exp.decision is not None and exp.decided_score is not None
            and percent(exp.decided_score) != percent(exp.probability))


def tells_change(exp: Explanation) -> bool:
    """Does the headline say the score then and now itself (so that its callers do not add
    "it was 11% when decided; 97% now" under it)?"""
    return rescored(exp) and " when it came" in headline(exp)


def _chance(exp: Explanation, way: int) -> str:
    """The score and its strongest reasons pushing ``way``: "93% likely to interest you, as you
    liked 6 items from LWN"; rescored, the score then and what moved it since ("11% likely to
    interest you when it came; now 97%, as …")."""
    if rescored(exp):
        return f"{likely(exp.decided_score or 0.0)} when it came{_now(exp, short=True)}"
    said = _said(exp, way)
    return likely(exp.probability) + (f", as {said}" if said else "")


def _now(exp: Explanation, *, short: bool = False) -> str:
    """"; now 97% likely to interest you, as you liked 6 items from LWN": today's score and the
    strongest reasons pushing the way it moved since the decision ("" when it did not move as a
    person reads it)."""
    if not rescored(exp):
        return ""
    way = 1 if exp.probability > (exp.decided_score or 0.0) else -1
    said = _said(exp, way)
    now = percent(exp.probability) if short else likely(exp.probability)
    return f"; now {now}" + (f", as {said}" if said else "")


def _pinned_since(exp: Explanation) -> str:
    """An alert or block made after the decision that would decide the item now: "; since then
    your alert for “rust” matches it: it would be notified now" (called only where the decision
    could not have been the pin's: kept quiet as unlikely or over the budget, which an alert
    passes; notified, which a block stops)."""
    mode, _, term = exp.pin.partition(": ")
    if mode == "always" and exp.decision == Decision.SILENT:
        return f"; since then your alert for {term} matches it: it would be notified now"
    if mode == "never" and exp.decision in (Decision.NOTIFY, Decision.DIGEST):
        return f"; since then you blocked {term}: it would not be notified now"
    return ""


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
    since = _pinned_since(exp)
    if why.startswith(("your alert", "the same story")):  # an alert; another item's bubble
        return f"{label}: {why} ({chance}){also}{since}"
    if rescored(exp):  # today's reasons are not the decision's: said after today's score
        chance = f"{chance} when it came{_now(exp, short=True)}"
    if why.startswith(TESTING):  # "… as a try, to learn whether you care about the word “x”"
        tested = without_score(why).removeprefix(EXPLORING).strip()
        return f"{label} as a try, to learn {tested}: {chance}{also}{since}"
    if why.startswith(EXPLORING):
        said = without_score(why).removeprefix(EXPLORING).strip(" ()")
        # "to learn what you like (finding out what you like)" said it twice
        said = "" if why.startswith(EXPLORING_AT_START) else said
        return (f"{label} as a try, to learn what you like{f' ({said})' if said else ''}: "
                f"{chance}{also}{since}")
    said = "" if rescored(exp) else _said(exp, 1)
    return f"{label}: " + (f"{said} ({chance})" if said else chance) + also + since


def without_score(why: str) -> str:
    """A reason without its score: "exploring …: 12% likely to interest you" -> "exploring …"
    (what comes before the last ": ", as a source's name, which a test names, may hold
    one)."""
    head, sep, _ = why.rpartition(": ")
    return head if sep else why


def _unlikely(exp: Explanation) -> str:
    scored = exp.decided_score if exp.decided_score is not None else exp.probability
    needed = (exp.decision_reason or "").rpartition("at least ")[2].removesuffix(" needed)")
    then = " when it came" if rescored(exp) else ""
    chance = percent(scored) + then + (f"; it needed {needed}" if needed.endswith("%") else "")
    said = "" if then else _said(exp, -1)
    return (f"Kept quiet: likely not for you ({chance})" + (f", as {said}" if said else "")
            + _now(exp) + _pinned_since(exp))


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

"""Why an item was (not) notified, in words: the features that pushed it up or down.

"source Hacker News +5.2, word 'rust' +2.8, you dismissed 3 from this source". A contribution is
on the log-odds scale: how far what is known of that feature moves this item's log-odds from
where they would be were the feature still unknown (+2.3 multiplies the odds by 10; a word they
cannot stand pushes down; a feature believed unlikely takes away only its own prior's share;
``learner.Learner.contributions``). The group-testing learner has
no bias, so ``baseline`` is 0; it stays in ``Explanation`` for its callers.

The reason said first (``Explanation.leading``) is the one that moved the decision most: the
largest push in the decision's direction, not merely the largest push (that can be one the
decision went against). ``words`` says a reason as a person would ("you liked 3 items from LWN",
"you tend to pass over items mentioning “crypto”"): the headline of ``notify explain`` and of
the inbox's Why panel (``notify.core.why``) is made of them. A name or word inside these texts
is isolated when it is right-to-left (``bidi.isolate``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from notify.core.bidi import isolate
from notify.core.models import Decision
from notify.core.ranking.features import describe
from notify.core.ranking.learner import VETO

SAID = 0.05  # a push smaller than this is not said as a reason (it rounds to +0.0)
# The start of the reason of an item not notified because its score was too low
# (``policy.decide``): the one "not notified" the features decided.
UNLIKELY = "not likely enough to interest you"


INTERESTED = "you said you're interested"  # the start of a stated interest's reason


def percent(p: float) -> str:
    """A probability as a person reads it: "12%"; "<1%" and ">99%" rather than a certain-
    sounding "0%" or "100%" for what is only very unlikely or very likely."""
    if 0.0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1.0:
        return ">99%"
    return f"{p:.0%}"


LIKELY = "likely to interest you"


def likely(p: float) -> str:
    """How explanations, decisions and listings say a score: "12% likely to interest you"."""
    return f"{percent(p)} {LIKELY}"


# How the contributions are said where they are shown as numbers (``notify explain``'s rows,
# the Why panel's tooltips).
UNIT = "log-odds: +2.3 multiplies the odds by 10, −2.3 divides them by 10"


@dataclass(frozen=True)
class Reason:
    feature: str
    text: str
    contribution: float

    def words(self, similar: Mapping[str, int] | None = None) -> str:
        """This reason as a person would say it, the way it pushes: "you said you're interested
        in “rust”", "you tend to like items from LWN", "you tend to pass over items mentioning
        “crypto”"; for the item's own source with reactions to its items (``similar``), "you
        liked 3 items from LWN" / "you dismissed 2 items from LWN"."""
        lead, said = phrase(self.feature, self.contribution, similar)
        return f"{lead} {said}" if lead else said


@dataclass(frozen=True)
class Explanation:
    probability: float
    reasons: tuple[Reason, ...]
    baseline: float  # the bias' contribution
    pin: str = ""  # "always: keyword 'rust'" when a pin decided
    decision: str | None = None
    decision_reason: str | None = None
    similar: Mapping[str, int] | None = None  # reactions to items of the same source
    notified_at: float | None = None  # when it was shown (a notification or the digest)
    backlog: bool = False  # one of a newly added source's first items (never notified)
    decided_score: float | None = None  # the score when it was decided

    @property
    def features(self) -> list[tuple[str, float]]:
        """(feature, contribution) pairs, strongest first (the eval's ``explain`` shape)."""
        return [(r.feature, round(r.contribution, 4)) for r in self.reasons]

    @property
    def direction(self) -> int:
        """Which way the decision went: +1 for an item notified or shown in the digest, -1 for
        one not notified because its score was too low; otherwise (no decision yet, or one its
        score did not make: paused, muted, over the budget, the same story) the way the
        reasons push the score together (+1 when they add up to at least 0)."""
        if self.decision in (Decision.NOTIFY, Decision.DIGEST):
            return 1
        if self.decision == Decision.SILENT and (self.decision_reason or "").startswith(
                UNLIKELY):
            return -1
        return 1 if sum(r.contribution for r in self.reasons) >= 0 else -1

    @property
    def leading(self) -> Reason | None:
        """The reason that moved the decision most: the largest push in ``direction`` (None
        when no reason of at least ``SAID`` pushed that way)."""
        way = self.direction
        pushed = [r for r in self.reasons if r.contribution * way >= SAID]
        return max(pushed, key=lambda r: r.contribution * way, default=None)

    def summary(self, limit: int = 5) -> str:
        """The score and its reasons in one line: a pin that decided, the ``leading`` reason,
        then the other strongest ones (``limit`` reasons in all) and the reactions to the same
        source ("you liked 2 from this source")."""
        lead = self.leading
        ordered = ([lead] if lead is not None else []) + [r for r in self.reasons
                                                          if r is not lead]
        parts = [f"{r.text} {r.contribution:+.1f}" for r in ordered[:limit]
                 if abs(r.contribution) >= SAID]
        if self.pin:
            parts.insert(0, f"your pin ({self.pin})")
        sim = self.similar or {}
        for label, verb in (("like", "liked"), ("dismiss", "dismissed")):
            if sim.get(label):
                parts.append(f"you {verb} {sim[label]} from this source")
        head = likely(self.probability)
        return head + (": " + ", ".join(parts) if parts else "")


def _items(n: int) -> str:
    return f"{n} item" if n == 1 else f"{n} items"


def _subject(kind: str, rest: str) -> tuple[str, str] | None:
    """What a learned feature is about, as the object of "you tend to like …": the kind's words
    ("items mentioning") and the value ("“rust”")."""
    if kind == "sw":
        src, _, word = rest.rpartition("|")
        return f"items from {isolate(src)} mentioning", f"“{isolate(word)}”"
    kinds = {"src": ("items from", "{0}"), "site": ("items from", "{0}"),
             "grp": ("items in your folder", "{0}"), "auth": ("items by", "{0}"),
             "tag": ("items tagged", "“{0}”"), "w": ("items mentioning", "“{0}”"),
             "ww": ("items mentioning", "“{0}”")}
    if kind not in kinds:
        return None
    lead, value = kinds[kind]
    return lead, value.format(isolate(rest))


def phrase(feature: str, contribution: float,
           similar: Mapping[str, int] | None = None) -> tuple[str, str]:
    """A feature's push in words (``Reason.words``), as its lead and its value ("you tend to
    like items mentioning", "“rust”"), so that reasons with the same lead can be said together
    ("… mentioning “rust” and “linux”"); the lead is "" when the words are all one."""
    kind, _, rest = feature.partition(":")
    if kind == "int":
        what, _, value = rest.partition(":")
        # an interest whose reactions outweigh it (its items passed over, or only those of
        # some sources liked) pushes down: it is not said as the reason the person is interested
        lead = INTERESTED + " in" if contribution >= 0 else "you passed over items of your interest"
        if not value:
            return lead, isolate(what)
        return (lead if what == "keyword" else f"{lead} {what}"), f"“{isolate(value)}”"
    if kind == "pin":
        return "your pin", isolate(describe(feature).removeprefix("your pin "))
    if feature.startswith(VETO):  # learned from Dismisses and from notifications let expire
        subject = _subject(*feature[len(VETO):].partition(":")[::2])
        return (f"you passed over {subject[0]}", subject[1]) if subject else ("", _name(feature))
    sim = similar or {}
    if kind == "src":
        if contribution > 0 and sim.get("like"):
            return f"you liked {_items(sim['like'])} from", isolate(rest)
        if contribution < 0 and sim.get("dismiss"):
            return f"you dismissed {_items(sim['dismiss'])} from", isolate(rest)
    subject = _subject(kind, rest)
    if subject is None:
        return "", _name(feature)
    return f"you tend to {'like' if contribution >= 0 else 'pass over'} {subject[0]}", subject[1]


def said_together(reasons: Sequence[Reason], similar: Mapping[str, int] | None = None) -> str:
    """Reasons in words, one sentence: those with the same lead said once ("you tend to pass
    over items mentioning “crypto” and “nft”"), the others joined with "and"."""
    groups: dict[str, list[str]] = {}
    for r in reasons:
        lead, value = phrase(r.feature, r.contribution, similar)
        values = groups.setdefault(lead or value, [])
        if lead and value not in values:
            values.append(value)
    said: list[str] = []
    before = ""
    for lead, values in groups.items():
        text = f"{lead} {_and(values)}" if values else lead
        if lead.startswith(INTERESTED) and before.startswith(INTERESTED):
            # "… interested in “whale” and in source “World”", not "… and you said you're
            # interested in source “World”"
            text = text.removeprefix(INTERESTED).lstrip()
        said.append(text)
        before = lead
    return " and ".join(said)


def _and(values: Sequence[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} and {values[-1]}"


def _name(feature: str) -> str:
    """``features.describe`` with the value isolated when it is right-to-left: "source ⁨X⁩"."""
    if feature.startswith(VETO):
        return _name(feature[len(VETO):]) + " (in items you passed over)"
    kind, _, rest = feature.partition(":")
    if kind == "sw":
        src, _, word = rest.rpartition("|")
        return describe(f"sw:{isolate(src)}|{isolate(word)}")
    if kind in ("int", "pin"):
        what, sep, value = rest.partition(":")
        return describe(f"{kind}:{what}{sep}{isolate(value)}" if sep else feature)
    return describe(f"{kind}:{isolate(rest)}") if rest else describe(feature)


def _net(contributions: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A word both liked and blamed by Dismisses (``w:x`` and ``not:w:x``) is one reason, its
    net push: "word 'x' +0.7" beside "word 'x' (in items you passed over) -2.2" read as a
    contradiction. Kept under the stronger side's name."""
    push = dict(contributions)
    out: list[tuple[str, float]] = []
    for name, c in contributions:
        if name.startswith(VETO) and name[len(VETO):] in push:
            continue  # folded into the word's line
        other = push.get(VETO + name)
        if other is not None:
            net = c + other
            out.append((name if net >= 0 else VETO + name, net))
        else:
            out.append((name, c))
    return out


def build(
    contributions: list[tuple[str, float]],
    probability: float,
    *,
    pin: str = "",
    decision: str | None = None,
    decision_reason: str | None = None,
    similar: Mapping[str, int] | None = None,
    notified_at: float | None = None,
    backlog: bool = False,
    decided_score: float | None = None,
    limit: int = 12,
) -> Explanation:
    baseline = sum(c for n, c in contributions if n == "bias")
    reasons = tuple(sorted(
        (Reason(n, _name(n), c) for n, c in _net(contributions) if n != "bias"),
        key=lambda r: -abs(r.contribution)))[:limit]
    return Explanation(probability, reasons, baseline, pin, decision, decision_reason, similar,
                       notified_at, backlog, decided_score)

"""Why an item was (not) notified, in words: the features that pushed it up or down.

"source Hacker News +5.2, word 'rust' +2.8, you dismissed 3 from this source". A contribution is
on the log-odds scale: how much more (or less) the person is believed to care about that
feature than about an unknown one of its kind (+2.3 multiplies the odds by 10; a word they
cannot stand pushes down; ``learner.Learner.contributions``). The group-testing learner has
no bias, so ``baseline`` is 0; it stays in ``Explanation`` for its callers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from notify.core.ranking.features import describe


@dataclass(frozen=True)
class Reason:
    feature: str
    text: str
    contribution: float


@dataclass(frozen=True)
class Explanation:
    probability: float
    reasons: tuple[Reason, ...]
    baseline: float  # the bias' contribution
    pin: str = ""  # "always: keyword 'rust'" when a pin decided
    decision: str | None = None
    decision_reason: str | None = None
    similar: Mapping[str, int] | None = None  # reactions to items of the same source

    @property
    def features(self) -> list[tuple[str, float]]:
        """(feature, contribution) pairs, strongest first (the eval's ``explain`` shape)."""
        return [(r.feature, round(r.contribution, 4)) for r in self.reasons]

    def summary(self, limit: int = 5) -> str:
        parts = [f"{r.text} {r.contribution:+.1f}" for r in self.reasons[:limit]
                 if abs(r.contribution) >= 0.05]
        if self.pin:
            parts.insert(0, f"your pin ({self.pin})")
        sim = self.similar or {}
        for label, verb in (("like", "liked"), ("dismiss", "dismissed")):
            if sim.get(label):
                parts.append(f"you {verb} {sim[label]} from this source")
        head = f"{self.probability:.0%} likely to interest you"
        return head + (": " + ", ".join(parts) if parts else "")


def build(
    contributions: list[tuple[str, float]],
    probability: float,
    *,
    pin: str = "",
    decision: str | None = None,
    decision_reason: str | None = None,
    similar: Mapping[str, int] | None = None,
    limit: int = 12,
) -> Explanation:
    baseline = sum(c for n, c in contributions if n == "bias")
    reasons = tuple(
        Reason(n, describe(n), c) for n, c in contributions if n != "bias"
    )[:limit]
    return Explanation(probability, reasons, baseline, pin, decision, decision_reason, similar)

"""What ``profile.Profile.top`` lists: each learned row (``FeatureView``) in the group that says
what it does to items (``Learned``), and a vetoed word's push (``veto_push``); what one "less of
this" did to a feature (``Lowered``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from notify.core.ranking.learner import MAX_BELIEF, sigmoid

# Where ``top`` lists a learned row, by what it does to items (docs/ranking.md, "The profile
# belongs to the user"): it pushes them up; it pushes them down (a word the person cannot
# stand: a veto multiplies the chance of every item with it by less than one); or the
# reactions ruled it out as a reason without pushing anything down. The learner is a noisy-OR
# of liked things: a source, site, author, tag or word (or a stated interest) with evidence
# against it only stops being a reason to notify, giving up its own small prior; an item with
# it is wanted as much as whatever else it has makes it (``Learner.contributions``).
MORE_OF = "more_of"
LESS_OF = "less_of"
NOT_A_REASON = "not_a_reason"


@dataclass(frozen=True)
class FeatureView:
    """One learned row as ``top`` lists it. ``weight``: the evidence learned for (+) or
    against (−) it (a veto's is negated: against items with the word; a stated interest's
    includes the interest's own push). ``group``: ``MORE_OF``, ``LESS_OF`` or
    ``NOT_A_REASON``. ``push`` (``LESS_OF`` only, else None): how far it lowers the chance of
    every item with it, as a natural log: −0.69 halves it, −2.3 divides it by ten."""

    name: str
    text: str
    weight: float
    certainty: float
    pinned: bool = False
    group: str = MORE_OF
    push: float | None = None

    @property
    def shown(self) -> float:
        """The number the lists show: the push under Less of, the weight elsewhere."""
        return self.weight if self.push is None else self.push


@dataclass(frozen=True)
class Learned:
    """What ``Profile.top`` lists: the strongest rows of each group, strongest first."""

    more_of: list[FeatureView]
    less_of: list[FeatureView]
    not_a_reason: list[FeatureView]


def veto_push(prior: float, evidence: float) -> float:
    """How far a vetoed word with ``evidence`` lowers the chance of every item with it, as a
    natural log: P(wanted) is multiplied by (1 − r) / (1 − r₀), r the belief that the person
    cannot stand it (kept under ``MAX_BELIEF``, as ``Learner.assess`` keeps it) and r₀ its
    ``prior``'s (log-odds). For an item unlikely anyway this is its push as
    ``Learner.contributions`` measures it; for a likely one that push is larger (its log-odds
    fall further)."""
    r = min(sigmoid(prior + evidence), MAX_BELIEF)
    return math.log((1.0 - r) / (1.0 - sigmoid(prior)))


@dataclass(frozen=True)
class Lowered:
    """What one "less of this" (``Profile.less_of``) did to a feature, as beliefs that the
    person cares about it: ``before`` and ``after`` the click, and ``unknown``, its kind's prior
    (a feature nothing was learned about). Each is what the feature alone makes an item: how
    likely an item with nothing else for it is to be wanted."""

    before: float
    after: float
    unknown: float

    @property
    def was_reason(self) -> bool:
        """Whether the feature was a reason to notify at all: more likely than an unknown one.
        If not, "less of" changed nothing (in a noisy-OR a liked-side feature never pushes
        items down; a block does)."""
        return self.before > self.unknown

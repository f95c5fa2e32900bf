"""What ``profile.Profile.top`` lists (``grouped``): each learned row (``FeatureView``) in the
group that says what it does to items (``Learned``), and a vetoed word's push (``veto_push``);
what one "less of this" did to a feature (``Lowered``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from notify.core.ranking.features import describe
from notify.core.ranking.learner import MAX_BELIEF, VETO, Learner, capped_belief, logit, sigmoid

# A vetoed word is shown as one the person cannot stand once that is likelier than not; below,
# (one Dismiss blames every word of the item a little) it is no dislike to show.
FIRM_VETO = 0.5

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
    r = capped_belief(prior + evidence)
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


def grouped(learner: Learner, pinned: set[str], n: int = 20, now: float = 0.0) -> Learned:
    """The ``n`` strongest rows of each group (``MORE_OF``, ``LESS_OF``, ``NOT_A_REASON``).

    Less of holds the vetoed words, and only when it is likelier than not that the person
    cannot stand the word (``FIRM_VETO``): one Dismiss is no such belief; each is shown
    with its push, how far it lowers the chance of every item with it. Every other row
    with evidence against it (a source, site, author, tag, word, word within a source)
    is Not a reason on its own: it pushes no item down (see ``MORE_OF``), and its weight
    is the evidence that the person does not want items for it alone. A stated interest's
    row holds what the reactions taught about it; it is shown with the interest's own
    push, as ``explain`` says it (one Dismiss of an item of interest “climate” is not
    "less of climate"); one the reactions outweigh is no longer a reason on its own.
    A More of weight is the evidence that counts: no more than takes the belief to
    ``MAX_BELIEF`` (a source liked fifty times, nothing else in its items to credit,
    showed +254.8, though past +11.1 nothing changes; ranked by it, it stood above
    sources exactly as strong)."""
    veto_prior = logit(learner.config.p_veto)
    most = logit(MAX_BELIEF)
    room: dict[str, float] = {}  # feature family ("src:") -> the evidence that makes it sure
    firm = logit(FIRM_VETO) - veto_prior  # the evidence that makes it so
    views = []
    for name, row in learner.w.table.items():
        evidence, count = learner.w.get(name, now or row[2])
        push = None
        if name.startswith(VETO):  # a word the person cannot stand pushes items down;
            if evidence <= firm:   # a hint of it is not shown as a dislike
                continue
            push = veto_push(veto_prior, evidence)
            evidence = -evidence
        elif name.startswith("int:"):  # its prior is its own (what a change left of it)
            evidence = min(evidence, most - (learner.prior(name) or 0.0))
            evidence += learner.interest_push(name)
        elif evidence > 0:  # past a sure belief more counts for nothing
            family = name[:name.find(":") + 1]  # one prior a family, not one a row
            if family not in room:
                prior = learner.prior(name)
                room[family] = math.inf if prior is None else most - prior
            evidence = min(evidence, room[family])
        if abs(evidence) < 0.01:  # faded: nothing left to show
            continue
        group = LESS_OF if push is not None else MORE_OF if evidence > 0 else NOT_A_REASON
        text = (describe(name.removeprefix(VETO)) + " (you cannot stand it)"
                if name.startswith(VETO) else describe(name))
        views.append(FeatureView(name, text, evidence, count,
                                 name.removeprefix(VETO) in pinned, group, push))

    def strongest(group: str, sign: float) -> list[FeatureView]:
        # equally strong (sure ones all stop at the same weight): the more reactions first
        return sorted((v for v in views if v.group == group),
                      key=lambda v: (-sign * v.shown, -v.certainty))[:n]

    return Learned(strongest(MORE_OF, 1.0), strongest(LESS_OF, -1.0),
                   strongest(NOT_A_REASON, -1.0))

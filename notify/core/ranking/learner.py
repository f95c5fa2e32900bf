"""The online learner: Bayesian group testing over the things a person cares about.

A person wants an item when it has *any one* of a few things they care about (its source or
group, an author, a tag, a word of its lead, a word within that source, a stated interest) and
none of the words they cannot stand: a noisy-OR of liked features, AND NOT vetoed words::

    P(wanted | item) = (1 - prod_a (1 - q_a)) * prod_v (1 - r_v)

where ``q_a`` is the belief that the person cares about feature ``a`` and ``r_v`` that they
cannot stand word ``v``. Each belief is a prior (``LearnerConfig``: a source is liked more often
than one word; a word's prior shrinks for long leads) plus *evidence*, the sum of the
log-likelihood ratios of the reactions to items that had the feature:

    log P(reaction | a liked) / P(reaction | a not liked)

where "not liked" still lets the item's *other* features explain the reaction (credit is shared:
a Like of an item from a source the person surely likes says nothing about its words; a Dismiss
of it blames its words as vetoes). An update touches only the item's features: O(features).

Forgetting: evidence fades with a half-life (``half_life_days``), so recent reactions weigh
more; stated interests do not fade (they are priors). The table keeps, per feature,
``[evidence, reactions, last touched]``; vetoes are the rows ``not:w:<word>``.

Reading a reaction: P(reaction | wanted) and P(reaction | not wanted) start from a plain reading
(a Like is rarely a mis-tap, silence is ambiguous) and move towards this person's own rates
(``reading.Reading``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from notify.core.models import Reaction

DAY = 86400.0
VETO = "not:"  # prefix of a vetoed word's row: "not:w:tories"
_NOT_ATOMS = frozenset(("bias", "ww"))  # features that are not things a person cares about


@dataclass(frozen=True)
class LearnerConfig:
    # Priors: how likely a person cares about one such thing (measured on the development
    # users of ../shared/eval: docs/ranking.md, third and fourth rounds).
    p_source: float = 0.03  # a source, a source group
    p_author: float = 0.01
    p_tag: float = 0.01
    p_site: float = 1e-4  # a link domain other than the source's (in every item of an aggregator)
    p_word: float = 3e-3  # a lead word, times words_norm / n for a lead of n > words_norm words
    p_source_word: float = 1e-3  # a word within one source ("rugby in Sport")
    p_veto: float = 3e-4  # a word the person cannot stand
    p_interest: float = 0.9  # a stated interest
    words_norm: float = 20.0
    half_life_days: float = 10.0
    # P(reaction | wanted), P(reaction | not wanted): the plain reading of how people react to
    # notifications (a Like is rarely a mis-tap, silence is ambiguous).
    like_given: tuple[float, float] = (0.80, 0.02)
    dismiss_given: tuple[float, float] = (0.03, 0.45)
    ignore_given: tuple[float, float] = (0.17, 0.53)
    open_given: tuple[float, float] = (0.60, 0.15)
    # How many reactions the plain reading is worth against this person's own rates (0: the
    # plain reading always).
    reading_strength: float = 5.0
    # The change watch (``reading.ChangeWatch``): alarm threshold on the summed log-likelihood
    # ratio (0: off), the belief above which an item counts as "sure", and how much of what was
    # learnt in favour of features (stated interests included) an alarm keeps.
    change_threshold: float = 9.0
    change_sure: float = 0.8
    change_keep: float = 0.2
    # Exploration (the value of finding out): an uncertain feature that recurs often is worth
    # testing once; at most ``explore_max`` such notifications a day.
    explore_weight: float = 0.15
    explore_horizon_days: float = 40.0
    explore_cap: float = 60.0
    explore_max: int = 2

    def plain_reading(self) -> dict[str, tuple[float, float]]:
        return {"like": self.like_given, "dismiss": self.dismiss_given,
                "ignore": self.ignore_given, "open": self.open_given}


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-min(z, 40.0)))
    e = math.exp(max(z, -40.0))
    return e / (1.0 + e)


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


class Weights:
    """name -> [evidence, reactions, last touched]; the learned part of the profile."""

    def __init__(self, config: LearnerConfig, table: dict[str, list[float]] | None = None):
        self.config = config
        self.table: dict[str, list[float]] = table if table is not None else {}

    def prior(self, name: str) -> tuple[float, float]:
        """What a feature's row holds before any reaction: no evidence, no reactions."""
        return 0.0, 0.0

    def get(self, name: str, now: float) -> tuple[float, float]:
        """(evidence, reactions) of one feature at time ``now``, faded."""
        row = self.table.get(name)
        if row is None:
            return 0.0, 0.0
        evidence, count, at = row
        hl = self.config.half_life_days
        if hl > 0 and now > at:
            fade = 0.5 ** ((now - at) / (hl * DAY))
            return evidence * fade, count * fade
        return evidence, count


@dataclass(frozen=True)
class Atom:
    """One feature of one item as the learner sees it: its row name and prior log-odds."""

    name: str
    prior: float


class Learner:
    def __init__(self, weights: Weights, interest_scale: Mapping[str, float] | None = None):
        self.w = weights
        # Stated interests softened by a change of taste (``Profile.soften``): name -> share.
        self.interest_scale: Mapping[str, float] = interest_scale or {}

    @property
    def config(self) -> LearnerConfig:
        return self.w.config

    def atoms(self, x: Mapping[str, float]) -> tuple[list[Atom], list[Atom]]:
        """The liked-side and veto-side atoms of an item's features."""
        c = self.config
        n_words = sum(1 for n in x if n.startswith("w:"))
        scale = min(1.0, c.words_norm / max(n_words, 1))
        base = logit(c.p_word)
        liked: list[Atom] = []
        veto: list[Atom] = []
        for name in x:
            family = name[: name.find(":")] if ":" in name else name
            if family in _NOT_ATOMS:
                continue
            if family == "int":
                share = self.interest_scale.get(name, 1.0)
                liked.append(Atom(name, base + share * (logit(c.p_interest) - base)))
                continue
            p = {"src": c.p_source, "grp": c.p_source, "auth": c.p_author, "tag": c.p_tag,
                 "site": c.p_site, "w": c.p_word * scale,
                 "sw": c.p_source_word * scale}.get(family, c.p_word)
            liked.append(Atom(name, logit(p)))
            if family == "w":
                veto.append(Atom(VETO + name, logit(c.p_veto)))
        return liked, veto

    def belief(self, atom: Atom, now: float) -> float:
        return min(sigmoid(atom.prior + self.w.get(atom.name, now)[0]), 0.999)

    def prob(self, x: Mapping[str, float], now: float) -> float:
        """P(wanted): what the policy decides on."""
        liked, veto = self.atoms(x)
        none = math.prod(1.0 - self.belief(a, now) for a in liked)
        clean = math.prod(1.0 - self.belief(v, now) for v in veto)
        return (1.0 - none) * clean

    def names(self, x: Mapping[str, float]) -> list[str]:
        """The rows an update on ``x`` touches."""
        liked, veto = self.atoms(x)
        return [a.name for a in liked] + [v.name for v in veto]

    def update(self, x: Mapping[str, float], label: str, now: float, weight: float = 1.0,
               given: tuple[float, float] | None = None) -> None:
        """Learn from one reaction, read with ``given`` (P(reaction | wanted), P(reaction |
        not wanted); default: the plain reading). O(features of the item)."""
        wanted, unwanted = given or self.config.plain_reading()[str(Reaction(label))]
        liked, veto = self.atoms(x)
        pl = [self.belief(a, now) for a in liked]
        pv = [self.belief(v, now) for v in veto]
        none = math.prod(1.0 - p for p in pl)
        clean = math.prod(1.0 - p for p in pv)
        some, vetoed = 1.0 - none, 1.0 - clean
        if_liked = clean * wanted + vetoed * unwanted  # the atom liked: wanted unless vetoed
        rows: dict[str, float] = {}
        for a, p in zip(liked, pl, strict=True):
            others = 1.0 - none / (1.0 - p)  # P(another atom of the item is liked)
            if_not = others * if_liked + (1.0 - others) * unwanted
            rows[a.name] = weight * math.log(if_liked / if_not)
        for v, p in zip(veto, pv, strict=True):
            others = 1.0 - clean / (1.0 - p)  # P(another word vetoes the item)
            if_not = some * ((1.0 - others) * wanted + others * unwanted) + none * unwanted
            rows[v.name] = weight * math.log(unwanted / if_not)
        table = self.w.table
        for name, delta in rows.items():
            evidence, count = self.w.get(name, now)
            table[name] = [evidence + delta, count + weight, now]

    def contributions(self, x: Mapping[str, float], now: float) -> list[tuple[str, float]]:
        """Each feature's push on the item, on the log-odds scale: how much more (or less)
        the person is believed to care about it than about an unknown one of its kind (a veto
        pushes down). Largest first."""
        liked, veto = self.atoms(x)
        c = self.config
        out: list[tuple[str, float]] = []
        for a in liked:
            evidence = self.w.get(a.name, now)[0]
            if a.name.startswith("int:"):
                evidence += a.prior - logit(c.p_word)
            out.append((a.name, evidence))
        for v in veto:
            evidence = self.w.get(v.name, now)[0]
            if evidence > 0:
                out.append((v.name, -evidence))
        out.sort(key=lambda t: -abs(t[1]))
        return out

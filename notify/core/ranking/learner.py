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
# No belief is certain: evidence past this one changes nothing (a sure source, a sure veto).
MAX_BELIEF = 0.999
# Evidence too small to keep a new row for (a Like of an item from a source surely liked says
# ~nothing about its words; nor does it about their vetoes): the profile stays small.
NEGLIGIBLE = 0.02
# A Dismiss of an item nothing recommended blames its words as vetoes only a little (~0.1 each):
# kept only from this much on, when something else made the item likely (the blame is real).
VETO_NEGLIGIBLE = 0.15
_NOT_ATOMS = frozenset(("bias", "ww"))  # features that are not things a person cares about


@dataclass(frozen=True)
class LearnerConfig:
    # Priors: how likely a person cares about one such thing (measured on the development
    # users of ../shared/eval: docs/ranking.md, third and fourth rounds).
    # a source, a source group. 0.015 (was 0.03): a Like credits the source less and the item's
    # own words more; in process, 100 users, HuffPost/MIND utility 0.663/0.695 -> 0.673/0.697,
    # thumbs-only cold start 0.295/0.387 -> 0.302/0.408 (0.01: 0.670; 0.06: 0.619)
    p_source: float = 0.015
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
    # While nothing is known of the taste (after a change of taste, or at the start without
    # a stated interest or a Like): for ``renew_days`` days, until the first Like, up to
    # ``renew_max`` items a day are notified as exploring, whatever their gain, each from a
    # different source (docs/ranking.md, fifth round).
    renew_days: float = 7.0
    renew_max: int = 3

    def plain_reading(self) -> dict[str, tuple[float, float]]:
        return {"like": self.like_given, "dismiss": self.dismiss_given,
                "ignore": self.ignore_given, "open": self.open_given}


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-min(z, 40.0)))
    e = math.exp(max(z, -40.0))
    return e / (1.0 + e)


def capped_belief(z: float) -> float:
    """The belief of log-odds ``z``, kept under ``MAX_BELIEF`` as every belief is."""
    return min(sigmoid(z), MAX_BELIEF)


def logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _safe_logit(p: float) -> float:
    """``logit`` of a probability kept off 0 and 1 (an item no feature can make wanted)."""
    return logit(min(max(p, 1e-9), 1.0 - 1e-9))


class Weights:
    """name -> [evidence, reactions, last touched]; the learned part of the profile."""

    def __init__(self, config: LearnerConfig, table: dict[str, list[float]] | None = None):
        self.config = config
        self.table: dict[str, list[float]] = table if table is not None else {}

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


@dataclass(frozen=True)
class Assessment:
    """One item as the learner sees it at one time: its atoms, the beliefs in them, and
    P(wanted). Computed once and used to decide, to explore and to learn."""

    liked: list[str]
    beliefs: list[float]
    vetoes: list[str]
    veto_beliefs: list[float]
    p: float


class Learner:
    def __init__(self, weights: Weights, interest_scale: Mapping[str, float] | None = None):
        self.w = weights
        # Stated interests softened by a change of taste (``Profile.soften``): name -> share.
        self.interest_scale: Mapping[str, float] = interest_scale or {}
        c = weights.config
        self._family = {"src": logit(c.p_source), "grp": logit(c.p_source),
                        "auth": logit(c.p_author), "tag": logit(c.p_tag),
                        "site": logit(c.p_site)}
        self._veto = logit(c.p_veto)
        self._word = logit(c.p_word)
        self._interest = logit(c.p_interest)

    @property
    def config(self) -> LearnerConfig:
        return self.w.config

    def _interest_prior(self, name: str) -> float:
        share = self.interest_scale.get(name, 1.0)
        return self._word + share * (self._interest - self._word)

    def interest_push(self, name: str) -> float:
        """What stating interest ``name`` (``int:…``) adds to an item's log-odds before any
        reaction, over an unknown word: its reactions' evidence is learnt on top of it."""
        return self._interest_prior(name) - self._word

    def _priors(self, x: Mapping[str, float]) -> tuple[list[tuple[str, float]],
                                                      list[tuple[str, float]]]:
        """(name, prior log-odds) of an item's liked-side and veto-side atoms."""
        c = self.config
        n_words = sum(1 for n in x if n.startswith("w:"))
        scale = min(1.0, c.words_norm / max(n_words, 1))
        word, source_word = logit(c.p_word * scale), logit(c.p_source_word * scale)
        family_prior, veto_prior, other = self._family, self._veto, self._word
        liked: list[tuple[str, float]] = []
        veto: list[tuple[str, float]] = []
        for name in x:
            cut = name.find(":")
            family = name[:cut] if cut > 0 else name
            if family == "w":
                liked.append((name, word))
                veto.append((VETO + name, veto_prior))
            elif family == "sw":
                liked.append((name, source_word))
            elif family == "int":
                liked.append((name, self._interest_prior(name)))
            elif family == "grp":  # a source's prior spread over the group's sources
                liked.append((name, logit(c.p_source * min(1.0, x[name]))))
            elif family not in _NOT_ATOMS:
                liked.append((name, family_prior.get(family, other)))
        return liked, veto

    def prior(self, name: str) -> float | None:
        """The prior log-odds of one liked-side feature (a word's as in a short lead); None for
        a name that is no such feature (a word pair, ``ww:``, which the learner does not use,
        though an imported file may hold one)."""
        liked, _ = self._priors({name: 1.0})
        return liked[0][1] if liked else None

    def atoms(self, x: Mapping[str, float]) -> tuple[list[Atom], list[Atom]]:
        """The liked-side and veto-side atoms of an item's features, with their priors."""
        liked, veto = self._priors(x)
        return [Atom(n, z) for n, z in liked], [Atom(n, z) for n, z in veto]

    def assess(self, x: Mapping[str, float], now: float) -> Assessment:
        """Beliefs in the item's atoms and P(wanted), in one pass (the hot path: no object
        per atom)."""
        liked, veto = self._priors(x)
        table = self.w.table
        hl = self.config.half_life_days * DAY
        exp = math.exp

        def beliefs(atoms: list[tuple[str, float]]) -> tuple[list[float], float]:
            out: list[float] = []
            none = 1.0  # P(no atom holds)
            for name, z in atoms:
                row = table.get(name)
                if row is not None:
                    evidence, _, at = row
                    z += evidence * 0.5 ** ((now - at) / hl) if hl > 0 and now > at else evidence
                q = 1.0 / (1.0 + exp(-z)) if z > -40.0 else 0.0
                q = q if q < MAX_BELIEF else MAX_BELIEF
                out.append(q)
                none *= 1.0 - q
            return out, none

        pl, none = beliefs(liked)
        pv, clean = beliefs(veto)
        return Assessment([n for n, _ in liked], pl, [n for n, _ in veto], pv,
                          (1.0 - none) * clean)

    def belief(self, atom: Atom, now: float) -> float:
        return capped_belief(atom.prior + self.w.get(atom.name, now)[0])

    def prob(self, x: Mapping[str, float], now: float) -> float:
        """P(wanted): what the policy decides on."""
        return self.assess(x, now).p

    def update(self, x: Mapping[str, float], label: str, now: float, weight: float = 1.0,
               given: tuple[float, float] | None = None,
               seen: Assessment | None = None) -> dict[str, list[float] | None]:
        """Learn from one reaction, read with ``given`` (P(reaction | wanted), P(reaction |
        not wanted); default: the plain reading); ``seen``: the item's assessment at ``now``
        if the caller has it. O(features of the item). Returns the rows written, each with
        what it held before (None: no row), for undo; a feature the reaction says (almost)
        nothing about is not rewritten (``NEGLIGIBLE``)."""
        wanted, unwanted = given or self.config.plain_reading()[str(Reaction(label))]
        a = seen or self.assess(x, now)
        none = clean = 1.0
        for q in a.beliefs:
            none *= 1.0 - q
        for q in a.veto_beliefs:
            clean *= 1.0 - q
        some, vetoed = 1.0 - none, 1.0 - clean
        if_liked = clean * wanted + vetoed * unwanted  # the atom liked: wanted unless vetoed
        rows: dict[str, float] = {}
        for name, q in zip(a.liked, a.beliefs, strict=True):
            others = 1.0 - none / (1.0 - q)  # P(another atom of the item is liked)
            if_not = others * if_liked + (1.0 - others) * unwanted
            rows[name] = weight * math.log(if_liked / if_not)
        for name, q in zip(a.vetoes, a.veto_beliefs, strict=True):
            others = 1.0 - clean / (1.0 - q)  # P(another word vetoes the item)
            if_not = some * ((1.0 - others) * wanted + others * unwanted) + none * unwanted
            rows[name] = weight * math.log(unwanted / if_not)
        table = self.w.table
        get = self.w.get
        written: dict[str, list[float] | None] = {}
        for name, delta in rows.items():
            if name.startswith(VETO):
                if delta < VETO_NEGLIGIBLE and (delta > -NEGLIGIBLE or name not in table):
                    continue  # a word not hated is what every word starts as
            elif -NEGLIGIBLE < delta < NEGLIGIBLE:
                continue
            written[name] = table.get(name)
            evidence, count = get(name, now)
            table[name] = [evidence + delta, count + weight, now]
        return written

    def contributions(self, x: Mapping[str, float], now: float) -> list[tuple[str, float]]:
        """Each feature's push on this item, on the log-odds scale: how far what is known of it
        (its reactions' evidence, or an interest stated) moves the item's log-odds from where
        they would be were that feature still unknown, at its kind's prior. Faithful to the
        noisy-OR: a liked-side feature believed unlikely takes away no more than its own
        prior's share (a site whose items were dismissed does not push down an item that its
        liked source makes likely), and a feature believed likely pushes up only as far as the
        item's other features do not already explain it. A veto pushes down. Largest first."""
        liked, veto = self._priors(x)
        seen = self.assess(x, now)
        none = math.prod(1.0 - q for q in seen.beliefs)
        clean = math.prod(1.0 - r for r in seen.veto_beliefs)
        now_logit = _safe_logit(seen.p)
        out: list[tuple[str, float]] = []
        for (name, prior), q in zip(liked, seen.beliefs, strict=True):
            if name.startswith("int:"):  # the interest stated is itself a reason
                prior = self._word
            unknown = capped_belief(prior)
            if abs(q - unknown) < 1e-12:
                continue
            rest = none / (1.0 - q)  # no other liked feature holds (q ≤ MAX_BELIEF)
            out.append((name, now_logit - _safe_logit((1.0 - rest * (1.0 - unknown)) * clean)))
        for (name, prior), r in zip(veto, seen.veto_beliefs, strict=True):
            unknown = capped_belief(prior)
            if r <= unknown:
                continue  # a word not hated is what every word starts as
            without = (1.0 - none) * clean / (1.0 - r) * (1.0 - unknown)
            out.append((name, now_logit - _safe_logit(without)))
        out.sort(key=lambda t: -abs(t[1]))
        return out

"""The group-testing ranker of docs/ranking.md (third and fourth rounds): an experiment only.

A person wants an item when it has *any one* of a few atoms they care about (its source, a tag,
an author, a lead word, a word within a source) and none of the words they cannot stand: a
noisy-OR of liked atoms, AND NOT veto words. Each atom keeps the log-odds that the person cares
about it. A reaction to a notified item updates every atom of the item by the likelihood ratio
P(reaction | atom liked) / P(reaction | atom not liked), where "not liked" still lets the item's
other atoms explain the reaction (shared credit, one belief-propagation pass). Exploration is a
value-of-information bonus: an uncertain atom that recurs often is worth testing once.

Measured against the product's logistic model (100 users a dataset, seed 0, in process, the
harness' own users): second session, a tie under bandit feedback (utility 0.640 / 0.661 vs
0.644 / 0.657; HuffPost / MIND) and 0.83 / 0.81 with full information (the logistic model:
0.73 / 0.76). Fourth round (stated interests that do not fade, the change watch, the person's
own reading of reactions): 0.676 / 0.691, paired per user +0.032 ± 0.020 / +0.034 ± 0.015 over
the product, precision on days 8-30 0.90 / 0.86. Run it through the outside harness:

    cd ../shared/eval && PYTHONPATH=/path/to/notify:/path/to/notify/bench \\
        python run.py --ranker py:group_testing:make --dataset huffpost

Knobs (for sweeps): environment variables ``GT_<NAME>`` override ``Knobs`` fields, e.g.
``GT_LAM=0.3``. The defaults are the best of the sweep in docs/ranking.md.
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from typing import Any

from notify.core.ranking.features import LEAD_WORDS, STOP_WORDS
from notify.core.ranking.learner import LearnerConfig
from notify.core.ranking.reading import ChangeWatch, Reading

_TOKEN = re.compile(r"[^\W_]+")
# P(reaction | wanted), P(reaction | not wanted): the product's plain reading
_GIVEN = LearnerConfig().plain_reading()
_KIND_PREFIX = {"source": "src:", "tag": "tag:", "author": "auth:", "keyword": "w:"}


@dataclass(frozen=True)
class Knobs:
    p_src: float = 0.03  # prior that a given source is liked
    p_auth: float = 0.01
    p_tag: float = 0.01
    p_word: float = 3e-3  # per lead word, scaled down for long leads (``words_norm``)
    p_source_word: float = 1e-3
    p_veto: float = 3e-4
    words_norm: float = 20.0  # a lead of n > 20 words has its word priors times 20 / n
    p_interest: float = 0.9  # a stated interest
    half_life_days: float = 10.0  # evidence fades towards the prior
    onboard_weight: float = 2.0  # first-run thumbs count twice (as in the product)
    lam: float = 0.15  # weight of the value-of-information bonus
    horizon_days: float = 40.0
    cap: float = 60.0  # most future items one atom's discovery is credited with
    explore_max: int = 2  # exploratory notifications a day
    # Fourth round (docs/ranking.md): stated interests do not fade; a change watch (CUSUM of
    # the evidence, from reactions to items believed wanted with p >= change_sure, that they
    # are no longer wanted) keeps change_keep of the positive evidence when it passes
    # change_h (0: off); the reading of reactions moves towards this person's own rates, the
    # plain reading worth reading_strength reactions (0: off).
    keep_stated: int = 1
    change_h: float = 9.0
    change_sure: float = 0.8
    change_keep: float = 0.2
    reading_strength: float = 5.0

    @classmethod
    def from_env(cls) -> Knobs:
        knobs = cls()
        over: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get("GT_" + f.name.upper())
            if raw is not None:
                over[f.name] = int(raw) if f.type == "int" else float(raw)
        return replace(knobs, **over)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -30 else 0.0


def _lead(item: dict[str, Any]) -> list[str]:
    def words(text: str) -> list[str]:
        return [w for w in _TOKEN.findall(text.lower())
                if len(w) > 1 and w not in STOP_WORDS and not w.isdigit()]

    return list(dict.fromkeys(words(item.get("title") or "")
                              + words(item.get("summary") or "")[:LEAD_WORDS]))


class GroupTesting:
    """The harness' ranker interface: ``score``, ``select``, ``learn``, ``onboard``."""

    threshold = 1 / 3

    def __init__(self, knobs: Knobs) -> None:
        self.k = knobs
        # atom -> (evidence: log-odds above its prior, day touched); evidence fades
        self.liked: dict[str, tuple[float, int]] = {}
        self.veto: dict[str, tuple[float, int]] = {}
        self.stated: dict[str, float] = {}  # stated interests: evidence that does not fade
        self.seen: defaultdict[str, int] = defaultdict(int)  # items an atom appeared in
        self.day = 0
        self.started = False
        # the product's reading of reactions and change watch (notify/core/ranking/reading.py)
        self.reading = Reading(_GIVEN, knobs.reading_strength)
        self.watch = ChangeWatch(knobs.change_h, knobs.change_sure)
        self.alarms: list[int] = []  # days the change watch fired

    def _atoms(self, item: dict[str, Any]) -> tuple[list[tuple[str, float]],
                                                     list[tuple[str, float]]]:
        k = self.k
        src = item.get("source") or ""
        words = _lead(item)
        scale = min(1.0, k.words_norm / max(len(words), 1))
        liked = [("src:" + src, k.p_src)]
        liked += [("auth:" + a.lower(), k.p_auth) for a in item.get("authors") or []]
        liked += [("tag:" + t.lower(), k.p_tag) for t in item.get("tags") or []]
        liked += [("w:" + w, k.p_word * scale) for w in words]
        liked += [(f"sw:{src}|{w}", k.p_source_word * scale) for w in words]
        return liked, [("w:" + w, k.p_veto) for w in words]

    def _evidence(self, table: dict[str, tuple[float, int]], atom: str) -> float:
        """What reactions say about an atom, faded to today."""
        row = table.get(atom)
        if row is None:
            return 0.0
        value, day = row
        if day != self.day and self.k.half_life_days > 0:
            value *= 0.5 ** ((self.day - day) / self.k.half_life_days)
            table[atom] = (value, self.day)
        return value

    def _get(self, table: dict[str, tuple[float, int]], atom: str, prior: float) -> float:
        """An atom's log-odds: its prior, what the person stated, what reactions said."""
        value = _logit(prior) + self._evidence(table, atom)
        return value + self.stated.get(atom, 0.0) if table is self.liked else value

    def _probs(self, item: dict[str, Any]) -> tuple[list[tuple[str, float]], list[float],
                                                    list[tuple[str, float]], list[float]]:
        liked, veto = self._atoms(item)
        pl = [min(_sigmoid(self._get(self.liked, a, p)), 0.999) for a, p in liked]
        pv = [min(_sigmoid(self._get(self.veto, a, p)), 0.999) for a, p in veto]
        return liked, pl, veto, pv

    def prob(self, item: dict[str, Any]) -> float:
        _, pl, _, pv = self._probs(item)
        return (1.0 - math.prod(1.0 - x for x in pl)) * math.prod(1.0 - x for x in pv)

    def score(self, items: list[dict[str, Any]]) -> list[float]:
        self.started = True
        self.day += 1
        for item in items:
            for atom, _ in self._atoms(item)[0]:
                if not atom.startswith("sw:"):
                    self.seen[atom] += 1
        return [self.prob(item) for item in items]

    def _per_day(self, atom: str) -> float:
        if atom.startswith("sw:"):
            src, word = atom[3:].split("|", 1)
            count = 0.3 * min(self.seen.get("src:" + src, 0), self.seen.get("w:" + word, 0))
        else:
            count = self.seen.get(atom, 0)
        return count / max(self.day, 1)

    def select(self, items: list[dict[str, Any]], scores: list[float], budget: int) -> list[int]:
        k = self.k
        chosen = sorted((i for i, p in enumerate(scores) if p > self.threshold),
                        key=lambda i: -scores[i])[:budget]
        candidates: list[tuple[float, int, str]] = []
        for i, item in enumerate(items):
            if i in chosen:
                continue
            liked, pl, _, _ = self._probs(item)
            best, best_atom = 0.0, ""
            for (atom, _), p in zip(liked, pl, strict=True):
                if p <= 0.5:
                    value = p * 0.8 * min(self._per_day(atom) * k.horizon_days, k.cap)
                    if value > best:
                        best, best_atom = value, atom
            expected = scores[i] - 0.5 * (1.0 - scores[i]) + k.lam * best
            if expected > 0:
                candidates.append((expected, i, best_atom))
        tested: set[str] = set()
        for _, i, atom in sorted(candidates, reverse=True):
            if len(chosen) >= budget or len(tested) >= k.explore_max:
                break
            if atom not in tested:
                tested.add(atom)
                chosen.append(i)
        return chosen

    def _given(self, label: str) -> tuple[float, float]:
        """P(reaction | wanted), P(reaction | not wanted) for this person."""
        return self.reading.given(label)

    def _soften(self) -> None:
        """The change watch fired: keep ``change_keep`` of all positive evidence."""
        keep = self.k.change_keep
        self.alarms.append(self.day)
        self.liked = {a: (e * keep if e > 0 else e, d) for a, (e, d) in self.liked.items()}
        self.stated = {a: e * keep for a, e in self.stated.items()}

    def learn(self, item: dict[str, Any], label: str) -> None:
        wanted, unwanted = given = self._given(label)
        if self.started:  # first-run thumbs are examples, not reactions to what it chose
            p = self.prob(item)
            if self.watch.observe(p, given):
                self._soften()
            self.reading.observe(label, p)
        weight = 1.0 if self.started else self.k.onboard_weight
        liked, pl, veto, pv = self._probs(item)
        none_liked = math.prod(1.0 - x for x in pl)
        no_veto = math.prod(1.0 - x for x in pv)
        c, u = 1.0 - none_liked, 1.0 - no_veto
        for (atom, _), p in zip(liked, pl, strict=True):
            others = 1.0 - none_liked / (1.0 - p)  # P(another atom of the item is liked)
            if_liked = (1.0 - u) * wanted + u * unwanted
            if_not = others * if_liked + (1.0 - others) * unwanted
            value = self._evidence(self.liked, atom) + weight * math.log(if_liked / if_not)
            self.liked[atom] = (value, self.day)
        for (atom, _), p in zip(veto, pv, strict=True):
            others = 1.0 - no_veto / (1.0 - p)
            if_not = c * ((1.0 - others) * wanted + others * unwanted) + (1.0 - c) * unwanted
            value = self._evidence(self.veto, atom) + weight * math.log(unwanted / if_not)
            self.veto[atom] = (value, self.day)

    def onboard(self, interests: list[dict[str, str]]) -> None:
        for term in interests:
            prefix = _KIND_PREFIX.get(term["kind"])
            if prefix:
                atom = prefix + term["value"].lower()
                evidence = _logit(self.k.p_interest) - _logit(self._prior[prefix])
                if self.k.keep_stated:
                    self.stated[atom] = evidence
                else:
                    self.liked[atom] = (evidence, self.day)

    @property
    def _prior(self) -> dict[str, float]:
        k = self.k
        return {"src:": k.p_src, "tag:": k.p_tag, "auth:": k.p_auth, "w:": k.p_word}

    def profile_bytes(self) -> int:
        return 0  # an experiment: nothing is stored


def make(seed: int = 0, dataset: str = "") -> GroupTesting:
    """The harness' factory (``--ranker py:group_testing:make``)."""
    return GroupTesting(Knobs.from_env())

"""In-process adapter for fast iteration (``--ranker py:bench.quick_adapter:make``).

Same features and learner as the product, no SQLite; numbers that count come from
``notify rank --jsonl`` (the ``cli:`` adapter).
"""

from __future__ import annotations

import os
import random
from dataclasses import replace
from typing import Any

from notify.core.ranking.features import ItemText, features, lead_set, matches_term
from notify.core.ranking.learner import DAY, Learner, LearnerConfig, Weights

STARVE = float(os.environ.get("NQ_STARVE", "7"))
KAPPA = float(os.environ.get("NQ_KAPPA", "0.5"))
THRESHOLD = float(os.environ.get("NQ_THR", "0.3333"))


def _feature_knobs() -> None:
    from notify.core.ranking import features as f

    for name in ("WORD", "PAIR", "CONJ", "LEAD_WORDS"):
        v = os.environ.get("NQ_" + name)
        if v is not None:
            setattr(f, name, type(getattr(f, name))(float(v)))


_feature_knobs()


def _cfg() -> LearnerConfig:
    c = LearnerConfig()
    kw: dict[str, Any] = {}
    for f in ("bias_mean", "prior_precision", "bias_precision", "interest_mean",
              "half_life_days", "explore_scale", "text_precision"):
        v = os.environ.get("NQ_" + f.upper())
        if v is not None:
            kw[f] = float(v)
    if "NQ_BELIEF_HI" in os.environ:
        kw["belief_bounds"] = (float(os.environ.get("NQ_BELIEF_LO", "0.05")),
                               float(os.environ["NQ_BELIEF_HI"]))
    return replace(c, **kw)


def _text(item: dict[str, Any]) -> ItemText:
    return ItemText(title=item["title"], summary=item.get("summary") or "",
                    source=item["source"], authors=tuple(item.get("authors") or ()),
                    tags=tuple(item.get("tags") or ()), link=item.get("link"))


class Quick:
    threshold = THRESHOLD

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.learner = Learner(Weights(_cfg()))
        self.now = 0.0
        self.interests: list[tuple[str, str]] = []
        self.last_like = 0.0
        self.cache: dict[str, dict[str, float]] = {}

    def _x(self, item: dict[str, Any]) -> dict[str, float]:
        x = self.cache.get(item["id"])
        if x is None:
            it = _text(item)
            x = features(it)
            if self.interests:
                words = lead_set(it)
                for k, v in self.interests:
                    if matches_term(it, words, k, v):
                        x["int:" + k + ":" + v] = 1.0
            self.cache[item["id"]] = x
        return x

    def score(self, items: list[dict[str, Any]]) -> list[float]:
        self.now += DAY
        return [self.learner.predictive(self._x(i), self.now) for i in items]

    def select(self, items: list[dict[str, Any]], scores: Any, budget: int) -> list[int]:
        draws: dict[str, float] = {}
        s = [self.learner.sample(self._x(i), self.now, self.rng, draws) for i in items]
        order = sorted(range(len(items)), key=lambda i: -s[i])
        chosen = [i for i in order[:budget] if s[i] >= self.threshold]
        day = self.now / DAY
        if day - self.last_like >= STARVE and len(chosen) < budget:
            rest = [i for i in range(len(items)) if i not in set(chosen)]
            if rest:
                def ucb(i: int) -> float:
                    m, v = self.learner.logit(self._x(items[i]), self.now)
                    return m + KAPPA * v ** 0.5
                chosen.append(max(rest, key=ucb))
        return chosen

    def learn(self, item: dict[str, Any], label: str) -> None:
        if label == "like":
            self.last_like = self.now / DAY
        self.learner.update(self._x(item), label, self.now)

    def onboard(self, interests: list[dict[str, str]]) -> None:
        for d in interests:
            self.interests.append((d["kind"], d["value"]))
        self.cache.clear()


def make(seed: int, dataset: str) -> Quick:
    return Quick(seed)

"""In-process adapter for fast iteration (``--ranker py:bench.quick_adapter:make``).

The same ``RankingService`` as ``notify rank --jsonl`` (features, learner, SQLite profile,
policy), over an in-memory SQLite database and without the process boundary. The numbers that
count come from the ``cli:`` adapter (bench/ranking.py).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from notify.commands.rank import DAY, EPOCH, to_text
from notify.core.models import Decision
from notify.core.ranking.profile import parse_term
from notify.core.ranking.service import RankingService
from notify.core.store import db
from notify.core.store.sources import transaction

logging.getLogger("notify.core.store.db").setLevel(logging.ERROR)  # no WAL in memory


def _knobs() -> None:
    """``NQ_<CONSTANT>=value`` overrides a constant of the ranking service's modules
    (iteration only); a name no module has is refused, not silently ignored."""
    import os

    from notify.core.ranking import learning, ranker, reactions, service, split

    modules = (service, ranker, reactions, learning, split)
    for key, value in os.environ.items():
        if not key.startswith("NQ_"):
            continue
        owners = [m for m in modules if hasattr(m, key[3:])]
        if not owners:
            raise SystemExit(f"{key}: no constant {key[3:]} in the ranking service's modules")
        for m in owners:
            setattr(m, key[3:], float(value))


_knobs()


def _config() -> Any:
    """``NQC_<field>=value`` overrides a ``LearnerConfig`` field (iteration only)."""
    import os
    from dataclasses import fields, replace

    from notify.core.ranking.learner import LearnerConfig

    c = LearnerConfig()
    kw = {f.name: float(os.environ["NQC_" + f.name]) for f in fields(c)
          if "NQC_" + f.name in os.environ}
    return replace(c, **kw)


class Quick:
    threshold = 1 / 3

    def __init__(self, seed: int) -> None:
        self.conn = db.connect(Path(":memory:"))
        self.service = RankingService(self.conn, config=_config())
        self.now = EPOCH
        self.chosen: list[int] = []

    def score(self, items: list[dict[str, Any]]) -> list[float]:
        self.now += DAY
        with transaction(self.conn):
            ranked = self.service.rank_texts([to_text(i) for i in items], self.now)
        self.chosen = [i for i, r in enumerate(ranked) if r.choice.decision is Decision.NOTIFY
                       and r.choice.lead is None]
        return [r.p for r in ranked]

    def select(self, items: list[dict[str, Any]], scores: Any, budget: int) -> list[int]:
        return self.chosen[:budget]

    def learn(self, item: dict[str, Any], label: str) -> None:
        with transaction(self.conn):
            self.service.learn_text(to_text(item), label, self.now)

    def onboard(self, interests: list[dict[str, str]]) -> None:
        self.service.onboard([parse_term(f"{d['kind']}:{d['value']}") for d in interests],
                             self.now)

    def profile_bytes(self) -> int:
        return int(self.service.profile.size_bytes())

    def __getstate__(self) -> dict[str, Any]:  # the harness pickles to size a profile
        return {"bytes": self.profile_bytes()}


def make(seed: int, dataset: str) -> Quick:
    return Quick(seed)

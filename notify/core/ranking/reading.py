"""How this person reacts, learnt from their reactions, and when their taste has changed.

``Reading``: what a Like, a Dismiss, an Ignore (or an Open) says depends on the person. Some
dismiss every unwanted notification and like nearly every wanted one (for them, silence means
"no"); others let most notifications expire, wanted or not (for them, silence says little). The
learner starts from a plain reading (``LearnerConfig.like_given`` …: P(reaction | wanted),
P(reaction | not wanted)) and moves it towards this person's own rates: each reaction counts,
softly, towards "wanted" by the model's belief that the item was wanted (one step of EM).
``strength`` is how many reactions the plain reading is worth. Only reactions to what Notify
chose to show count: an item the person picked in the inbox was liked because they wanted it,
whatever the model believed, and would teach that their Likes are mis-taps.

``ChangeWatch``: a cumulative sum (CUSUM) of the evidence, from reactions to items the model was
sure of, that the person no longer wants them: log P(reaction | not wanted) / P(reaction |
wanted). A Like pulls it back towards zero; Dismissals and runs of Ignores of sure items push it
past the threshold, and then what was learnt in favour of features (stated interests included)
is softened (``Profile.soften``), so that an old taste stops being notified. Both live in the
profile's meta.

A known interplay (docs/ranking.md, fourth round): the reading learns from the model's beliefs,
so a change of taste also teaches it a little that this person dismisses wanted items, which
slows the watch down; measured, the two together still did best.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from notify.core.models import Reaction

LABELS = tuple(str(r) for r in Reaction)


class Reading:
    """P(reaction | wanted) and P(reaction | not wanted) for one person."""

    def __init__(self, plain: Mapping[str, tuple[float, float]], strength: float,
                 state: Mapping[str, Any] | None = None) -> None:
        self.plain = dict(plain)
        self.strength = strength
        state = state or {}
        self.wanted = {k: float(state.get("wanted", {}).get(k, 0.0)) for k in LABELS}
        self.unwanted = {k: float(state.get("unwanted", {}).get(k, 0.0)) for k in LABELS}

    def given(self, label: str) -> tuple[float, float]:
        pw, pn = self.plain[label]
        s = self.strength
        if s <= 0:
            return pw, pn
        tw, tn = sum(self.wanted.values()), sum(self.unwanted.values())
        return (s * pw + self.wanted[label]) / (s + tw), (s * pn + self.unwanted[label]) / (s + tn)

    def observe(self, label: str, p: float) -> None:
        """Count one reaction to an item believed wanted with probability ``p``."""
        if self.strength <= 0:
            return
        pw, pn = self.given(label)
        p = min(max(p, 0.02), 0.98)
        post = p * pw / (p * pw + (1.0 - p) * pn)
        self.wanted[label] += post
        self.unwanted[label] += 1.0 - post

    def state(self) -> dict[str, Any]:
        return {"wanted": {k: round(v, 4) for k, v in self.wanted.items() if v},
                "unwanted": {k: round(v, 4) for k, v in self.unwanted.items() if v}}


class ChangeWatch:
    """A CUSUM over reactions to items believed wanted; ``observe`` is True on an alarm."""

    def __init__(self, threshold: float, sure: float, value: float = 0.0) -> None:
        self.threshold = threshold
        self.sure = sure
        self.value = value

    def observe(self, p: float, given: tuple[float, float]) -> bool:
        if self.threshold <= 0 or p < self.sure:
            return False
        pw, pn = given
        self.value = max(0.0, self.value + math.log(pn / pw))
        if self.value > self.threshold:
            self.value = 0.0
            return True
        return False

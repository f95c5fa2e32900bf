"""What the inbox adds: Notify when the person also likes, now and then, an item they found in
the inbox, beside Notify under the protocol.

The outside protocol (``../shared/eval``) reveals a reaction only for what the ranker notified:
its simulated people never open the inbox. In the app they do: every item a source published
is listed there, and a Like given there is learnt like any other (``RankingService.learn_text``
with ``chosen=False``: it teaches what the person likes, not how they read notifications). An
item nothing pointed at (a section onboarding did not name, a keyword no sample had, a drifting
person's new taste) is never notified, so under the protocol it is never found; one Like in the
inbox points at it.

This is a diagnostic, not a valid run of the protocol: the inbox reader below reads the
simulated person's hidden preferences (which no ranker may) to decide what they would pick.
It runs, in the same invocation and on the same simulated users (seed 0), Notify in process
(``bench/quick_adapter.py``: the same ranking service as ``notify rank --jsonl``) under the
protocol, and the same Notify with a person who, every ``k`` days, looks through the previous
day's items that were not notified and likes one they want (a random one: the reader does not
know which one Notify would learn most from), for ``k`` = 7, 3 and 1. Only notifications are
scored, as in the protocol: an inbox Like is no hit. It prints issue 4's figures for each.

    .venv/bin/python bench/ranking_inbox.py [--users 100] [--dataset mind] [--onboarding thumbs]
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# (label, every how many days the person looks through the inbox; None: never, the protocol)
RUNS: tuple[tuple[str, int | None], ...] = (
    ("Notify (the protocol: notifications only)", None),
    ("the person likes one inbox item a week", 7),
    ("one every 3 days", 3),
    ("one a day", 1),
)


def _unit(key: str) -> float:
    """A number in [0, 1) fixed by ``key`` (the same pick for the same person and day)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") / 2.0**64


def inbox_reader(every: int) -> Any:
    """A factory for the harness: Notify in process, with a person who every ``every`` days
    likes, in the inbox, one item of the day before that they want and were not notified."""
    import bench.quick_adapter as quick
    from notify.commands.rank import to_text

    class InboxReader(quick.Quick):
        def __init__(self, user: Any) -> None:
            super().__init__(0)
            self.user = user
            self.day = -1
            self.shown: list[dict[str, Any]] = []

        def score(self, items: list[dict[str, Any]]) -> list[float]:
            if self.day >= 0 and (self.day + 1) % every == 0:
                self._browse()
            self.day += 1
            self.shown = items
            return super().score(items)

        def _browse(self) -> None:
            user, day = self.user, self.day
            wanted = user.wanted(day, user.day_indices(day))
            notified = set(self.chosen[:10])  # the budget: what select() gave
            missed = [i for i, w in enumerate(wanted) if w and i not in notified]
            if not missed:
                return
            pick = missed[int(_unit(f"{user.seed}:inbox:{day}") * len(missed))]
            with quick.transaction(self.conn):
                self.service.learn_text(to_text(self.shown[pick]), "like", self.now,
                                        chosen=False)

    return lambda user, corpus: InboxReader(user)


def run(dataset: str, users: int, jobs: int, onboarding: str
        ) -> list[tuple[str, dict[str, float], float]]:  # ``ranking_ceiling.Rows``
    from notifyeval import runner

    import bench.quick_adapter as quick
    from bench.ranking_ceiling import figures

    rows = []
    for label, every in RUNS:
        start = time.perf_counter()
        factory = quick.make if every is None else inbox_reader(every)
        result = runner.run_eval(dataset, "notify", n_users=users, jobs=jobs,
                                 factory=factory, onboarding=onboarding)
        rows.append((label, figures(result), time.perf_counter() - start))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    sys.path.insert(0, str(REPO))
    from bench.ranking_ceiling import cli

    return cli(argv, __doc__ or "", run)


if __name__ == "__main__":
    raise SystemExit(main())

"""Where the wanted items a ranking run misses sit: each day's items by the model's p.

An analysis of the simulated users of ``../shared/eval`` (it reads their ground truth, which no
ranker may do; like ``bench/ranking_breakdown.py`` it is not a ranker). It runs the harness'
daily loop over the product's code in process (``bench/quick_adapter.py``) and counts, for days
1–7 and 8–30, every item of every day by the band of p the model gave it: how many, how many of
them wanted, how many notified, how many of those wanted, and the wanted ones never notified
(docs/ranking.md, eighteenth round). ``--drift`` keeps the drifting users, left out by default.

    PYTHONPATH=. .venv/bin/python bench/ranking_calibration.py --dataset mind
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any

from bench.ranking_breakdown import WEEK, rank_day, run_population

BANDS = (0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.5, 0.65, 0.8, 0.9, 1.01)
KEEP_DRIFT = "--drift" in sys.argv


def band(p: float) -> int:
    return next(i for i in range(len(BANDS) - 1) if p < BANDS[i + 1])


def run_user(corpus: Any, user: Any, onboarding: str) -> dict[str, Any]:
    """One simulated user: per (period, band) the counts items, wanted, sent, sent wanted."""
    from notifyeval import harness

    import bench.quick_adapter as qa

    cells: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])

    class Traced(qa.Quick):
        day = -1

        def score(self, items: list[dict[str, Any]]) -> list[float]:
            ranked = rank_day(self, items)
            wanted = user.wanted(self.day, user.day_indices(self.day))
            chosen = set(self.chosen)
            period = "1-7" if self.day < WEEK else "8-30"
            for i, r in enumerate(ranked):
                cell = cells[f"{period} {band(r.p)}"]
                sent, hit = i in chosen, bool(wanted[i])
                cell[0] += 1
                cell[1] += hit
                cell[2] += sent
                cell[3] += sent and hit
            return [r.p for r in ranked]

    harness.simulate(lambda u, c: Traced(u.seed), corpus, user, onboarding=onboarding)
    return {"kind": user.archetype, "cells": dict(cells)}


def report(rows: list[dict[str, Any]]) -> None:
    total: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows:
        for key, cell in r["cells"].items():
            total[key] = [a + b for a, b in zip(total[key], cell, strict=True)]
    for period in ("1-7", "8-30"):
        print(f"days {period}: band of p, items, wanted (share), sent, sent wanted, "
              "wanted never sent")
        for b in range(len(BANDS) - 1):
            n, w, s, sw = total.get(f"{period} {b}", [0, 0, 0, 0])
            if n:
                print(f"  [{BANDS[b]:.3f}, {BANDS[b + 1]:.3f})  {n:7d}  {w:6d} ({w / n:.3f})  "
                      f"{s:5d}  {sw:5d}  {w - sw:5d}")


def main(argv: list[str] | None = None) -> int:
    args = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--drift"]
    return run_population(args, __doc__, "full", run_user, report,
                          wanted=lambda user: KEEP_DRIFT or user.archetype != "drift")


if __name__ == "__main__":
    raise SystemExit(main())

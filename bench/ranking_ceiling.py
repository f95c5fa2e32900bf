"""What bandit feedback costs: Notify and the greedy baseline told the person's reaction to
every item, beside Notify under the protocol.

The outside protocol (``../shared/eval``) reveals a reaction only for what the ranker notified.
Its diagnostic ``+fullinfo`` feedback also reveals the reaction to every other item of the day,
as if all had been shown (not a valid run: a ceiling). This runs, in the same invocation and on
the same simulated users (seed 0):

- Notify under the protocol (bandit feedback), in process (``bench/quick_adapter.py``: the same
  ranking service as ``notify rank --jsonl``, over SQLite in memory);
- the same Notify with full-information feedback;
- the greedy online logistic regression baseline with full-information feedback (the ceiling
  quoted in issue 4's baseline table);

and prints, for each, the figures of issue 4's targets (utility on days 1–30, precision and
recall on days 8–30, drifting users' precision on days 26–30) and utility per period. The gap
between the first two rows is what Notify loses by seeing only the reactions to what it chose to
notify; its model, told everything, is the upper row.

    .venv/bin/python bench/ranking_ceiling.py [--users 100] [--dataset mind] [--onboarding thumbs]

Full information makes Notify learn from every item (about 3,000 updates a user): some minutes
a dataset.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
# (label, ranker name for the harness, feedback); None: Notify in process
RUNS: tuple[tuple[str, str | None, str], ...] = (
    ("Notify (the protocol: bandit feedback)", None, "bandit"),
    ("Notify, told every reaction (full information)", None, "full"),
    ("greedy logistic regression, told every reaction", "logreg-greedy", "full"),
)
PERIODS = ((0, 7), (7, 14), (14, 30))
LATER = (7, 30)  # issue 4's precision and recall targets are over days 8-30
DRIFT_END = (25, 30)
Rows = list[tuple[str, dict[str, float], float]]  # (label, figures, seconds) per ranker run


def _mean(values: Sequence[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else float("nan")


def figures(result: dict[str, Any]) -> dict[str, float]:
    """The targets' figures of one harness result (means over users, as the harness takes
    them)."""
    from notifyeval import harness

    runs = result["runs"]

    def metric(lo: int, hi: int, key: str, keep: Callable[[Any], bool] = lambda r: True) -> float:
        return _mean([harness.user_period_metrics(r["days"], lo, hi)[key]
                      for r in runs if keep(r)])

    out = {"utility": metric(0, 30, "utility_ratio"),
           "precision 8-30": metric(*LATER, "precision"),
           "recall 8-30": metric(*LATER, "recall"),
           "drift precision 26-30": metric(*DRIFT_END, "precision",
                                           lambda r: r["archetype"] == "drift")}
    by_kind: dict[str, list[float | None]] = {}
    for r in runs:  # issue 4: no kind of simulated user worse than silence
        by_kind.setdefault(r["archetype"], []).append(
            harness.user_period_metrics(r["days"], 0, 30)["utility_ratio"])
    out["worst kind"] = min(_mean(values) for values in by_kind.values())
    for lo, hi in PERIODS:
        out[f"utility {lo + 1}-{hi}"] = metric(lo, hi, "utility_ratio")
    return out


def run(dataset: str, users: int, jobs: int, onboarding: str = "full") -> Rows:
    from notifyeval import runner

    import bench.quick_adapter as quick

    rows = []
    for label, ranker, feedback in RUNS:
        start = time.perf_counter()
        if ranker is None:
            result = runner.run_eval(dataset, "notify", n_users=users, jobs=jobs,
                                     factory=quick.make, feedback=feedback,
                                     onboarding=onboarding)
        else:
            result = runner.run_eval(dataset, ranker, n_users=users, jobs=jobs,
                                     feedback=feedback, onboarding=onboarding)
        rows.append((label, figures(result), time.perf_counter() - start))
    return rows


def report(dataset: str, users: int, rows: Rows, onboarding: str = "full") -> list[str]:
    keys = list(rows[0][1])
    lines = [f"### {dataset} ({users} users, seed 0, {onboarding} onboarding)", "",
             "| ranker | " + " | ".join(keys) + " | seconds |",
             "|---|" + "---:|" * (len(keys) + 1)]
    for label, values, secs in rows:
        lines.append(f"| {label} | " + " | ".join(f"{values[k]:.3f}" for k in keys)
                     + f" | {secs:.0f} |")
    return [*lines, ""]


def cli(argv: Sequence[str] | None, doc: str,
        run: Callable[[str, int, int, str], Rows]) -> int:
    """The command line of this diagnostic and of those built like it (``ranking_inbox.py``):
    ``run(dataset, users, jobs, onboarding)`` for each dataset asked, its table printed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--dataset", action="append", choices=("huffpost", "mind"))
    parser.add_argument("--onboarding", choices=("full", "thumbs"), default="full")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)
    if not (EVAL / "notifyeval").is_dir():
        print(f"The evaluation harness is not at {EVAL}; nothing to measure.", file=sys.stderr)
        return 1
    sys.path[:0] = [str(EVAL), str(REPO)]
    logging.getLogger("notify.core.store.db").setLevel(logging.ERROR)  # no WAL in memory
    for dataset in args.dataset or ["huffpost", "mind"]:
        rows = run(dataset, args.users, args.jobs, args.onboarding)
        print("\n".join(report(dataset, args.users, rows, args.onboarding)), flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return cli(argv, __doc__ or "", run)


if __name__ == "__main__":
    raise SystemExit(main())

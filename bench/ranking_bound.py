"""What stated interests alone can reach: an upper bound under the outside protocol.

An analysis of the simulated users of ``../shared/eval`` (it reads their hidden preferences,
which no ranker may do; it ranks nothing). For each user it takes the clauses of their first
taste that onboarding *stated* (a stated atom is in the clause) and counts, day by day, the wanted
items those clauses cover, capped at the budget, against the oracle's min(wanted, 10). That share
is the utility of a ranker that knows the stated interests perfectly, never sends an unwanted
item, and never finds anything that was not stated (for drifting users, nothing after day 15).
What a ranker reaches above it, it found by exploring; where a ranker sits at it, it found nothing.

It also counts, for keyword users, the unstated keyword clauses that a liked first-run sample
item ("thumbs") contains, and how many topical keywords the protocol draws from: the two numbers
that bound what exploring for keywords can find and what it costs.

    .venv/bin/python bench/ranking_bound.py [--users 100] [--dataset huffpost --dataset mind]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
BUDGET = 10


def _clause_mask(ax: Any, clause: Sequence[tuple[str, str]]) -> Any:
    import numpy as np

    mask = np.ones(ax.n, bool)
    for atom in clause:
        mask &= ax.mask(atom)
    return mask


def analyse(dataset: str, n_users: int) -> dict[str, Any]:
    """Per kind of user: mean stated-only share; for keyword users, thumbs coverage."""
    import numpy as np
    from notifyeval import corpora, users

    corpus = corpora.load(dataset)
    ax = users.atom_index(corpus)
    shares: defaultdict[str, list[float]] = defaultdict(list)
    unstated = touched = 0
    for uid in range(n_users):
        user = users.make_user(corpus, uid, 0)
        stated = {(term["kind"], term["value"]) for term in user.interests}
        taste = user.phases[0][1]
        covered = np.zeros(ax.n, bool)
        for clause in taste.likes:
            if any(atom in stated for atom in clause):
                covered |= _clause_mask(ax, clause)
        for atom in taste.avoid:
            covered &= ~ax.mask(atom)
        reached = oracle = 0
        for day in range(users.DAYS):
            idx = user.day_indices(day)
            wanted = user.wanted(day, idx)
            if user.phase(day) == 0:
                reached += min(int((wanted & covered[idx]).sum()), BUDGET)
            oracle += min(int(wanted.sum()), BUDGET)
        shares[user.archetype].append(reached / max(oracle, 1))
        if user.archetype == "keywords":
            liked = [i for i, label in user.thumbs if label == "like"]
            for clause in taste.likes:
                if not any(atom in stated for atom in clause):
                    unstated += 1
                    mask = _clause_mask(ax, clause)
                    touched += any(bool(mask[i]) for i in liked)
    return {"dataset": dataset, "users": n_users, "shares": dict(shares),
            "topical_keywords": len(ax.keywords), "unstated": unstated, "touched": touched}


def report(result: dict[str, Any]) -> list[str]:
    shares: dict[str, list[float]] = result["shares"]
    everyone = [x for values in shares.values() for x in values]
    kinds = sorted(shares)
    lines = [f"### {result['dataset']} ({result['users']} users, seed 0)", "",
             "| | " + " | ".join(kinds) + " | all |",
             "|---|" + "---:|" * (len(kinds) + 1),
             "| stated interests alone (share of the oracle) | "
             + " | ".join(f"{sum(shares[k]) / len(shares[k]):.2f} (n={len(shares[k])})"
                          for k in kinds)
             + f" | {sum(everyone) / len(everyone):.2f} |", "",
             f"- topical keywords the protocol draws from: {result['topical_keywords']}",
             f"- keyword users' unstated keyword clauses: {result['unstated']}, of which a liked "
             f"first-run sample item contains {result['touched']}", ""]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--dataset", action="append", choices=("huffpost", "mind"))
    args = parser.parse_args(argv)
    if not (EVAL / "notifyeval").is_dir():
        print(f"The evaluation harness is not at {EVAL}; nothing to analyse.", file=sys.stderr)
        return 1
    sys.path.insert(0, str(EVAL))
    for dataset in args.dataset or ["huffpost", "mind"]:
        print("\n".join(report(analyse(dataset, args.users))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

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

The other bounds: the clauses stated and those a liked first-run sample satisfies ("leads");
those samples alone (thumbs onboarding); and the leads plus every whole section (a clause of a
single source, or of a MIND subcategory) of either taste, as if searching sections always found
them at no cost (what a better way of finding sections could be worth, not a target). Each is
also printed as a recall over days 8-30, the period of the target recall of issue 4.

    .venv/bin/python bench/ranking_bound.py [--users 100] [--dataset huffpost --dataset mind]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
BUDGET = 10
BOUNDS = {
    "stated": "stated interests alone",
    "leads": "stated interests and what a liked first-run sample satisfies (full onboarding)",
    "thumbs": "what a liked first-run sample satisfies (thumbs onboarding)",
    "sections": "the above (full onboarding) and every whole section of either taste, as if "
                "searching sections always found them",
}
RECALL_FROM = 7  # the target's recall is over days 8-30 (0-based 7 on)


def _clause_mask(ax: Any, clause: Sequence[tuple[str, str]]) -> Any:
    import numpy as np

    mask = np.ones(ax.n, bool)
    for atom in clause:
        mask &= ax.mask(atom)
    return mask


def _covered(ax: Any, taste: Any, known: Callable[[Sequence[tuple[str, str]], Any], bool]) -> Any:
    """The items a ranker that knows exactly the clauses ``known`` keeps (and every veto) would
    notify: each of them wanted, nothing else."""
    import numpy as np

    covered = np.zeros(ax.n, bool)
    for clause in taste.likes:
        mask = _clause_mask(ax, clause)
        if known(clause, mask):
            covered |= mask
    for atom in taste.avoid:
        covered &= ~ax.mask(atom)
    return covered


def _share(user: Any, covered: Sequence[Any], first_day: int = 0) -> float:
    """The share of the oracle's min(wanted, budget) a day that ``covered`` (one mask per phase
    of the user's taste) delivers over the 30 days (from ``first_day``, 0-based)."""
    from notifyeval import users

    reached = oracle = 0
    for day in range(first_day, users.DAYS):
        idx = user.day_indices(day)
        wanted = user.wanted(day, idx)
        reached += min(int((wanted & covered[user.phase(day)][idx]).sum()), BUDGET)
        oracle += min(int(wanted.sum()), BUDGET)
    return reached / max(oracle, 1)


def analyse(dataset: str, n_users: int) -> dict[str, Any]:
    """Per kind of user, the mean share of the oracle of three bounds (stated interests alone;
    stated interests and the clauses a liked first-run sample satisfies; those samples alone);
    for keyword users, thumbs coverage."""
    from notifyeval import corpora, users

    corpus = corpora.load(dataset)
    ax = users.atom_index(corpus)
    shares: dict[str, defaultdict[str, list[float]]] = {
        b: defaultdict(list) for b in BOUNDS}
    later_shares: dict[str, list[float]] = defaultdict(list)  # days 8-30, every user
    unstated = touched = 0
    for uid in range(n_users):
        user = users.make_user(corpus, uid, 0)
        stated = {(term["kind"], term["value"]) for term in user.interests}
        liked = [i for i, label in user.thumbs if label == "like"]

        def said(clause: Sequence[tuple[str, str]], mask: Any,
                 stated: set[tuple[str, str]] = stated) -> bool:
            return any(atom in stated for atom in clause)

        def led(clause: Sequence[tuple[str, str]], mask: Any, liked: list[int] = liked) -> bool:
            return any(bool(mask[i]) for i in liked)

        def either(clause: Sequence[tuple[str, str]], mask: Any,
                   said: Callable[..., bool] = said, led: Callable[..., bool] = led) -> bool:
            return said(clause, mask) or led(clause, mask)

        def section(clause: Sequence[tuple[str, str]], mask: Any,
                    either: Callable[..., bool] = either) -> bool:
            kind, value = clause[0]
            whole = len(clause) == 1 and (kind == "source" or (
                kind == "tag" and value in ax.primary_tag_count))
            return whole or either(clause, mask)

        rules = {"stated": (said, False), "leads": (either, True), "thumbs": (led, True),
                 "sections": (section, True)}
        for bound, (known, later) in rules.items():
            # stated interests are of the first taste; a liked sample may also satisfy a
            # clause of a drifting user's second one
            covered = [_covered(ax, taste, known) if j == 0 or later
                       else _covered(ax, taste, lambda c, m: False)
                       for j, (_, taste) in enumerate(user.phases)]
            shares[bound][user.archetype].append(_share(user, covered))
            later_shares[bound].append(_share(user, covered, RECALL_FROM))
        taste = user.phases[0][1]
        if user.archetype == "keywords":
            for clause in taste.likes:
                if not any(atom in stated for atom in clause):
                    unstated += 1
                    mask = _clause_mask(ax, clause)
                    touched += any(bool(mask[i]) for i in liked)
    return {"dataset": dataset, "users": n_users, "shares": dict(shares),
            "later": {b: sum(v) / len(v) for b, v in later_shares.items()},
            "topical_keywords": len(ax.keywords), "unstated": unstated, "touched": touched}


def report(result: dict[str, Any]) -> list[str]:
    kinds = sorted(result["shares"]["stated"])
    lines = [f"### {result['dataset']} ({result['users']} users, seed 0)", "",
             "| share of the oracle, knowing exactly | " + " | ".join(kinds) + " | all |",
             "|---|" + "---:|" * (len(kinds) + 1)]
    for bound, title in BOUNDS.items():
        shares: dict[str, list[float]] = result["shares"][bound]
        everyone = [x for values in shares.values() for x in values]
        lines.append(f"| {title} | "
                     + " | ".join(f"{sum(shares[k]) / len(shares[k]):.2f} (n={len(shares[k])})"
                                  for k in kinds)
                     + f" | {sum(everyone) / len(everyone):.3f} |")
    lines += ["", "recall on days 8-30 (mean of users' shares; the target: 0.80): "
              + ", ".join(f"{b} {v:.3f}" for b, v in result["later"].items())]
    lines += ["",
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

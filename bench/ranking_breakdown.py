"""Where a ranking run loses: each notification, why it was sent and whether it was wanted.

An analysis of the simulated users of ``../shared/eval`` (it reads their ground truth, which no
ranker may do; like ``bench/ranking_bound.py`` it is not a ranker). It runs the harness' daily
loop (``harness.simulate``) over the product's code in process (``bench/quick_adapter.py``, so
``NQ_``/``NQC_`` overrides apply) and records, for every notification, why the policy sent it:

- ``sure``: p at or above the bar;
- ``explore/<family>``: a test by the value of finding out, with the family (``w``, ``src``,
  ``tag``, ``auth``, ``sw``) of the feature that made it worth testing;
- ``start/<family>``, ``change/<family>``: the search at the start or after a change of taste.

It prints the loss against the oracle (wanted items missed, unwanted ones sent) on days 1–7 and
8–30, the same by the number of first-run samples the user liked and by kind of user, the users
who get no notification from day 8 on (and how many of them liked nothing at all in the first
week: the taste still unknown), and per reason: how many, the model's mean p, the share
wanted (docs/ranking.md, fourteenth round).

    PYTHONPATH=. .venv/bin/python bench/ranking_breakdown.py --dataset mind --onboarding thumbs
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
BUDGET = 10
WEEK = 7


def reason_of(why: str) -> str:
    """Why the policy sent an item, in one word (the module's list above)."""
    if why.startswith("exploring (finding"):
        return "start"
    if why.startswith("exploring (your"):
        return "change"
    return "explore" if why.startswith("exploring") else "sure"


def _family(quick: Any, item: dict[str, Any]) -> str:
    """The family of the feature whose value of finding out is the item's best."""
    from notify.core.ranking.exploration import worth
    from notify.core.ranking.item_features import featurize

    profile = quick.service.profile
    x, _ = featurize(profile, to_text(item))
    a = profile.learner.assess(x, quick.now)
    best, family = -1.0, "?"
    for name, q in zip(a.liked, a.beliefs, strict=True):
        if q <= 0.5:
            value = worth(profile, name, q, quick.now)
            if value > best:
                best, family = value, name.split(":")[0]
    return family


def to_text(item: dict[str, Any]) -> Any:
    from notify.commands.rank import to_text as convert

    return convert(item)


def run_user(corpus: Any, user: Any, onboarding: str) -> dict[str, Any]:
    """One simulated user: per notification (day, reason, p, wanted)."""
    from notifyeval import harness

    import bench.quick_adapter as qa

    sent: list[tuple[int, str, float, bool]] = []

    class Traced(qa.Quick):
        day = -1

        def score(self, items: list[dict[str, Any]]) -> list[float]:
            ranked = rank_day(self, items)
            wanted = user.wanted(self.day, user.day_indices(self.day))
            for i in self.chosen:
                reason = reason_of(ranked[i].choice.why)
                if reason != "sure":
                    reason += "/" + _family(self, items[i])
                sent.append((self.day, reason, ranked[i].p, bool(wanted[i])))
            return [r.p for r in ranked]

        def learn(self, item: dict[str, Any], label: str) -> None:
            if label == "like" and self.day >= 0:
                liked_days.append(self.day)  # a Like of a notification (not a first-run one)
            super().learn(item, label)

    liked_days: list[int] = []
    run = harness.simulate(lambda u, c: Traced(u.seed), corpus, user, onboarding=onboarding)
    days = run.to_json()["days"]
    oracle = [min(int(d[1]), BUDGET) for d in days]
    return {"uid": user.uid, "kind": user.archetype, "sent": sent, "oracle": oracle,
            "liked": sum(1 for _, label in user.thumbs if label == "like"),
            "liked_days": liked_days,
            "utility": harness.user_period_metrics(days, 0, len(days))["utility_ratio"]}


def _loss(rows: list[dict[str, Any]], lo: int, hi: int) -> tuple[int, int, int, int]:
    """(oracle, notifications, wanted among them, missed) over days [lo, hi)."""
    oracle = sum(sum(r["oracle"][lo:hi]) for r in rows)
    sent = [s for r in rows for s in r["sent"] if lo <= s[0] < hi]
    hits = sum(1 for s in sent if s[3])
    return oracle, len(sent), hits, oracle - hits


def report(rows: list[dict[str, Any]]) -> None:
    days = len(rows[0]["oracle"])
    periods = ((0, WEEK, "days 1-7"), (WEEK, days, f"days 8-{days}"))
    total = sum(sum(r["oracle"]) for r in rows)
    lost = {name: _loss(rows, lo, hi) for lo, hi, name in periods}
    whole = sum(m + 0.5 * (n - h) for _, n, h, m in lost.values())
    print(f"loss against the oracle: {whole:.0f} of {total:.0f}")
    for name, (_, n, h, m) in lost.items():
        print(f"  {name}: missed {m} ({m / whole:.0%}), unwanted sent {n - h} "
              f"({0.5 * (n - h) / whole:.0%})")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[f"liked {min(r['liked'], 3)}{'+' if r['liked'] >= 3 else ''}"].append(r)
        groups[f"kind {r['kind']}"].append(r)
    print("\ngroup: users, utility 1-30; per period wanted sent / sent / oracle")
    for name in sorted(groups):
        rs = groups[name]
        utility = sum(r["utility"] or 0.0 for r in rs) / len(rs)
        cells = [f"{h}/{n}/{o}" for o, n, h, _ in (_loss(rs, lo, hi) for lo, hi, _ in periods)]
        print(f"  {name:16s} {len(rs):3d}  {utility:+.3f}  " + "  ".join(cells))
    silent = [r for r in rows if not any(s[0] >= WEEK for s in r["sent"])]
    unknown = [r for r in silent if not r["liked"]
               and not any(d < WEEK for d in r.get("liked_days", ()))]
    print(f"\nno notification from day 8 on: {len(silent)} users (liked none: "
          f"{sum(1 for r in silent if not r['liked'])}; no Like at all in days 1-7, the search "
          f"at the start's condition on day 8: {len(unknown)}, holding "
          f"{sum(sum(r['oracle'][WEEK:]) for r in unknown)}), holding "
          f"{sum(sum(r['oracle'][WEEK:]) for r in silent)} of "
          f"{sum(sum(r['oracle'][WEEK:]) for r in rows)} oracle items of days 8-{days}")
    reasons: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for r in rows:
        for day, reason, p, wanted in r["sent"]:
            reasons[f"{'1-7' if day < WEEK else f'8-{days}'} {reason}"].append((p, wanted))
    print("\nsent as: n, mean p, share wanted")
    for name in sorted(reasons):
        got = reasons[name]
        print(f"  {name:22s} {len(got):5d}  {sum(p for p, _ in got) / len(got):.3f}  "
              f"{sum(1 for _, w in got if w) / len(got):.3f}")


def rank_day(quick: Any, items: list[dict[str, Any]]) -> list[Any]:
    """The next day of ``quick``'s clock (a ``bench.quick_adapter.Quick`` with a ``day``):
    ``items`` ranked by the product in one transaction, its choice kept as the harness reads it
    (``quick.chosen``: the leads of the stories it notifies)."""
    import bench.quick_adapter as qa
    from notify.core.models import Decision
    from notify.core.store.sources import transaction

    quick.day += 1
    quick.now += qa.DAY
    with transaction(quick.conn):
        ranked: list[Any] = quick.service.rank_texts([to_text(i) for i in items], quick.now)
    quick.chosen = [i for i, r in enumerate(ranked)
                    if r.choice.decision is Decision.NOTIFY and r.choice.lead is None]
    return ranked


def run_population(argv: list[str] | None, doc: str | None, onboarding: str,
                   run_user: Callable[[Any, Any, str], dict[str, Any]],
                   report: Callable[[list[dict[str, Any]]], None],
                   wanted: Callable[[Any], bool] = lambda user: True) -> int:
    """A breakdown script's command line: ``run_user`` over the harness' population (the users
    ``wanted`` keeps), the rows written with ``--json``, then ``report``."""
    ap = argparse.ArgumentParser(description=doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", default="huffpost", choices=("huffpost", "mind"))
    ap.add_argument("--onboarding", default=onboarding,
                    choices=("full", "thumbs", "interests", "none"))
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="also write the per-user rows here")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(EVAL))
    from notifyeval import corpora, runner, users

    corpus = corpora.load(a.dataset)
    users.atom_index(corpus)
    rows = [run_user(corpus, u, a.onboarding)
            for u in runner.population(corpus, a.users, a.seed) if wanted(u)]
    if a.json:
        a.json.write_text(json.dumps(rows))
    report(rows)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_population(argv, __doc__, "thumbs", run_user, report)

if __name__ == "__main__":
    raise SystemExit(main())

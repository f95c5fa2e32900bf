"""Where days 16–30 go for drifting users: the change alarm, the search after it, what follows.

An analysis of the simulated users of ``../shared/eval`` (it reads their ground truth and their
kind, which no ranker may do; like ``bench/ranking_breakdown.py`` it is not a ranker). It runs
the harness' daily loop (``harness.simulate``) over the product's code in process
(``bench/quick_adapter.py``, so ``NQ_``/``NQC_`` overrides apply) for the drifting users only
(the same users, and so the same figures, as in a full run of the population), and records for
every notification why it was sent (sure, a test, the search after a change), whether the new
taste wanted it, whether the old one did, and the reaction; and each day's change alarm.

It prints, pooled and per user:

- the alarm: the day it fires (first from day 16), how many notifications of the old taste
  (wanted before day 16, not now) came from day 16 until it, and alarms before day 16 (false);
- the search after it: its items, how many wanted, liked; the day of the first Like in it;
- the first Like after the alarm, wanted or a curiosity Like: what was notified after it, and
  how much of it wanted (is the new taste followed once one Like found it?);
- the loss of days 16–30 as a share of the oracle's count: wanted items missed before the first
  wanted notification of the new taste and after it, old-taste items sent as sure, unwanted
  items of the search;
- the new taste's kind (inferred from the preference's atoms) and whether anything of it was
  ever notified (docs/ranking.md, seventeenth round).

    PYTHONPATH=. .venv/bin/python bench/drift_breakdown.py --dataset mind --json /tmp/d.json
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bench.ranking_breakdown import rank_day, reason_of, run_population

DRIFT = 15  # 0-based first day of the new taste (the harness' DRIFT_DAY)


def kind_of(pref: Any) -> str:
    """The kind of a preference, from its atoms (the harness' own drawing, users.py)."""
    if pref.avoid:
        return "mixed"
    clauses = pref.likes
    if all(len(c) == 2 for c in clauses):
        return "focused"
    kinds = {c[0][0] for c in clauses}
    if kinds in ({"source"}, {"tag"}):  # sections, or MIND subcategories (keywords have a word)
        return "topics"
    if kinds == {"author"}:
        return "authors"
    return "keywords"


def run_user(corpus: Any, user: Any, onboarding: str) -> dict[str, Any]:
    from notifyeval import harness

    import bench.quick_adapter as qa

    sent: list[dict[str, Any]] = []
    alarms: list[int] = []
    by_id: dict[str, dict[str, Any]] = {}
    old, new = user.masks[0], user.masks[-1]

    class Traced(qa.Quick):
        day = -1

        def score(self, items: list[dict[str, Any]]) -> list[float]:
            ranked = rank_day(self, items)
            idx = user.day_indices(self.day)
            for i in self.chosen:
                row = {"day": self.day, "why": reason_of(ranked[i].choice.why),
                       "p": round(ranked[i].p, 3), "wanted": bool(user.wanted(self.day, idx)[i]),
                       "old": bool(old[idx[i]]), "new": bool(new[idx[i]]),
                       "source": items[i]["source"], "label": None}
                sent.append(row)
                by_id[items[i]["id"]] = row
            return [r.p for r in ranked]

        def learn(self, item: dict[str, Any], label: str) -> None:
            before = self.service.profile.meta.get("changed_at")
            super().learn(item, label)
            if self.day >= 0:
                by_id[item["id"]]["label"] = label
                if self.service.profile.meta.get("changed_at") != before \
                        and self.service.profile.meta.get("changed_at") is not None:
                    alarms.append(self.day)

    run = harness.simulate(lambda u, c: Traced(u.seed), corpus, user, onboarding=onboarding)
    days = run.to_json()["days"]
    return {"uid": user.uid, "kinds": [kind_of(p) for _, p in user.phases],
            "prefs": [p.describe() for _, p in user.phases], "sent": sent, "alarms": alarms,
            "oracle": [min(int(d[1]), 10) for d in days], "wanted": [int(d[1]) for d in days],
            "p_like": round(user.p_like, 2), "p_dismiss": round(user.p_dismiss, 2)}


def _first(x: dict[str, Any] | None) -> str:
    if x is None:
        return "-"
    return f"(day {x['day'] + 1}, {x['why']}, {'wanted' if x['wanted'] else 'UNWANTED'})"


def _period(rows: list[dict[str, Any]], lo: int, hi: int) -> str:
    o = sum(sum(r["oracle"][lo:hi]) for r in rows)
    s = [x for r in rows for x in r["sent"] if lo <= x["day"] < hi]
    h = sum(1 for x in s if x["wanted"])
    u = (h - 0.5 * (len(s) - h)) / o if o else 0.0
    return f"utility {u:+.3f} recall {h / o if o else 0:.2f} sent {len(s)} wanted {h}"


def report(rows: list[dict[str, Any]]) -> None:
    n = len(rows)
    print(f"{n} drifting users")
    for lo, hi, name in ((0, DRIFT, "days 1-15"), (DRIFT, 20, "days 16-20"),
                         (20, 30, "days 21-30")):
        print(f"  {name}: {_period(rows, lo, hi)}")
    print("\nper user: kinds, alarm days, old-taste notifications from day 16 to the alarm,"
          " search items (wanted/liked), first Like from the alarm (or day 16 without one; its"
          " reason), sent/wanted from the alarm to that Like and after it")
    stats: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        sent = r["sent"]
        late = [a for a in r["alarms"] if a >= DRIFT]
        early = [a for a in r["alarms"] if a < DRIFT]
        alarm = late[0] if late else None
        upto = alarm if alarm is not None else 30
        stale = [x for x in sent if DRIFT <= x["day"] <= upto and x["old"] and not x["new"]]
        search = [x for x in sent if x["day"] >= DRIFT and x["why"] == "change"]
        start = alarm if alarm is not None else DRIFT
        liked = [x for x in sent if x["day"] >= start and x["label"] == "like"]
        first = liked[0] if liked else None
        split = first["day"] if first else 30
        before = [x for x in sent if start <= x["day"] <= split]
        after = [x for x in sent if x["day"] > split]
        found = any(x["wanted"] for x in sent if x["day"] >= DRIFT)
        k = by_kind[r["kinds"][-1]]
        k[0] += 1
        k[1] += found
        k[2] += sum(1 for x in sent if x["day"] >= DRIFT and x["wanted"])
        stats["alarm_day"].append(alarm + 1 if alarm is not None else float("nan"))
        stats["stale"].append(len(stale))
        stats["search"].append(len(search))
        stats["search_wanted"].append(sum(1 for x in search if x["wanted"]))
        stats["search_liked"].append(sum(1 for x in search if x["label"] == "like"))
        stats["early_alarms"].append(len(early))
        if first and alarm is not None:  # the first Like after the alarm: what follows it
            key = "wanted" if first["wanted"] else "unwanted"
            stats[f"{key}_users"].append(1)
            stats[f"{key}_after_sent"].append(len(after))
            stats[f"{key}_after_wanted"].append(sum(1 for x in after if x["wanted"]))
            stats[f"{key}_after_oracle"].append(sum(r["oracle"][split + 1:]))
        hit = next((x["day"] for x in sent if x["day"] >= DRIFT and x["wanted"]), 30)
        stats["missed_before_hit"].append(sum(r["oracle"][DRIFT:hit]))
        stats["missed_after_hit"].append(sum(r["oracle"][hit:]) - sum(
            1 for x in sent if x["day"] >= hit and x["wanted"]))
        stats["old_sure_unwanted"].append(sum(
            1 for x in sent if x["day"] >= DRIFT and x["why"] == "sure" and x["old"]
            and not x["wanted"]))
        stats["search_unwanted"].append(sum(1 for x in search if not x["wanted"]))
        print(f"  u{r['uid']:3d} {'->'.join(r['kinds']):18s} like {r['p_like']:.2f} dis "
              f"{r['p_dismiss']:.2f} alarms {[a + 1 for a in r['alarms']]} stale {len(stale):2d} "
              f"search {len(search):2d} ({sum(1 for x in search if x['wanted'])}/"
              f"{sum(1 for x in search if x['label'] == 'like')}) first like "
              f"{_first(first)}"
              f" before {len(before)}/{sum(1 for x in before if x['wanted'])} after "
              f"{len(after)}/{sum(1 for x in after if x['wanted'])} oracle16-30 "
              f"{sum(r['oracle'][DRIFT:])}")
        print(f"        new: {r['prefs'][-1][:110]}")
    print("\npooled:")
    alarmed = [d for d in stats["alarm_day"] if d == d]
    print(f"  alarm from day 16: {len(alarmed)} of {n} users; day of it: "
          f"{sorted(int(d) for d in alarmed)}")
    print(f"  old-taste notifications from day 16 up to the alarm (or day 30): "
          f"{sum(stats['stale']):.0f}")
    print(f"  alarms before day 16 (false): {sum(stats['early_alarms']):.0f}")
    print(f"  search items after an alarm: {sum(stats['search']):.0f}, wanted "
          f"{sum(stats['search_wanted']):.0f}, liked {sum(stats['search_liked']):.0f}")
    for key in ("wanted", "unwanted"):
        print(f"  first Like after an alarm {key}: {len(stats[key + '_users'])} users; after it "
              f"{sum(stats[key + '_after_sent']):.0f} notified, "
              f"{sum(stats[key + '_after_wanted']):.0f} wanted, the oracle's count "
              f"{sum(stats[key + '_after_oracle']):.0f}")
    oracle = sum(sum(r["oracle"][DRIFT:]) for r in rows)
    print(f"  loss of days 16-30, as a share of the oracle's {oracle}: wanted missed before the "
          f"first wanted notification {sum(stats['missed_before_hit']) / oracle:.2f}, after it "
          f"{sum(stats['missed_after_hit']) / oracle:.2f}; old-taste items sent as sure "
          f"{0.5 * sum(stats['old_sure_unwanted']) / oracle:.2f}; unwanted search items "
          f"{0.5 * sum(stats['search_unwanted']) / oracle:.2f}")
    print("  new taste's kind: users, with any wanted item notified from day 16, wanted "
          "notified from day 16")
    for kind, (u, f, h) in sorted(by_kind.items()):
        print(f"    {kind:9s} {u:3d} {f:3d} {h:4d}")
    reasons: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        for x in r["sent"]:
            if x["day"] >= DRIFT:
                reasons[x["why"]].append(x)
    print("  days 16-30 sent as: n, wanted (new), old-taste only, liked, dismissed, ignored")
    for why, xs in sorted(reasons.items()):
        print(f"    {why:8s} {len(xs):4d} {sum(x['wanted'] for x in xs):4d} "
              f"{sum(x['old'] and not x['new'] for x in xs):4d} "
              f"{sum(x['label'] == 'like' for x in xs):4d} "
              f"{sum(x['label'] == 'dismiss' for x in xs):4d} "
              f"{sum(x['label'] == 'ignore' for x in xs):4d}")


def main(argv: list[str] | None = None) -> int:
    return run_population(argv, __doc__, "full", run_user, report,
                          wanted=lambda user: user.archetype == "drift")

if __name__ == "__main__":
    raise SystemExit(main())

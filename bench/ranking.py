"""Ranking quality, measured by the outside protocol (../shared/eval), Notify beside the baselines.

Runs ``../shared/eval/run.py`` for the baselines and for Notify through the real process
contract (``cli:notify rank --jsonl --data-dir {data_dir}``), on both dev sets, in the main
(``full``) and cold-start (``thumbs``) onboarding conditions, then prints the target table.

    .venv/bin/python bench/ranking.py                 # 100 users a dataset (several minutes)
    .venv/bin/python bench/ranking.py --users 30      # quicker, wider intervals
    .venv/bin/python bench/ranking.py --report-only   # the table from results already there

Results go to eval-results in the repository root (git-ignored; ``NOTIFY_EVAL_OUT`` moves them),
from whatever folder this runs. One harness run at a time: the machine has two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
# where the harness writes its results and this script reads them: the same folder whatever
# the working directory (the harness runs in the repository root)
OUT = Path(os.environ.get("NOTIFY_EVAL_OUT") or REPO / "eval-results").resolve()
NOTIFY = f"cli:{Path(sys.executable).parent / 'notify'} rank --jsonl --data-dir {{data_dir}}"
BASELINES = ("newsblur", "logreg-greedy", "logreg-ts")
DATASETS = ("huffpost", "mind")


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]


def result_path(ranker: str, dataset: str, onboarding: str, users: int) -> Path:
    suffix = "" if users == 100 else f"__u{users}_s0"
    return OUT / "results" / onboarding / dataset / f"{slug(ranker)}{suffix}.json"


def run(ranker: str, dataset: str, onboarding: str, users: int) -> None:
    cmd = [sys.executable, str(EVAL / "run.py"), "--ranker", ranker, "--dataset", dataset,
           "--onboarding", onboarding, "--users", str(users)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=REPO, env={**os.environ, "NOTIFY_EVAL_OUT": str(OUT)})


def load(ranker: str, dataset: str, onboarding: str, users: int) -> dict[str, Any] | None:
    p = result_path(ranker, dataset, onboarding, users)
    if not p.exists():
        return None
    data: dict[str, Any] = json.loads(p.read_text())
    return data


def mean(v: Any) -> float | None:
    return None if v is None else float(v[0])


def fmt(v: float | None, target: float | None = None, *, higher: bool = True) -> str:
    if v is None:
        return "–"
    mark = ""
    if target is not None:
        ok = v >= target if higher else v <= target
        mark = " ✓" if ok else " ✗"
    return f"{v:.2f}{mark}"


def row(name: str, full: dict[str, Any] | None, cold: dict[str, Any] | None,
        dataset: str, is_notify: bool) -> str:
    if full is None:
        return f"| {name} | – | – | – | – | – | – | – |"
    s = full["summary"]
    p = s["periods"]
    util = mean(p["days 1-30"]["utility_ratio"])
    prec = mean(p["days 8-30"]["precision"])
    rec = mean(p["days 8-30"]["recall"])
    cold_u = mean(cold["summary"]["periods"]["days 1-30"]["utility_ratio"]) if cold else None
    drift = s["drift"].get("days 26-30")
    kinds = [mean(k["utility_ratio"]) for k in s["by_archetype"].values()]
    worst = min((k for k in kinds if k is not None), default=None)
    cold_t = 0.55 if dataset == "mind" else 0.45
    t = is_notify
    return (f"| {name} | {fmt(util, 0.72 if t else None)} | {fmt(prec, 0.85 if t else None)} | "
            f"{fmt(rec, 0.80 if t else None)} | {fmt(cold_u, cold_t if t else None)} | "
            f"{fmt(mean(drift), 0.60 if t else None)} | {fmt(worst, 0.0 if t else None)} | "
            f"{cost(full) if t else ''} |")


def cost(full: dict[str, Any]) -> str:
    c = full["summary"].get("cost_in_sim", {})
    runs = full.get("runs", [])
    sizes = [r.get("profile_bytes", 0) for r in runs]
    size = max(sizes) / 1024 if sizes else 0.0
    return (f"{c.get('ms_per_item_scored', 0):.2f} ms/item, "
            f"{c.get('ms_per_update', 0):.2f} ms/feedback, max profile {size:.0f} KiB")


def report(users: int) -> str:
    lines = []
    for dataset in DATASETS:
        lines.append(f"\n### {dataset} ({users} users, seed 0)\n")
        lines.append("| ranker | utility 1–30 (≥0.72) | precision 8–30 (≥0.85) | recall 8–30 "
                     "(≥0.80) | cold start utility | drift precision 26–30 (≥0.60) | "
                     "worst kind utility (≥0) | cost (process contract) |")
        lines.append("|---|---|---|---|---|---|---|---|")
        for r in (*BASELINES, "logreg-greedy+fullinfo", NOTIFY):
            name = "**Notify** (`notify rank --jsonl`)" if r == NOTIFY else r
            lines.append(row(name, load(r, dataset, "full", users),
                             load(r, dataset, "thumbs", users), dataset, r == NOTIFY))
    return "\n".join(lines)


def _waited_ns() -> int | None:
    """Nanoseconds this thread has waited for a core so far (Linux ``schedstat``'s run delay),
    or None where that is not known."""
    try:
        with open("/proc/thread-self/schedstat") as f:
            return int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None


def measure_cost(days: int = 30, per_day: int = 100, reactions: int = 10) -> str:
    """ms per item ranked and per feedback through ``notify rank``'s session (SQLite in a temp
    dir), wall clock and CPU time, on synthetic items of news length. On a shared machine the
    wall clock includes waiting for a core; where Linux says how long that was, the wall clock
    without it is printed too (what the same work takes on a machine of its own)."""
    import random
    import tempfile
    import time

    sys.path.insert(0, str(REPO))
    from notify.commands.rank import Session

    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(5000)]

    def item(i: int) -> dict[str, Any]:
        return {"id": str(i), "title": " ".join(rng.sample(vocab, 9)),
                "summary": " ".join(rng.sample(vocab, 45)), "source": f"section{i % 30}",
                "authors": [f"Author {i % 200}"], "tags": [], "link": f"https://n.example/{i}"}

    waits = _waited_ns() is not None
    rank_wait = fb_wait = 0  # ns waited for a core within the timed calls
    with tempfile.TemporaryDirectory() as tmp:
        s = Session(tmp)
        s.hello({"budget": 10, "seed": 0})
        rank_w = rank_c = fb_w = fb_c = 0.0
        n_items = n_fb = 0
        for day in range(days):
            items = [item(day * per_day + i) for i in range(per_day)]
            q = _waited_ns() if waits else 0
            w, c = time.perf_counter(), time.process_time()
            s.rank({"items": items})
            rank_w += time.perf_counter() - w
            rank_c += time.process_time() - c
            rank_wait += (_waited_ns() or 0) - (q or 0) if waits else 0
            n_items += len(items)
            for it in items[:reactions]:
                label = rng.choice(["like", "dismiss", "ignore"])
                q = _waited_ns() if waits else 0
                w, c = time.perf_counter(), time.process_time()
                s.feedback({"item": it, "label": label})
                fb_w += time.perf_counter() - w
                fb_c += time.process_time() - c
                fb_wait += (_waited_ns() or 0) - (q or 0) if waits else 0
                n_fb += 1
        size = s.profile({})["bytes"]
        s.close()
    line = (f"cost over {days} days × {per_day} items, {reactions} reactions a day: "
            f"rank {rank_w / n_items * 1e3:.2f} ms/item wall ({rank_c / n_items * 1e3:.2f} CPU), "
            f"feedback {fb_w / n_fb * 1e3:.2f} ms wall ({fb_c / n_fb * 1e3:.2f} CPU), "
            f"profile {size / 1024:.0f} KiB")
    if waits:
        line += (f"; wall without waiting for a core: rank "
                 f"{(rank_w - rank_wait / 1e9) / n_items * 1e3:.2f} ms/item, feedback "
                 f"{(fb_w - fb_wait / 1e9) / n_fb * 1e3:.2f} ms")
    return line


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--notify-only", action="store_true", help="do not re-run the baselines")
    ap.add_argument("--cost", action="store_true", help="only the cost measurement")
    args = ap.parse_args()
    if args.cost:
        print(measure_cost())
        return 0
    if not (EVAL / "run.py").exists():
        print(f"The evaluation harness is not at {EVAL}; nothing to run.", file=sys.stderr)
        return 2
    if not args.report_only:
        for dataset in DATASETS:
            rankers = [NOTIFY] if args.notify_only else [*BASELINES, "logreg-greedy+fullinfo",
                                                         NOTIFY]
            for r in rankers:
                run(r, dataset, "full", args.users)
            for r in [NOTIFY] if args.notify_only else [*BASELINES, NOTIFY]:
                run(r, dataset, "thumbs", args.users)
    print(report(args.users))
    print()
    print(measure_cost())
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The poll benchmark's figures: medians of the runs, the table, the targets checked, the
machine, and the docs page they are written to. Part of ``bench/poll.py`` (which re-exports
it)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROUNDS = (1, 2)  # a first round, then a second with nothing changed
REFERENCE = {  # the issue's figures on this machine (seconds, first round)
    "76": {"floor": 0.94, "newsboat": 1.71, "simple": 3.46},
    "670": {"floor": 8.8, "newsboat": 19.8, "simple": 38.4},
}
TARGETS = (
    "first round ≤ 1.3× the floor and faster than Newsboat (76 and 670 feeds)",
    "CPU of a first round ≤ 0.4× the straightforward poller's",
    "second round ≥ 95% answered 304, CPU ≤ 15% of the first",
    "max RSS ≤ 150 MB at 670 feeds",
)


@dataclass
class Measure:
    client: str
    round: int
    wall_s: float
    cpu_s: float
    rss_mb: float
    requests: int
    not_modified: int
    mb_in: float
    lag_p99_ms: float | None
    exit_code: int
    errors: int = 0
    farm_cpu_s: float = 0.0
    connections: int = 0  # TCP connections the farm accepted (keep-alive reuse shows here)
    round_s: float | None = None  # inside the process: the round itself, startup excluded
    round_cpu_s: float | None = None
    tree_mb: float = 0.0  # peak summed PSS of the client's process tree (pool workers too)


def opt_median(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _opt(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def medians(measures: list[Measure]) -> dict[tuple[str, int], Measure]:
    groups: dict[tuple[str, int], list[Measure]] = defaultdict(list)
    for m in measures:
        groups[(m.client, m.round)].append(m)

    def med(values: list[float]) -> float:
        return statistics.median(values)

    out = {}
    for key, ms in groups.items():
        lags = [m.lag_p99_ms for m in ms if m.lag_p99_ms is not None]
        out[key] = Measure(
            client=key[0], round=key[1], wall_s=med([m.wall_s for m in ms]),
            cpu_s=med([m.cpu_s for m in ms]), rss_mb=med([m.rss_mb for m in ms]),
            requests=round(med([m.requests for m in ms])),
            not_modified=round(med([m.not_modified for m in ms])),
            mb_in=med([m.mb_in for m in ms]), lag_p99_ms=med(lags) if lags else None,
            exit_code=max(m.exit_code for m in ms), errors=max(m.errors for m in ms),
            farm_cpu_s=med([m.farm_cpu_s for m in ms]),
            connections=round(med([m.connections for m in ms])),
            tree_mb=med([m.tree_mb for m in ms]),
            round_s=opt_median([m.round_s for m in ms]),
            round_cpu_s=opt_median([m.round_cpu_s for m in ms]),
        )
    return out


def table(rows: dict[tuple[str, int], Measure], clients: Sequence[str]) -> list[str]:
    lines = ["| client | round | wall s | CPU s | in-round s | in-round CPU s | max RSS MB "
             "| tree PSS MB | requests | 304s | conns | MB in | loop lag p99 ms | exit | errors "
             "| farm CPU s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for client in clients:
        for rnd in ROUNDS:
            m = rows.get((client, rnd))
            if m is None:
                continue
            lag = _opt(m.lag_p99_ms, ".1f")
            lines.append(f"| {client} | {rnd} | {m.wall_s:.2f} | {m.cpu_s:.2f} | "
                         f"{_opt(m.round_s, '.2f')} | {_opt(m.round_cpu_s, '.2f')} | "
                         f"{m.rss_mb:.0f} | {m.tree_mb:.0f} | {m.requests} | {m.not_modified} | "
                         f"{m.connections} | {m.mb_in:.1f} | "
                         f"{lag} | {m.exit_code} | {m.errors} | {m.farm_cpu_s:.2f} |")
    return lines


def checks(rows: dict[tuple[str, int], Measure], feeds: int, tag: str) -> list[str]:
    """The issue's targets for Notify, each with its ratio and PASS/FAIL."""
    n1, n2 = rows.get(("notify", 1)), rows.get(("notify", 2))
    floor, boat, simple = rows.get(("floor", 1)), rows.get(("newsboat", 1)), rows.get(("simple", 1))
    out: list[str] = []

    def check(ok: bool, text: str) -> None:
        out.append(f"- {'PASS' if ok else 'FAIL'}: {text}")

    if floor and simple:
        r = simple.wall_s / floor.wall_s
        out.append(f"- simple poller / floor (first round wall): {r:.2f}×"
                   f" (reference {REFERENCE[tag]['simple'] / REFERENCE[tag]['floor']:.2f}×)")
    if floor and boat:
        out.append(f"- newsboat / floor (first round wall): {boat.wall_s / floor.wall_s:.2f}×"
                   f" (reference {REFERENCE[tag]['newsboat'] / REFERENCE[tag]['floor']:.2f}×)")
    if n1 is None or n2 is None:
        out.append("- notify poll: not measured, so no target is checked")
        return out
    if n1.errors or n2.errors:
        out.append(f"- notify reported {n1.errors} / {n2.errors} failed sources (first / second "
                   f"round); see the children's log")
    if n1.exit_code or n2.exit_code:
        out.append(f"- FAIL: notify poll exited with status {n1.exit_code} / {n2.exit_code} "
                   "(first / second round): the figures below are not a working poll")
        if not n1.requests:
            return out
    if floor:
        r = n1.wall_s / floor.wall_s
        check(r <= 1.3, f"notify first round {n1.wall_s:.2f} s = {r:.2f}× the floor "
                        f"({floor.wall_s:.2f} s); target ≤ 1.3×")
    if boat:
        check(n1.wall_s < boat.wall_s, f"notify first round {n1.wall_s:.2f} s vs Newsboat "
                                       f"{boat.wall_s:.2f} s; target faster")
    if simple:
        r = n1.cpu_s / simple.cpu_s
        check(r <= 0.4, f"notify first-round CPU {n1.cpu_s:.2f} s = {r:.2f}× the straightforward "
                        f"poller's ({simple.cpu_s:.2f} s); target ≤ 0.4×")
        if n1.round_cpu_s is not None and simple.round_cpu_s:
            r = n1.round_cpu_s / simple.round_cpu_s
            out.append(f"- (in-round: notify first-round CPU {n1.round_cpu_s:.2f} s = {r:.2f}× "
                       f"the straightforward poller's {simple.round_cpu_s:.2f} s)")
    share = n2.not_modified / feeds
    check(share >= 0.95, f"notify second round: {n2.not_modified}/{feeds} = {share:.0%} answered "
                         f"304; target ≥ 95%")
    r = n2.cpu_s / n1.cpu_s if n1.cpu_s else 0.0
    check(r <= 0.15, f"notify second-round CPU {n2.cpu_s:.2f} s = {r:.0%} of the first; "
                     f"target ≤ 15%")
    if n1.round_cpu_s and n2.round_cpu_s is not None:
        r = n2.round_cpu_s / n1.round_cpu_s
        out.append(f"- (in-round, process start excluded: second-round CPU {n2.round_cpu_s:.2f} s "
                   f"= {r:.0%} of the first's {n1.round_cpu_s:.2f} s)")
    if tag == "670":
        rss = max(n1.rss_mb, n2.rss_mb)
        tree = max(n1.tree_mb, n2.tree_mb)
        check(max(rss, tree) <= 150, f"notify memory at 670 feeds: largest process {rss:.0f} MB "
                                     f"max RSS, whole process tree {tree:.0f} MB PSS at its "
                                     f"peak; target ≤ 150 MB")
    return out


def compared(rows: dict[tuple[str, int], Measure], status_cpu: dict[str, list[float]]
             ) -> list[str]:
    """``notify status`` on each checkout's data after its rounds (CPU, medians), and with
    ``--against`` the two checkouts side by side: each round's CPU and the second round's share
    of the first."""
    out = [f"- `notify status` CPU ({name}): {statistics.median(v):.3f} s (median of {len(v)})"
           for name, v in status_cpu.items() if v]
    for rnd in ROUNDS:
        a, b = rows.get(("notify", rnd)), rows.get(("against", rnd))
        if a is not None and b is not None:
            out.append(f"- round {rnd} CPU: notify {a.cpu_s:.3f} s, against {b.cpu_s:.3f} s "
                       f"({a.cpu_s / b.cpu_s - 1:+.0%}); in-round {_opt(a.round_cpu_s, '.3f')} "
                       f"vs {_opt(b.round_cpu_s, '.3f')} s; wall {a.wall_s:.2f} vs "
                       f"{b.wall_s:.2f} s")
    a1, a2 = rows.get(("against", 1)), rows.get(("against", 2))
    if a1 is not None and a2 is not None and a1.cpu_s:
        out.append(f"- (against: second-round CPU {a2.cpu_s:.2f} s = {a2.cpu_s / a1.cpu_s:.0%} "
                   "of its first)")
    return out


def commit_of(root: Path) -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, cwd=root, check=False).stdout.strip() or "unknown"


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    boat = [] if shutil.which("newsboat") is None else subprocess.run(
        ["newsboat", "--version"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=REPO, check=False).stdout.strip()
    return (f"{os.cpu_count()} × {model}; Python {sys.version.split()[0]}; "
            f"{boat[0] if boat else 'newsboat missing'}; notify at commit {commit}")


def write_docs(path: Path, report: list[str]) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = [
        "# Benchmarks", "",
        "## Poll (`bench/poll.py`)", "",
        f"Last run {stamp}: `.venv/bin/python bench/poll.py --write-docs docs/benchmarks.md`. "
        "Wall time is from spawning the client process to its exit (interpreter start "
        "included), CPU is user + system of that process (`wait4`), max RSS its largest "
        "process' peak (`VmHWM`, sampled); requests, 304s and bytes are counted by the feed "
        "farm. See `bench/README.md`.", "",
        "Targets (from the issue): " + "; ".join(TARGETS) + ".", "",
        *report,
    ]
    kept = ""  # a hand-written "## Findings" section survives a rerun
    if path.exists():
        old = path.read_text(encoding="utf-8")
        at = old.find("\n## Findings")
        kept = old[at:] if at >= 0 else ""
    path.write_text("\n".join(text).rstrip() + "\n" + kept, encoding="utf-8")

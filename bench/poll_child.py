"""The poll benchmark's child processes: each client runs as one, measured to its end (wall time,
CPU and max RSS from ``wait4`` and ``/proc``). Part of ``bench/poll.py`` (which re-exports it)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Child:
    exit_code: int
    wall_s: float
    cpu_s: float  # the child and the descendants it waited for (a process pool's workers)
    rss_mb: float  # the largest single process of the tree (what wait4 reports)
    tree_mb: float = 0.0  # peak of the summed PSS of the child and all its descendants


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        parent = stack.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                kids = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            found += [int(k) for k in kids]
            stack += [int(k) for k in kids]
    return found


def _tree_kb(pid: int, name: str, field: str) -> list[int]:
    """A ``/proc/PID/<name>`` field in kB (``Pss:`` of ``smaps_rollup``, ``VmHWM:`` of
    ``status``) of ``pid`` and each of its descendants still there (Linux)."""
    found = []
    for p in [pid, *_descendants(pid)]:
        try:
            with open(f"/proc/{p}/{name}", encoding="ascii") as fh:
                found += [int(line.split()[1]) for line in fh if line.startswith(field)][:1]
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
    return found


def tree_pss_mb(pid: int) -> float:
    """Summed proportional set size of ``pid`` and its descendants."""
    return sum(_tree_kb(pid, "smaps_rollup", "Pss:")) / 1024


def tree_hwm_mb(pid: int) -> float:
    """The largest peak resident size (``VmHWM``) of ``pid`` and its descendants."""
    return max(_tree_kb(pid, "status", "VmHWM:"), default=0) / 1024


def run_child(cmd: Sequence[str], env: dict[str, str], log: Path, cwd: Path) -> Child:
    """Run ``cmd`` to its end: wall time and CPU from ``wait4``, the largest process' peak
    resident size and the peak memory of the whole process tree (both sampled every 50 ms).

    Max RSS is ``VmHWM`` read from ``/proc`` while the child runs, not ``wait4``'s
    ``ru_maxrss``: Linux records into the latter the size of the process that forked the child
    as it was at the child's ``exec`` (a child started from a 500 MB pytest reported 503 MB for
    a 10 MB interpreter). ``ru_maxrss`` is the fallback for a child too short to be sampled."""
    with log.open("ab") as out:
        out.write(f"$ {' '.join(cmd)}\n".encode())
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=out,
                                stdin=subprocess.DEVNULL)
        peak, hwm = [0.0], [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], tree_pss_mb(proc.pid))
                hwm[0] = max(hwm[0], tree_hwm_mb(proc.pid))

        sampler = threading.Thread(target=sample, name="tree-rss", daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Child(proc.returncode, wall, usage.ru_utime + usage.ru_stime,
                 hwm[0] or usage.ru_maxrss / 1024, peak[0])


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = "*"
    env.update(extra)
    return env

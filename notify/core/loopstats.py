"""Event-loop lag: how late the loop runs a task that asked to wake every 10 ms.

A poll that parses a big feed on the loop thread, or runs SQL there, shows up here as lag: the
app's window and the scheduler wait that long. ``bench/poll.py`` reads the figures through the
``NOTIFY_BENCH_STATS`` hook:

    async with loopstats.bench_stats(lambda: {"new_items": summary.new_items}):
        summary = await engine.poll()

When ``NOTIFY_BENCH_STATS`` names a file, ``bench_stats`` runs a ``LagMonitor`` on the running
loop for the duration of the block and then writes one JSON object to that file
(``lag_p99_ms``, ``lag_p50_ms``, ``lag_max_ms``, ``lag_samples``, ``round_s``, ``round_cpu_s``
(CPU during the block: this process's threads plus its live child processes, e.g. a process
pool's workers; ``round_children_cpu_s`` is the latter part), plus what the callable
returns). Without the variable it does nothing and costs nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notify.core.task_end import cancel_and_wait

log = logging.getLogger(__name__)

ENV_VAR = "NOTIFY_BENCH_STATS"
INTERVAL_S = 0.010


@dataclass(frozen=True)
class LagStats:
    samples: int
    p50_ms: float
    p99_ms: float
    max_ms: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "lag_samples": self.samples,
            "lag_p50_ms": round(self.p50_ms, 2),
            "lag_p99_ms": round(self.p99_ms, 2),
            "lag_max_ms": round(self.max_ms, 2),
        }


def children_cpu_s() -> float:
    """CPU seconds used so far by this process's live child processes (a process pool's
    workers) and by the children they reaped; 0.0 where ``/proc`` is missing (not Linux)."""
    total_ticks = 0
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return 0.0
    for task in tasks:
        try:
            kids = Path(f"/proc/self/task/{task}/children").read_text().split()
        except OSError:
            continue
        for pid in kids:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue  # exited meanwhile
            fields = stat.rsplit(")", 1)[-1].split()
            # after "pid (comm)": state is fields[0]; utime, stime, cutime, cstime: 11..14
            total_ticks += sum(int(f) for f in fields[11:15])
    return total_ticks / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of ``values`` (0.0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


class LagMonitor:
    """Sleeps ``interval_s`` in a loop and records each overshoot. ``start()`` inside the
    running loop; ``await stop()`` returns the figures."""

    def __init__(self, interval_s: float = INTERVAL_S) -> None:
        self.interval_s = interval_s
        self._lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-lag")

    async def _run(self) -> None:
        clock = time.perf_counter
        while True:
            before = clock()
            await asyncio.sleep(self.interval_s)
            self._lags.append(max(0.0, clock() - before - self.interval_s))

    def snapshot(self) -> LagStats:
        lags = self._lags
        return LagStats(
            samples=len(lags),
            p50_ms=percentile(lags, 0.50) * 1000,
            p99_ms=percentile(lags, 0.99) * 1000,
            max_ms=max(lags, default=0.0) * 1000,
        )

    async def stop(self) -> LagStats:
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait(task)
        return self.snapshot()


@contextlib.asynccontextmanager
async def bench_stats(
    extra: Callable[[], Mapping[str, Any]] | None = None,
) -> AsyncIterator[LagMonitor | None]:
    """Measure the block's loop lag into ``$NOTIFY_BENCH_STATS`` (a no-op when unset)."""
    target = os.environ.get(ENV_VAR)
    if not target:
        yield None
        return
    monitor = LagMonitor()
    monitor.start()
    children_started = children_cpu_s()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        yield monitor
    finally:
        round_s = time.perf_counter() - started
        # a child that exited during the block takes its ticks with it: never below zero
        children_s = max(0.0, children_cpu_s() - children_started)
        round_cpu_s = time.process_time() - cpu_started + children_s
        lag = await monitor.stop()
        data: dict[str, Any] = {
            "round_s": round(round_s, 4), "round_cpu_s": round(round_cpu_s, 4),
            "round_children_cpu_s": round(children_s, 4), **lag.as_dict(),
        }
        if extra is not None:
            try:
                data.update(extra())
            except Exception:  # the figures must not break the poll they measure
                log.exception("collecting extra bench figures for %s failed", target)
        try:
            Path(target).write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            log.exception("could not write bench figures to %s (%s)", target, ENV_VAR)

"""The loop-lag monitor sees a blocked loop; the bench hook writes figures only when asked."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from notify.core import loopstats


def test_percentile_is_nearest_rank() -> None:
    values = [float(i) for i in range(1, 101)]
    assert loopstats.percentile(values, 0.99) == 99.0
    assert loopstats.percentile(values, 0.50) == 50.0
    assert loopstats.percentile([], 0.99) == 0.0


def test_monitor_records_a_blocked_loop() -> None:
    async def run() -> loopstats.LagStats:
        monitor = loopstats.LagMonitor()
        monitor.start()
        await asyncio.sleep(0.05)
        time.sleep(0.4)  # the loop thread blocked: the next wake-up is late
        await asyncio.sleep(0.05)
        return await monitor.stop()

    # a block far longer than a loaded machine's usual lag, so that neither bound is a race
    stats = asyncio.run(run())
    assert stats.samples >= 3
    assert stats.max_ms >= 350
    assert stats.p50_ms < 200


def test_bench_stats_writes_json_when_the_variable_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "stats.json"
    monkeypatch.setenv(loopstats.ENV_VAR, str(target))

    async def run() -> None:
        async with loopstats.bench_stats(lambda: {"new_items": 3}) as monitor:
            assert monitor is not None
            await asyncio.sleep(0.05)

    asyncio.run(run())
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["new_items"] == 3
    assert data["lag_samples"] >= 2
    assert data["round_s"] >= 0.05
    # this process's own CPU (child processes of other tests may run meanwhile in a full suite)
    assert 0 <= data["round_cpu_s"] - data["round_children_cpu_s"] < data["round_s"]
    assert data["round_children_cpu_s"] >= 0
    assert {"lag_p99_ms", "lag_p50_ms", "lag_max_ms"} <= set(data)


def test_bench_stats_does_nothing_without_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(loopstats.ENV_VAR, raising=False)

    async def run() -> object:
        async with loopstats.bench_stats() as monitor:
            return monitor

    assert asyncio.run(run()) is None
    assert list(tmp_path.iterdir()) == []


def test_children_cpu_counts_a_live_child_process() -> None:
    import subprocess
    import sys

    before = loopstats.children_cpu_s()
    busy = "import time\nt=time.process_time()\nwhile time.process_time()-t<0.3: pass\n" \
        "import sys; sys.stdin.read()"
    child = subprocess.Popen([sys.executable, "-c", busy], stdin=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while loopstats.children_cpu_s() - before < 0.25 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert loopstats.children_cpu_s() - before >= 0.25
    finally:
        child.communicate(b"", timeout=10)

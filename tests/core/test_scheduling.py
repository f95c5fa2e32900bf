# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""Poll intervals, jitter, backoff and the single round job (APScheduler 3.x)."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from pathlib import Path

import pytest

from notify.core import scheduling
from notify.core.engine import Engine, EngineConfig
from notify.core.events import PollFinished
from notify.core.models import Source
from notify.core.paths import Paths
from notify.core.scheduling import IntervalPolicy, interval_for
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401

MIN = 60
HOUR = 3600


def src(interval_s: int | None = None) -> Source:
    return Source(id=1, kind="feed", url="https://x.org/f", title="X", interval_s=interval_s)


def test_default_interval_comes_from_settings() -> None:
    assert interval_for(src(), IntervalPolicy()) == 30 * MIN
    assert interval_for(src(), IntervalPolicy(default_s=10 * MIN)) == 10 * MIN


def test_source_interval_wins_but_never_below_the_floors() -> None:
    assert interval_for(src(2 * HOUR), IntervalPolicy()) == 2 * HOUR
    assert interval_for(src(60), IntervalPolicy()) == 5 * MIN  # 5 minutes at least, always
    assert interval_for(src(6 * MIN), IntervalPolicy(minimum_s=15 * MIN)) == 15 * MIN
    assert interval_for(src(6 * MIN), IntervalPolicy(), kind_min_s=20 * MIN) == 20 * MIN


def test_a_kind_with_a_longer_default_keeps_it() -> None:
    assert interval_for(src(), IntervalPolicy(), kind_default_s=2 * HOUR) == 2 * HOUR
    assert interval_for(src(), IntervalPolicy(default_s=10 * MIN),
                        kind_default_s=30 * MIN) == 10 * MIN


def test_server_hints_only_ever_lengthen_up_to_a_day() -> None:
    assert interval_for(src(), IntervalPolicy(), hint_s=3 * HOUR) == 3 * HOUR
    assert interval_for(src(), IntervalPolicy(), hint_s=10 * MIN) == 30 * MIN
    assert interval_for(src(), IntervalPolicy(), hint_s=7 * 24 * HOUR) == 24 * HOUR
    # a user who asked for two days is not shortened by a hint
    assert interval_for(src(48 * HOUR), IntervalPolicy(), hint_s=72 * HOUR) == 48 * HOUR


def test_jitter_spreads_sources_added_together() -> None:
    rng = random.Random(3)
    times = [scheduling.next_after_success(0.0, 30 * MIN, rng) for _ in range(70)]
    assert all(27 * MIN <= t <= 33 * MIN for t in times)
    assert len({round(t) for t in times}) > 60


def test_failure_backoff_and_retry_after() -> None:
    rng = random.Random(1)
    delays = [scheduling.next_after_failure(0.0, n, 30 * MIN, rng) for n in range(1, 12)]
    assert all(30 * MIN <= d <= 24 * HOUR for d in delays)
    assert scheduling.next_after_failure(0.0, 1, 30 * MIN, rng, retry_at=5 * HOUR) == 5 * HOUR
    far = scheduling.next_after_failure(0.0, 1, 30 * MIN, rng, retry_at=1e9)
    assert far == scheduling.MAX_RETRY_AFTER_S


def test_a_run_missed_during_sleep_runs_once_then_rearms() -> None:
    calls: list[float] = []
    due = {"at": time.time() - 2 * HOUR}  # the machine slept through it

    async def run_round() -> None:
        calls.append(time.time())
        due["at"] = time.time() + HOUR

    async def main() -> float | None:
        schedule = scheduling.RoundSchedule(run_round, lambda: due["at"], clock=time.time)
        schedule.start()
        try:
            for _ in range(100):
                await asyncio.sleep(0.01)
                if calls:
                    break
            await asyncio.sleep(0.1)  # a second (wrong) run would happen now
            return schedule.next_run()
        finally:
            schedule.stop()

    next_run = asyncio.run(main())
    assert len(calls) == 1
    # re-armed for the next due time, but never asleep longer than max_sleep_s (900 s)
    assert next_run is not None and abs(next_run - (calls[0] + 900)) < 2


def test_idle_schedule_sleeps_long() -> None:
    async def never() -> None:
        raise AssertionError("nothing is due")

    async def main() -> float | None:
        schedule = scheduling.RoundSchedule(never, lambda: None, clock=time.time,
                                            max_sleep_s=900)
        schedule.start()
        try:
            await asyncio.sleep(0.05)
            return schedule.next_run()
        finally:
            schedule.stop()

    next_run = asyncio.run(main())
    assert next_run is not None and next_run - time.time() > 800


def test_a_failing_round_keeps_the_schedule_alive() -> None:
    calls: list[int] = []
    due = {"at": time.time() - 1}

    async def bad_round() -> None:
        calls.append(1)
        due["at"] = time.time() + HOUR
        raise RuntimeError("bug in a round")

    async def main() -> float | None:
        schedule = scheduling.RoundSchedule(bad_round, lambda: due["at"], clock=time.time)
        schedule.start()
        try:
            for _ in range(100):
                await asyncio.sleep(0.01)
                if calls:
                    break
            await asyncio.sleep(0.05)
            return schedule.next_run()
        finally:
            schedule.stop()

    assert asyncio.run(main()) is not None
    assert calls == [1]


def test_a_source_due_when_a_round_ends_gets_the_next_round(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A source added (or re-armed) during a round is due when it ends: the next round runs at
    once. The job re-armed then was skipped as a "second running instance" (a WARNING from
    apscheduler in the app's log) and dropped: no round ran until something re-armed."""
    calls: list[float] = []
    due = {"at": 0.0}

    async def run_round() -> None:
        calls.append(time.time())
        await asyncio.sleep(0.05)
        # first round: a source was added meanwhile (never polled: due now)
        due["at"] = 0.0 if len(calls) == 1 else time.time() + HOUR

    async def main() -> float | None:
        schedule = scheduling.RoundSchedule(run_round, lambda: due["at"], clock=time.time)
        schedule.start()
        try:
            for _ in range(200):
                await asyncio.sleep(0.01)
                schedule.rearm()  # what wake() does while a round runs (settings, a new source)
                if len(calls) >= 2:
                    break
            await asyncio.sleep(0.2)
            return schedule.next_run()
        finally:
            schedule.stop()

    with caplog.at_level(logging.DEBUG, logger="apscheduler"):
        next_run = asyncio.run(main())
    assert len(calls) == 2
    assert next_run is not None and next_run > time.time() + 10 * MIN
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert skipped == []


def test_engine_schedule_polls_due_sources_in_one_round(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    server.feed("/a", entries(1))
    server.feed("/b", entries(2))
    events: list[object] = []
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False),
                    listener=events.append).open()
    for path in ("/a", "/b"):
        engine.add_source(test_kind, server.url(path))

    async def main() -> tuple[int, float | None]:
        await engine.start()
        try:
            assert engine.schedule is not None
            for _ in range(1000):
                await asyncio.sleep(0.01)
                if any(isinstance(e, PollFinished) for e in events):
                    break
            await asyncio.sleep(0.05)
            return engine.schedule.rounds_run, engine.schedule.next_run()
        finally:
            await engine.stop()

    rounds, next_run = asyncio.run(main())
    assert rounds == 1
    assert next_run is not None and next_run > time.time() + 10 * MIN  # nothing due soon
    assert len(server.routes["/a"].hits) == 1 and len(server.routes["/b"].hits) == 1

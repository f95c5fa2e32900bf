# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""Poll intervals, jitter, backoff and the single round job (APScheduler 3.x)."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from notify.core import scheduling
from notify.core.engine import Engine
from notify.core.engine_config import EngineConfig
from notify.core.events import PollFinished, PollStarted, SettingsChanged
from notify.core.models import Source
from notify.core.paths import Paths
from notify.core.scheduling import IntervalPolicy, KindIntervals, interval_for
from notify.core.sources import registry
from notify.core.store import settings as settings_repo
from notify.core.store.db import connect
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401
from tests.support.hostile_server import HostileServer

MIN = 60
HOUR = 3600


def src(interval_s: int | None = None) -> Source:
    return Source(id=1, kind="feed", url="https://x.org/f", title="X", interval_s=interval_s)


def test_default_interval_comes_from_settings() -> None:
    assert interval_for(src(), IntervalPolicy()) == 30 * MIN
    assert interval_for(src(), IntervalPolicy(default_s=10 * MIN)) == 10 * MIN


def test_source_interval_wins_but_never_below_the_floors() -> None:
    assert interval_for(src(2 * HOUR), IntervalPolicy()) == 2 * HOUR
    assert interval_for(src(60), IntervalPolicy()) == 5 * MIN  # a kind without a minimum: 5
    assert interval_for(src(6 * MIN), IntervalPolicy(minimum_s=15 * MIN)) == 15 * MIN
    assert interval_for(src(6 * MIN), IntervalPolicy(), KindIntervals(minimum_s=20 * MIN)) == (
        20 * MIN)
    # nothing more often than once a minute, whatever a kind says
    assert interval_for(src(1), IntervalPolicy(), KindIntervals(minimum_s=1)) == MIN


def test_a_kind_with_a_default_of_its_own_keeps_it() -> None:
    assert interval_for(src(), IntervalPolicy(), KindIntervals(default_s=2 * HOUR)) == 2 * HOUR
    # shorter than the user's default too: Hacker News every 15 minutes, not 30
    assert interval_for(src(), IntervalPolicy(), KindIntervals(15 * MIN, 2 * MIN)) == 15 * MIN
    # the source's own interval wins, down to the kind's minimum
    assert interval_for(src(2 * MIN), IntervalPolicy(), KindIntervals(15 * MIN, 2 * MIN)) == (
        2 * MIN)
    # ... unless the user set a longer minimum for every source
    assert interval_for(src(2 * MIN), IntervalPolicy(minimum_s=10 * MIN),
                        KindIntervals(15 * MIN, 2 * MIN)) == 10 * MIN
    # a kind without a default of its own follows the user's
    assert interval_for(src(), IntervalPolicy(default_s=10 * MIN), KindIntervals()) == 10 * MIN


def test_the_declared_intervals_of_every_kind_apply() -> None:
    """What ``notify sources kinds`` and docs/sources.md say is what the schedule does."""
    policy = IntervalPolicy()  # the shipped settings
    expected = {  # kind: (default, minimum) in minutes, as docs/sources.md lists them
        "feed": (30, 5), "json": (30, 5), "github-notifications": (5, 1),
        "github-repo": (60, 5), "hackernews": (15, 2), "reddit": (15, 2), "mastodon": (10, 1),
        "youtube": (30, 10),
    }
    for kind_id, (default_min, minimum_min) in expected.items():
        kind = registry.get(kind_id)
        declared = KindIntervals.of(kind)
        source = Source(id=1, kind=kind_id, url="https://x.org/", title="X")
        assert interval_for(source, policy, declared) == default_min * MIN, kind_id
        assert scheduling.minimum_for(declared, policy) == minimum_min * MIN, kind_id
        assert (kind.default_interval_s, kind.min_interval_s) == (
            default_min * MIN, minimum_min * MIN), kind_id
    # the user's default moves the kinds that have none of their own (feeds), not the others
    longer = IntervalPolicy(default_s=2 * HOUR)
    assert interval_for(src(), longer, KindIntervals.of(registry.get("feed"))) == 2 * HOUR
    hn = Source(id=1, kind="hackernews", url="https://x.org/", title="X")
    assert interval_for(hn, longer, KindIntervals.of(registry.get("hackernews"))) == 15 * MIN


def test_server_hints_only_ever_lengthen_up_to_a_day() -> None:
    assert interval_for(src(), IntervalPolicy(), hint_s=3 * HOUR) == 3 * HOUR
    assert interval_for(src(), IntervalPolicy(), hint_s=10 * MIN) == 30 * MIN
    assert interval_for(src(), IntervalPolicy(), hint_s=7 * 24 * HOUR) == 24 * HOUR
    # a user who asked for two days is not shortened by a hint
    assert interval_for(src(48 * HOUR), IntervalPolicy(), hint_s=72 * HOUR) == 48 * HOUR
    # a kind's own default is stretched by a hint as well
    assert interval_for(src(), IntervalPolicy(), KindIntervals(15 * MIN, 2 * MIN),
                        hint_s=HOUR) == HOUR


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
            for _ in range(1000):  # 10 s at most for a loaded machine
                await asyncio.sleep(0.01)
                if calls:
                    break
            await asyncio.sleep(0.1)  # a second (wrong) run would happen now
            return schedule.next_run()
        finally:
            await schedule.stop()

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
            await schedule.stop()

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
            for _ in range(1000):  # 10 s at most for a loaded machine
                await asyncio.sleep(0.01)
                if calls:
                    break
            await asyncio.sleep(0.05)
            return schedule.next_run()
        finally:
            await schedule.stop()

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
            for _ in range(1000):  # 10 s at most for a loaded machine
                await asyncio.sleep(0.01)
                schedule.rearm()  # what wake() does while a round runs (settings, a new source)
                if len(calls) >= 2:
                    break
            for _ in range(1000):  # the second round ends and re-arms (10 s at most)
                at = schedule.next_run()
                if schedule._round is None and at is not None and at > time.time() + 10 * MIN:
                    break
                await asyncio.sleep(0.01)
            return schedule.next_run()
        finally:
            await schedule.stop()

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


def test_a_source_added_then_polled_at_once_is_one_round(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """The add wakes the schedule, whose round waits for the one the user asked for, which
    polls the new source: the schedule's round then has nothing to do and is left out (it ran
    empty: PollStarted(()) and PollFinished, the tray's "Polling…" flickered)."""
    server.feed("/a", entries(1))
    events: list[object] = []
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False),
                    listener=events.append).open()

    async def main() -> int:
        await engine.start()
        try:
            schedule = engine.schedule
            assert schedule is not None and schedule.rounds_run == 0  # no source: it sleeps
            source = engine.add_source(test_kind, server.url("/a"))  # wakes the schedule
            summary = await engine.poll([source.id])  # the user's "Poll now"
            assert [r.source_id for r in summary.reports] == [source.id]
            for _ in range(500):  # the schedule's round, woken by the add, has its turn
                await asyncio.sleep(0.01)
                if schedule.rounds_run and schedule._round is None:
                    break
            return schedule.rounds_run
        finally:
            await engine.stop()

    assert asyncio.run(main()) == 1  # the schedule woke
    rounds = [type(e).__name__ for e in events if isinstance(e, (PollStarted, PollFinished))]
    assert rounds == ["PollStarted", "PollFinished"]  # the user's round only
    assert len(server.routes["/a"].hits) == 1


def test_the_schedules_safety_wake_up_with_nothing_due_runs_no_round(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """``max_sleep_s`` wakes the schedule when no source is due: no empty round."""
    server.feed("/a", entries(1))
    events: list[object] = []
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False,
                                                  max_sleep_s=0.05),
                    listener=events.append).open()
    engine.add_source(test_kind, server.url("/a"))

    async def main() -> int:
        await engine.start()
        try:
            schedule = engine.schedule
            assert schedule is not None
            for _ in range(500):
                await asyncio.sleep(0.01)
                if schedule.rounds_run >= 4:  # the first round, then safety wake-ups
                    break
            # another process (``notify pause``) changes a setting: the next wake-up says so
            other = connect(engine.paths.db)
            try:
                settings_repo.write(other, "notify.paused_until", -1.0)
                other.commit()
            finally:
                other.close()
            for _ in range(500):
                await asyncio.sleep(0.01)
                if any(isinstance(e, SettingsChanged) for e in events):
                    break
            return schedule.rounds_run
        finally:
            await engine.stop()

    assert asyncio.run(main()) >= 4
    rounds = [type(e).__name__ for e in events if isinstance(e, (PollStarted, PollFinished))]
    assert rounds == ["PollStarted", "PollFinished"]  # the first round only
    assert len(server.routes["/a"].hits) == 1
    changed = [e for e in events if isinstance(e, SettingsChanged)]
    assert len(changed) == 1 and "notify.paused_until" in changed[0].keys


SILENT = "/slow?ms=60000"  # a server that does not answer for a minute


@pytest.fixture
def silent_server() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


async def _until_requested(server: HostileServer) -> None:
    """Until the engine's request reached the server (10 s at most)."""
    for _ in range(1000):
        if server.requests:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the engine never asked the server")


def test_stopping_the_engine_during_a_round_is_prompt_and_quiet(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, silent_server: HostileServer
) -> None:
    """The app quits while a scheduled round waits on a slow server: the round is cancelled
    and awaited, and nothing (APScheduler included) logs an error or a traceback."""
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False)).open()
    engine.add_source("feed", silent_server.url(SILENT))

    async def main() -> float:
        await engine.start()
        await _until_requested(silent_server)  # the scheduled round is fetching
        t0 = time.monotonic()
        await engine.stop()
        took = time.monotonic() - t0
        await asyncio.sleep(0.05)  # any late callback of the scheduler logs now
        return took

    with caplog.at_level(logging.DEBUG):
        took = asyncio.run(main())
    assert took < 10.0  # not the server's minute: slack for a loaded machine
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert noisy == [], [r.getMessage() for r in noisy]


def test_stopping_the_engine_ends_a_round_the_app_asked_for(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, silent_server: HostileServer
) -> None:
    """"Poll now" is a round outside the schedule: ``stop()`` cancels it as well and waits for
    it before it closes the store."""
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False)).open()
    source = engine.add_source("feed", silent_server.url(SILENT))

    async def main() -> tuple[float, bool]:
        await engine.start(schedule=False)
        poll_now = asyncio.create_task(engine.poll([source.id]))
        await _until_requested(silent_server)
        t0 = time.monotonic()
        await engine.stop()
        return time.monotonic() - t0, poll_now.cancelled()

    with caplog.at_level(logging.DEBUG):
        took, cancelled = asyncio.run(main())
    assert took < 10.0 and cancelled
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert noisy == [], [r.getMessage() for r in noisy]


def test_the_schedule_runs_under_a_posix_tz_string(tmp_path: Path) -> None:
    """Regression: with ``TZ=CET-1CEST`` style settings (a POSIX rule, no zoneinfo name),
    APScheduler's date trigger asked tzlocal for the local zone, which refuses such a TZ: the
    engine failed to start (the app showed "Notify's engine failed"). Notify's times are UTC."""
    import os
    import subprocess
    import sys

    script = (
        "import asyncio, time\n"
        "from notify.core.scheduling import RoundSchedule\n"
        "ran = []\n"
        "async def one() -> None:\n"
        "    ran.append(1)\n"
        "async def main() -> None:\n"
        "    s = RoundSchedule(one, lambda: time.time(), clock=time.time)\n"
        "    s.start()\n"
        "    for _ in range(100):\n"
        "        if ran:\n"
        "            break\n"
        "        await asyncio.sleep(0.02)\n"
        "    await s.stop()\n"
        "    print('ran', len(ran))\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "TZ": "XYZ-1:35"},
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith("ran ") and done.stdout.strip() != "ran 0"

# ruff: noqa: F811  (the shared fixtures "server" and "test_kind" are imported by name)
"""The engine's rounds (the app's) take the data folder's poll lock (``poll_lock``), as
``notify poll`` does, without ever waiting for it: while another process polls, a round is
put off (its sources ``skipped``, saying why), and the schedule polls what is still due once
that process is done. Regression: the app's rounds did not take the lock, so the app and a
``notify poll`` at once fetched every due source twice."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from notify.core import engine_rounds
from notify.core.engine import Engine
from notify.core.engine_config import EngineConfig
from notify.core.events import Event, PollStarted
from notify.core.paths import Paths
from tests.core.test_engine_kind import Server, entries, server, test_kind  # noqa: F401

# Another process's round: it takes the lock as ``notify poll`` does, says so, and holds it
# (as a poll that hangs) until its standard input closes.
HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.pwrite(fd, f"{os.getpid()} command\\n".encode(), 0)
print("held", flush=True)
sys.stdin.read()
"""


@contextmanager
def another_poll(data: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data / "poll.lock")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        if holder.poll() is None:
            release(holder)


def release(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=30)
    assert holder.stdout is not None
    holder.stdout.close()


def test_a_poll_now_while_another_process_polls_is_put_off_at_once(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    server.feed("/a", entries(1, 2))
    events: list[Event] = []
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False),
                    listener=events.append).open()
    try:
        source_id = engine.add_source(test_kind, server.url("/a")).id
        with another_poll(tmp_path) as holder:
            began = time.monotonic()
            summary = asyncio.run(engine.poll_all())  # the app's "Poll now"
            took = time.monotonic() - began
            assert holder.poll() is None  # it still holds the lock: nothing waited for it
        assert took < 2.0, f"the round waited {took:.1f} s for the other process"
        assert len(server.routes["/a"].hits) == 0  # not fetched beside the other's round
        [report] = summary.reports
        assert (report.source_id, report.status) == (source_id, "skipped")
        # who it is, as it wrote it (s16: "another Notify … (a 'notify poll'?)" guessed)
        assert report.message == (f"another 'notify poll' (process {holder.pid}) is polling "
                                  "this data folder; what it leaves due is polled after it")
        assert not [e for e in events if isinstance(e, PollStarted)]  # no "Polling…"
        summary = asyncio.run(engine.poll_all())  # it ended: the round runs
        assert [(r.status, r.new_items) for r in summary.reports] == [("updated", 2)]
        assert len(server.routes["/a"].hits) == 1
    finally:
        engine.close()


def test_the_schedule_polls_what_is_still_due_once_the_other_process_is_done(
    tmp_path: Path, server: Server, test_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_rounds, "BUSY_RETRY_S", 1.0)
    server.feed("/a", entries(1, 2))
    events: list[Event] = []
    began: list[float] = []
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False),
                    listener=events.append).open()

    async def main() -> tuple[int, float | None, float]:
        with another_poll(tmp_path) as holder:
            began.append(time.time())
            await engine.start()
            engine.add_source(test_kind, server.url("/a"))  # due at once: wakes the schedule
            await asyncio.sleep(0.5)
            schedule = engine.schedule
            assert schedule is not None
            put_off = schedule.rounds_run  # its round ran, and was put off
            next_run = schedule.next_run()
            hits_while_held = len(server.routes["/a"].hits)
            release(holder)
        for _ in range(500):  # then the schedule's next try polls the source
            if server.routes["/a"].hits:
                break
            await asyncio.sleep(0.01)
        await engine.stop()
        return put_off, next_run, hits_while_held

    try:
        put_off, next_run, hits_while_held = asyncio.run(main())
    finally:
        engine.close()
    assert put_off >= 1 and hits_while_held == 0
    # tried again BUSY_RETRY_S later, not at once in a busy loop (the source stayed due)
    assert next_run is not None and next_run >= began[0] + 0.9
    assert len(server.routes["/a"].hits) == 1
    assert len([e for e in events if isinstance(e, PollStarted)]) == 1


def test_notify_poll_holding_the_lock_runs_its_own_engine_round(
    tmp_path: Path, server: Server, test_kind: str
) -> None:
    """``notify poll`` holds the lock (``holding``) while its engine's round tries it: the
    same process takes it again, the round runs (``flock`` alone would refuse it)."""
    from notify.core import poll_lock

    server.feed("/a", entries(1, 2))
    engine = Engine(Paths(tmp_path), EngineConfig(seed=2, cpu_processes=False)).open()
    try:
        engine.add_source(test_kind, server.url("/a"))
        with poll_lock.holding(Paths(tmp_path), lambda busy: None):
            summary = asyncio.run(engine.poll())
        assert [r.status for r in summary.reports] == ["updated"]
        with another_poll(tmp_path):  # and it was let go: another process takes it
            pass
    finally:
        engine.close()

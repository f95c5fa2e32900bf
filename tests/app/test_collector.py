"""Every cyclic collection of the app's process on the GUI thread; full passes between rounds."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.collector import GuiThreadCollector, due, full_pass_due
from notify.app.qtcompat import emit
from notify.core.events import PollFinished, PollStarted, PollSummary
from tests.app.conftest import RSS
from tests.conftest import _COLLECTORS


class Node:
    """A cycle: only the collector frees it."""

    alive = 0

    def __init__(self) -> None:
        self.me = self
        Node.alive += 1

    def __del__(self) -> None:
        Node.alive -= 1


@pytest.fixture
def collector() -> Iterator[GuiThreadCollector]:
    """A collector of the test's own, the only one to make full passes while the test runs: the
    suite's (tests/conftest.py) holds its own meanwhile, as during a round. Its timer, started
    by the test before, fired in the middle of a test that checks that a full pass waits for
    the round's end (it failed once so on a loaded machine, where waits stretch)."""
    enabled = gc.isenabled()
    held = [suite for suite in _COLLECTORS if not suite.in_round]
    for suite in held:
        suite.in_round = True
        suite.timer.stop()
    made = GuiThreadCollector()
    yield made
    made.restore()
    for suite in held:
        suite.in_round = False
        suite.timer.start()  # what it held, DELAY_MS from now as after a round
    assert gc.isenabled() == enabled


def test_the_young_generations_are_picked_as_cpython_picks_them() -> None:
    thresholds = (700, 10, 10)
    assert due((700, 0, 0), thresholds) is None  # not over the threshold yet
    assert due((701, 0, 0), thresholds) == 0
    assert due((701, 11, 0), thresholds) == 1
    assert due((50_000, 3, 99), thresholds) == 0  # a full pass is never done here
    assert due((50_000, 3, 99), (0, 10, 10)) is None  # a threshold of 0: never
    assert full_pass_due((0, 0, 11), thresholds) and not full_pass_due((0, 0, 10), thresholds)


def test_qt_objects_in_cycles_are_freed_on_the_gui_thread_while_a_worker_allocates(
        qtbot: QtBot, collector: GuiThreadCollector) -> None:
    """The crash: a worker thread (the engine in a round) allocating cyclic garbage tripped the
    automatic collector, which then freed the GUI thread's garbage too, Qt objects included:
    deleted off their thread (a QWidget in such a cycle segfaults the process at once)."""
    gui = threading.current_thread()
    freed_on: list[str] = []
    stop = threading.Event()
    peak = [0]

    def engine_like() -> None:
        for _ in range(300):  # 300,000 cycles, 1,000 at a time, as a round's parsing makes them
            if stop.is_set():
                return
            for _ in range(1000):
                Node()
            peak[0] = max(peak[0], Node.alive)
            time.sleep(0.001)  # awaiting the network

    before = collector.young_passes + sum(c.young_passes for c in _COLLECTORS)
    worker = threading.Thread(target=engine_like, name="engine-like")
    worker.start()
    try:
        made = 0
        while worker.is_alive():
            owner = QObject()
            timer = QTimer(owner)
            timer.timeout.connect(lambda: owner.setObjectName("x"))  # noqa: B023
            owner.timer = timer  # type: ignore[attr-defined]  # and a cycle of Python's
            timer.owner = owner  # type: ignore[attr-defined]
            weakref.finalize(owner, lambda: freed_on.append(threading.current_thread().name))
            del owner, timer
            made += 1
            qtbot.wait(1)
    finally:
        stop.set()
        worker.join()
    qtbot.wait(10)
    assert made > 50 and len(freed_on) > 0.9 * made  # collected as it went, not at the end
    assert set(freed_on) == {gui.name}
    assert peak[0] < 150_000  # the worker's cycles were collected while it ran (of 300,000)
    # by this collector or the suite's own (tests/conftest.py), whichever the loop woke first
    assert collector.young_passes + sum(c.young_passes for c in _COLLECTORS) > before
    gc.collect()  # the stragglers, before the fixture turns automatic collection back on


def test_no_collection_runs_on_the_engine_thread_during_a_real_round(
        qtbot: QtBot, bridge: EngineBridge, httpserver: HTTPServer) -> None:
    """A source added (it is polled at once) and a round through the bridge with the real
    engine, thresholds lowered so that its allocations trip the collector again and again:
    every collection runs on the GUI thread, and the round's full pass after it."""
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    thresholds = gc.get_threshold()
    threads: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    gc.set_threshold(10, 5, 5)
    collector = GuiThreadCollector(bridge)
    collector.timer.setInterval(0)
    gc.callbacks.append(seen)
    try:
        with qtbot.waitSignal(bridge.pollFinished, timeout=15_000):
            ops.add_source(None, "feed", httpserver.url_for("/feed.xml"),
                           title="Local").run_in_background(bridge)
        with qtbot.waitSignal(bridge.pollFinished, timeout=15_000):
            bridge.submit(lambda engine: engine.poll([]))
        qtbot.waitUntil(lambda: collector.full_passes > 0, timeout=5000)
    finally:
        gc.callbacks.remove(seen)
        collector.restore()
        gc.set_threshold(*thresholds)
    assert threads
    assert set(threads) == {threading.main_thread().name}


def test_a_full_pass_waits_for_the_round_to_end(qtbot: QtBot,
                                                 collector: GuiThreadCollector) -> None:
    bridge = EngineBridge(lambda _listener: None)
    collector.watch(bridge)
    collector.timer.setInterval(0)
    emit(bridge.pollStarted, PollStarted((1,)))
    node = Node()
    gone = weakref.ref(node)
    gc.collect(1)  # it survives the young generations' pass: in generation 2 now
    del node  # garbage now, that only a full pass finds
    collector.collect_full()  # the timer of a pass due before the round started, say
    for suite in _COLLECTORS:  # the suite's, due since the test before: the load delayed it
        QTimer.singleShot(0, suite.collect_full)
    qtbot.wait(20)
    assert gone() is not None and collector.full_passes == 0
    emit(bridge.pollFinished, PollFinished(PollSummary(0.0, 1.0)))
    qtbot.waitUntil(lambda: collector.full_passes == 1, timeout=5000)
    assert gone() is None
    assert not collector.timer.isActive()  # then nothing is due: idle means no wake-up


def test_a_full_pass_made_due_outside_a_round_runs_soon_after(
        qtbot: QtBot, collector: GuiThreadCollector) -> None:
    collector.timer.setInterval(0)
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1)  # two young passes make a full one due
    try:

        def garbage_made_then_passes() -> int:
            [Node() for _ in range(2 * thresholds[0])]  # garbage at once
            return collector.full_passes

        qtbot.waitUntil(lambda: garbage_made_then_passes() > 0, timeout=5000)
    finally:
        gc.set_threshold(*thresholds)


def test_automatic_collection_stays_off(qtbot: QtBot, collector: GuiThreadCollector,
                                        caplog: pytest.LogCaptureFixture) -> None:
    """A library that turns it on again would let any thread collect: turned off, and said."""
    gc.enable()
    qtbot.wait(1)
    assert not gc.isenabled()
    assert "enabled again" in caplog.text


def test_only_made_on_the_gui_thread(qtbot: QtBot) -> None:
    failed: list[BaseException] = []

    def make() -> None:
        try:
            GuiThreadCollector()
        except RuntimeError as err:
            failed.append(err)

    worker = threading.Thread(target=make)
    worker.start()
    worker.join()
    assert failed and "GUI thread" in str(failed[0])


def test_the_command_line_keeps_pythons_own_collector(tmp_path: Path) -> None:
    """No Qt object in a command: nothing to protect, and collections as Python makes them."""
    code = ("import gc, sys\n"
            "from notify.cli import main\n"
            f"rc = main(['--data-dir', {str(tmp_path / 'd')!r}, 'status'])\n"
            "print(rc, gc.isenabled(), 'notify.app.collector' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 True False"

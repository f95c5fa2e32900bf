"""The bridge runs the real engine in its worker thread; the GUI thread never waits."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from notify.app import operations as ops
from notify.app.bridge import EngineBridge, EngineStopped, default_factory
from notify.core import events as ev
from notify.core.paths import Paths
from tests.app.conftest import call


@pytest.fixture
def _unused_bridge(qtbot: QtBot, paths: Paths) -> Iterator[EngineBridge]:
    b = EngineBridge(default_factory(str(paths.data_dir)))
    with qtbot.waitSignal(b.started, timeout=10_000):
        b.start()
    yield b
    b.stop()


def test_operations_run_off_the_gui_thread_and_call_back_on_it(
        qtbot: QtBot, bridge: EngineBridge) -> None:
    gui = threading.get_ident()
    seen: dict[str, Any] = {}

    def run(engine: Any) -> list[Any]:
        seen["run_thread"] = threading.get_ident()
        return engine.sources()

    def success(value: Any) -> None:
        seen["callback_thread"] = threading.get_ident()
        seen["value"] = value

    ops.Op(None, run, success).run_in_background(bridge)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["run_thread"] != gui
    assert seen["callback_thread"] == gui
    assert seen["value"] == []


def test_submit_returns_at_once_while_the_engine_is_busy(qtbot: QtBot,
                                                         bridge: EngineBridge) -> None:
    """The operation holds until the test lets it go, which it can only do once ``submit``
    returned: a ``submit`` that waited for the operation would see it give up instead (no
    wall-clock bound that a loaded machine could miss)."""
    import asyncio

    release = threading.Event()
    done: list[bool] = []

    async def held(_engine: Any) -> bool:
        for _ in range(500):  # 5 s at most, for a submit that waits for it
            if release.is_set():
                return True
            await asyncio.sleep(0.01)
        return False

    bridge.submit(held, done.append)
    assert done == []
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert done == [True]  # it was still running when submit returned


def test_add_source_emits_sources_changed_and_failure_reaches_the_callback(
        qtbot: QtBot, bridge: EngineBridge) -> None:
    added: list[Any] = []
    with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000) as changed:
        ops.add_source(None, "feed", "http://127.0.0.1:9/feed.xml", title="Local",
                       success=added.append).run_in_background(bridge)
    assert isinstance(changed.args[0], ev.SourcesChanged)
    qtbot.waitUntil(lambda: bool(added))
    assert added[0].title == "Local"
    errors: list[BaseException] = []
    ops.remove_source(None, 424242).failure(errors.append).run_in_background(bridge)
    qtbot.waitUntil(lambda: bool(errors))
    assert "424242" in str(errors[0])


def test_an_unhandled_failure_becomes_an_engine_error_signal(qtbot: QtBot,
                                                             bridge: EngineBridge) -> None:
    def boom(_engine: Any) -> None:
        raise ValueError("the source 'x' failed: check its URL")

    with qtbot.waitSignal(bridge.engineError) as blocker:
        bridge.submit(boom)
    assert "check its URL" in blocker.args[0]


def test_a_broken_data_folder_reports_start_failure(qtbot: QtBot, tmp_path: Any) -> None:
    blocker_file = tmp_path / "not-a-folder"
    blocker_file.write_text("x")
    b = EngineBridge(default_factory(str(blocker_file)))
    with qtbot.waitSignal(b.startFailed, timeout=10_000) as failed:
        b.start()
    assert failed.args[0]
    b.stop()


def test_stop_cancels_running_operations_before_the_engine_closes(
        qtbot: QtBot, paths: Paths) -> None:
    """Quit during a long operation (a poll now of many feeds): it is cancelled and ends while
    the engine is still open, then the engine stops. It used to be left pending on a loop that
    stopped under it, the engine's database closed beneath it."""
    import asyncio

    b = EngineBridge(default_factory(str(paths.data_dir)))
    with qtbot.waitSignal(b.started, timeout=10_000):
        b.start()
    seen: dict[str, Any] = {}

    async def long_operation(engine: Any) -> None:
        seen["started"] = True
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            seen["engine_open_when_cancelled"] = engine._conn is not None
            raise

    b.submit(long_operation)
    qtbot.waitUntil(lambda: "started" in seen)
    began = time.monotonic()
    b.stop()
    assert time.monotonic() - began < 5
    assert seen.get("engine_open_when_cancelled") is True
    assert not b._thread.isRunning()


def test_a_call_after_quitting_is_dropped_quietly(qtbot: QtBot, paths: Paths,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """A late read or timer while Notify quits is no error for the log or the person (it was
    logged as ERROR and said as "the engine is not running")."""
    import logging

    b = EngineBridge(default_factory(str(paths.data_dir)))
    with qtbot.waitSignal(b.started, timeout=10_000):
        b.start()
    b.stop()
    errors: list[str] = []
    b.engineError.connect(errors.append)
    with caplog.at_level(logging.DEBUG, logger="notify.app.bridge"):
        b.submit(lambda engine: engine.sources())
        qtbot.wait(50)
    assert errors == []
    assert [r.levelname for r in caplog.records if "after the engine stopped" in r.message] \
        == ["DEBUG"]
    failed: list[BaseException] = []
    b.submit(lambda engine: engine.sources(), failure=failed.append)  # a caller that asks
    assert failed and isinstance(failed[0], EngineStopped)  # the inbox's footer says nothing


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_a_window_an_operation_keeps_is_let_go_on_the_gui_thread(
        qtbot: QtBot, bridge: EngineBridge, monkeypatch: pytest.MonkeyPatch,
        outcome: str) -> None:
    """The segfault seen once in tests/app/test_firstrun.py on a loaded machine: the engine
    thread kept an operation's callbacks (``Op`` keeps its window) until its job returned, after
    it had posted the result. Descheduled between the two, it held the last reference once the
    GUI thread had delivered the result and the window had closed, and the window was deleted on
    the engine thread (a first-run dialog deleted there: Qt's "QBasicTimer::stop: Failed", then a
    segfault). Here the engine thread stalls right after posting each result, as the load made
    it, until the GUI thread has let the window go; the window is a plain object with a
    finalizer, which says on which thread it was freed without crashing anything."""
    import notify.app.bridge as bridge_module

    let_go = threading.Event()
    real_emit = bridge_module.emit

    def emit_then_stall(signal: Any, *args: Any) -> None:
        real_emit(signal, *args)
        if threading.current_thread() is not threading.main_thread():
            let_go.wait(5)

    monkeypatch.setattr(bridge_module, "emit", emit_then_stall)
    freed_on: list[str] = []
    said: list[str] = []

    class Window:
        """What an operation's run, success and failure keep (``Op``'s parent, ``self``)."""

    def ask_then_close() -> None:
        window = Window()
        weakref.finalize(window, lambda: freed_on.append(threading.current_thread().name))

        def run(engine: Any) -> Any:
            if outcome == "failure":  # its traceback keeps this frame, and the window
                raise RuntimeError(f"refused for {type(window).__name__}")
            return engine.sources()

        ops.Op(None, run, lambda value: said.append(f"{value} {window}")).failure(
            lambda err: said.append(f"{type(err).__name__} {window}")
        ).run_in_background(bridge)

    ask_then_close()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    qtbot.wait(10)  # the delivery's own references gone too (an event-loop turn)
    let_go.set()
    call(qtbot, bridge, lambda engine: None)  # the stalled job returned, the next one ran
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    assert freed_on == [threading.main_thread().name]

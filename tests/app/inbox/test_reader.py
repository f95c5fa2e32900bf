"""The inbox's reader thread: answers reach the GUI thread, and never a window deleted while
its query ran (regression: closing the inbox while an item's detail was read raised
"Internal C++ object (QTableView) already deleted" in ``_got_detail``)."""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from notify.app.inbox.reader import Reader
from notify.core.paths import Paths
from tests.app.conftest import fill


class Window(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[object] = []
        self.failures: list[str] = []

    def answer(self, value: object) -> None:
        self.got.append(value)

    def failed(self, message: str) -> None:
        self.failures.append(message)


def test_an_answer_for_a_deleted_owner_is_dropped_and_others_still_arrive(
        qtbot: QtBot, paths: Paths, writer: sqlite3.Connection) -> None:
    reader = Reader(paths.db)
    gate = threading.Event()
    try:
        gone, alive, by_lambda = Window(), Window(), Window()

        def slow(conn: sqlite3.Connection) -> int:
            gate.wait(5)
            return int(conn.execute("SELECT 1").fetchone()[0])

        reader.submit(slow, gone.answer)  # a bound method: its object is the owner
        reader.submit(slow, lambda v: by_lambda.answer(v), owner=by_lambda)
        reader.submit(slow, alive.answer)
        shiboken6.delete(gone)
        shiboken6.delete(by_lambda)
        gate.set()
        qtbot.waitUntil(lambda: alive.got == [1], timeout=5000)
        assert gone.got == [] and by_lambda.got == []  # nothing called on a deleted window
    finally:
        reader.close()


def test_a_failure_for_a_deleted_owner_is_dropped(qtbot: QtBot, tmp_path: Path) -> None:
    reader = Reader(tmp_path / "missing" / "notify.sqlite3")
    try:
        gone, alive = Window(), Window()
        gate = threading.Event()

        def fails(conn: sqlite3.Connection) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        reader.submit(lambda conn: gate.wait(5), lambda _v: None)
        reader.submit(fails, gone.answer, gone.failed)
        reader.submit(fails, alive.answer, alive.failed)
        shiboken6.delete(gone)
        gate.set()
        qtbot.waitUntil(lambda: len(alive.failures) == 1, timeout=5000)
        assert gone.failures == []
    finally:
        reader.close()


def test_a_folder_without_a_database_yet_reads_as_empty_until_the_engine_creates_it(
        qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Regression: on a fresh data folder the inbox read before the engine had created the
    database, and the log said "reading the inbox … failed: Cannot write the database … Check
    that the folder is writable" (a reader, and a file that is simply not there yet)."""
    paths = Paths(tmp_path / "data").ensure()
    reader = Reader(paths.db)
    window = Window()

    def count(conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT count(*) FROM items").fetchone()[0])

    try:
        with caplog.at_level(logging.DEBUG):
            reader.submit(count, window.answer, window.failed)
            qtbot.waitUntil(lambda: window.got == [0], timeout=5000)
            # the engine starts: the file exists but is not migrated yet (schema 0)
            sqlite3.connect(paths.db).close()
            reader.submit(count, window.answer, window.failed)
            qtbot.waitUntil(lambda: window.got == [0, 0], timeout=5000)
            fill(paths.db, 5)  # created and migrated: the inbox fills in
            reader.submit(count, window.answer, window.failed)
            qtbot.waitUntil(lambda: window.got == [0, 0, 5], timeout=5000)
        assert window.failures == []
        assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    finally:
        reader.close()


@pytest.mark.parametrize("outcome", ["answer", "failure"])
def test_a_window_a_query_keeps_is_let_go_on_the_gui_thread(
        qtbot: QtBot, paths: Paths, writer: sqlite3.Connection,
        monkeypatch: pytest.MonkeyPatch, outcome: str) -> None:
    """The reader thread kept the last job's query and callbacks (which keep their window) in
    its loop's names until the next job: once the GUI thread had delivered the answer and the
    window had closed, the next job (or ``close()``) freed the window on the reader thread,
    where Qt deletes a window's timers from the wrong thread and crashes (the engine thread's
    segfault, ``test_bridge.py``). Here the reader stalls right after posting each answer, as
    a loaded machine makes it, until the GUI thread has let the window go; the window is a
    plain object with a finalizer, which says on which thread it was freed."""
    import notify.app.inbox.reader as reader_module

    let_go = threading.Event()
    real_emit = reader_module.emit

    def emit_then_stall(signal: object, *args: object) -> None:
        real_emit(signal, *args)  # type: ignore[arg-type]
        if threading.current_thread() is not threading.main_thread():
            let_go.wait(5)

    monkeypatch.setattr(reader_module, "emit", emit_then_stall)
    reader = Reader(paths.db)
    freed_on: list[str] = []
    said: list[str] = []

    class Shown:
        """What a query and its callbacks keep (a window's ``self``)."""

    def ask_then_close() -> None:
        window = Shown()
        weakref.finalize(window, lambda: freed_on.append(threading.current_thread().name))

        def read(conn: sqlite3.Connection) -> int:
            if outcome == "failure":  # its traceback keeps this frame, and the window
                raise sqlite3.OperationalError(f"disk I/O error for {type(window).__name__}")
            return int(conn.execute("SELECT 1").fetchone()[0])

        reader.submit(read, lambda value: said.append(f"{value} {window}"),
                      lambda message: said.append(f"{message} {window}"))

    try:
        ask_then_close()
        qtbot.waitUntil(lambda: bool(said), timeout=5000)
        qtbot.wait(10)  # the delivery's own references gone too (an event-loop turn)
        let_go.set()
        after: list[object] = []
        reader.submit(lambda conn: 2, after.append)  # the stalled loop takes its next job
        qtbot.waitUntil(lambda: after == [2], timeout=5000)
        qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
        assert freed_on == [threading.main_thread().name]
    finally:
        let_go.set()
        reader.close()


def test_a_query_that_raises_an_unexpected_error_is_a_failure_and_the_reader_goes_on(
        qtbot: QtBot, paths: Paths, writer: sqlite3.Connection,
        caplog: pytest.LogCaptureFixture) -> None:
    """A query's bug (not a database error) ended the reader thread: its traceback went to
    the thread's last words, freed there with what the query kept, and the inbox never read
    again. Now it is a failure like any other, logged with its traceback."""
    reader = Reader(paths.db)
    window = Window()
    try:
        def buggy(conn: sqlite3.Connection) -> int:
            raise KeyError("no such column in the row")

        reader.submit(buggy, window.answer, window.failed)
        reader.submit(lambda conn: 1, window.answer, window.failed)
        qtbot.waitUntil(lambda: window.got == [1], timeout=5000)
        assert window.failures == ["'no such column in the row'"]
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1 and errors[0].exc_info is not None
    finally:
        reader.close()


def test_a_reader_whose_query_outlasts_close_is_never_freed_on_its_thread(
        qtbot: QtBot, paths: Paths, writer: sqlite3.Connection) -> None:
    """``close()`` waits a while for the thread; a query still running then keeps the thread,
    and the thread keeps the reader (its loop is the reader's method) until it ends. The GUI
    thread had let go of the reader by then: the thread's end freed it, a QObject deleted off
    the GUI thread with its answer still posted to it."""
    gate = threading.Event()
    freed_on: list[str] = []
    reader = Reader(paths.db)
    thread = reader._thread
    weakref.finalize(reader, lambda: freed_on.append(threading.current_thread().name))
    reader.submit(lambda conn: gate.wait(5), lambda _v: None)
    reader.close(timeout_s=0.05)
    assert thread.is_alive()  # the query outlasted close()
    del reader
    gate.set()
    thread.join(5)
    assert not thread.is_alive()
    qtbot.wait(10)
    assert "notify-inbox-reader" not in freed_on

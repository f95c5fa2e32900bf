"""The inbox's reader thread: answers reach the GUI thread, and never a window deleted while
its query ran (regression: closing the inbox while an item's detail was read raised
"Internal C++ object (QTableView) already deleted" in ``_got_detail``)."""

from __future__ import annotations

import logging
import sqlite3
import threading
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

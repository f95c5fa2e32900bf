"""Quitting while the engine is stuck: the app ends promptly (within the bridge's stop
timeout: 0.2 s here; 2 s where the thread ends), with exit status 0, never aborted ("QThread:
Destroyed while thread is still running") nor hung, the database whole, and the log says
what was cut short.

Each case runs the app's own way out (``Shell.quit`` → ``Shell.shutdown`` → ``EngineBridge.stop``,
then ``main.end``) in a process of its own, this file run as a script: an abort or a hang there
fails the test instead of the test run."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
STOP_TIMEOUT_S = 0.2
# the cases where the thread ends give it the time to close the database once cut short, even
# on a loaded machine (the write is interrupted at half of it, the loop stopped at 3/4)
CLOSING_STOP_TIMEOUT_S = 2.0
LONG_S = 120  # how long each stuck operation would go on: far past the test's patience


def _quit(case: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path, float]:
    data = tmp_path / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent-notify-test-bus")
    done = subprocess.run([sys.executable, __file__, case, str(data)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    took = re.search(r"quit took ([\d.]+) s", done.stderr)
    assert took, f"the app did not quit (exit status {done.returncode}):\n{done.stderr}"
    return done, data, float(took.group(1))


def _whole(db: Path) -> list[str]:
    """The database after the app ended, opened as the next start would (``-wal`` folded in)."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT key FROM settings")]
    finally:
        conn.close()


def test_a_long_database_write_is_interrupted_and_rolled_back(tmp_path: Path) -> None:
    """The engine inside a write that would take minutes: the statement is interrupted, its
    transaction rolled back, the engine closes, the thread ends. Before, ``stop`` gave up after
    its timeout and the thread's ``QThread`` was destroyed while the write ran: exit status
    134."""
    done, data, took = _quit("write", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "QThread" not in done.stderr and "Traceback" not in done.stderr
    assert took < CLOSING_STOP_TIMEOUT_S + 3
    assert "a database write in progress was interrupted" in done.stderr
    assert "quitting cut short" not in done.stderr  # the thread ended: nothing left running
    assert not (data / "notify.sqlite3-wal").exists()  # closed, its log folded in
    assert "test.cut-short" not in _whole(data / "notify.sqlite3")  # nothing of it stored


def test_an_operation_that_blocks_the_engine_thread_does_not_hold_the_app(
        tmp_path: Path) -> None:
    """An operation blocking the engine's thread itself (no cancellation reaches it): the
    thread is left running and the process ends without waiting for it. Before: exit status
    134, "QThread: Destroyed while thread 'notify-engine' is still running"."""
    done, data, took = _quit("stuck", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "QThread" not in done.stderr and "Traceback" not in done.stderr
    assert took < 3
    assert "quitting cut short: the engine's thread still ran after 0.2 s" in done.stderr
    assert "Notify stopped" in done.stderr
    _whole(data / "notify.sqlite3")


def test_a_poll_round_that_ignores_cancellation_still_lets_the_database_close(
        tmp_path: Path) -> None:
    """A round whose fetch swallows its cancellation: the engine's ``stop`` waits for it for
    ever. The loop is stopped and the thread closes the database itself (its write-ahead log
    folded in). Before, the thread ended with the database still open: ``-wal`` left."""
    done, data, took = _quit("round", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "QThread" not in done.stderr and "Traceback" not in done.stderr
    assert took < CLOSING_STOP_TIMEOUT_S + 3
    assert "the engine's database closed after its operations were cut short" in done.stderr
    assert not (data / "notify.sqlite3-wal").exists()
    _whole(data / "notify.sqlite3")
    # the tasks it cut short are named, not destroyed pending (asyncio's ERROR, s16)
    assert "Task was destroyed but it is pending" not in done.stderr
    assert "ignored its cancellation" in done.stderr and "deaf_fetch" in done.stderr


# ----- the app, run by the tests above in a process of its own

def _long_write(conn: sqlite3.Connection, started: threading.Event) -> None:
    """A write transaction whose statement takes minutes (counting 10⁹ rows: CPU, not disk)."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO settings (key, value) VALUES ('test.cut-short', '1')")
    started.set()
    conn.execute("UPDATE settings SET value = value WHERE (WITH RECURSIVE c(x) AS (SELECT 1 "
                 "UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c)"
                 " > 0")
    conn.execute("COMMIT")


def _factory(case: str, data_dir: str, started: threading.Event) -> Any:
    from notify.app.bridge import default_factory
    from notify.core.engine import Engine
    from notify.core.paths import resolve

    if case != "round":
        return default_factory(data_dir)

    async def deaf_fetch(_request: Any) -> Any:
        """A fetch that swallows its cancellation (a bug, a library that retries)."""
        started.set()
        while True:
            try:
                await asyncio.sleep(LONG_S)
            except asyncio.CancelledError:
                continue

    return lambda listener: Engine(resolve(data_dir).ensure(), listener=listener,
                                   fetch=deaf_fetch)


def _operation(case: str, started: threading.Event) -> Any:
    if case == "write":
        return lambda engine: engine.write(_long_write, engine.conn, started)
    if case == "stuck":
        def stuck(_engine: Any) -> None:
            started.set()
            time.sleep(LONG_S)  # on the engine's thread: its loop runs nothing meanwhile
        return stuck

    async def round_(engine: Any) -> Any:
        engine.add_source("feed", "http://127.0.0.1:9/feed.xml", title="Deaf")
        return await engine.poll()
    return round_


def _run(case: str, data_dir: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from notify.app.main import end
    from notify.app.notifier import PopupNotifier
    from notify.app.shell import Shell
    from notify.core.paths import resolve

    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    app = QApplication([])
    started = threading.Event()
    shell = Shell(resolve(data_dir).ensure(), _factory(case, data_dir, started),
                  notifier=PopupNotifier(), use_tray=False)
    shell.bridge.stop_timeout_s = STOP_TIMEOUT_S if case == "stuck" else CLOSING_STOP_TIMEOUT_S
    shell.finished.connect(app.quit)
    asked: list[float] = []

    def quit_once_stuck() -> None:
        if started.is_set() and not asked:
            asked.append(time.monotonic())
            shell.quit()

    watch = QTimer(interval=10, timeout=quit_once_stuck)
    watch.start()
    shell.bridge.started.connect(
        lambda: shell.bridge.submit(_operation(case, started), failure=lambda _err: None))
    shell.start()
    status = int(app.exec())
    shell.shutdown()
    print(f"quit took {time.monotonic() - asked[0]:.2f} s", file=sys.stderr, flush=True)
    return end(shell.bridge, status)


if __name__ == "__main__":
    sys.exit(_run(sys.argv[1], sys.argv[2]))

"""The way out of a broken database at start-up (offscreen, real buttons, real files): a damaged
file → the dialog → Start fresh or Restore backup → the app starts; the damaged file is kept."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from notify.app.bridge import default_factory
from notify.app.notifier import PopupNotifier
from notify.app.recovery import FRESH, QUIT, RESTORE, RETRY, RecoveryDialog, open_or_recover
from notify.app.shell import Shell
from notify.core.errors import DatabaseLockedError, StoreError
from notify.core.paths import Paths
from notify.core.store import db as store_db
from tests.app.conftest import assert_not_blank, unnamed_controls


class Clicker:
    """Answers each dialog shown by ``open_or_recover`` by clicking one of its real buttons
    while its modal loop runs; keeps what each dialog offered and said."""

    def __init__(self, qtbot: QtBot, choices: list[str], shots: Path | None = None,
                 name: str = "recovery") -> None:
        self.name = name
        self.qtbot = qtbot
        self.choices = list(choices)
        self.shots = shots
        self.seen: list[tuple[list[str], str]] = []

    def __call__(self, dialog: RecoveryDialog) -> None:
        choice = self.choices.pop(0)
        self.seen.append((dialog.offered(), dialog.message.text() + " " + dialog.advice.text()))

        def click() -> None:
            assert dialog.isVisible()
            if self.shots is not None:
                assert_not_blank(dialog, self.shots / f"{self.name}-{len(self.seen)}.png")
            assert unnamed_controls(dialog) == []
            self.qtbot.mouseClick(dialog.buttons[choice], Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, click)
        dialog.exec()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _aside(paths: Paths) -> list[Path]:
    return sorted(p for p in paths.data_dir.iterdir()
                  if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm")))


@pytest.fixture
def started() -> Iterator[list[Shell]]:
    shells: list[Shell] = []
    yield shells
    for s in shells:
        s.notifier.shutdown()
        s.bridge.stop()
        s.reader.close()
        for w in (s.inbox, s.settings, s.firstrun):
            if w is not None:
                w.close()


def _start_app(qtbot: QtBot, paths: Paths, started: list[Shell]) -> Shell:
    shell = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
                  use_tray=False)
    started.append(shell)
    with qtbot.waitSignal(shell.bridge.started, timeout=10_000):
        shell.start()
    return shell


def _sources(qtbot: QtBot, shell: Shell) -> list[str]:
    out: list[Any] = []
    shell.bridge.submit(lambda engine: [s.url for s in engine.sources()], out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=5000)
    return list(out[0])


def test_damaged_database_start_fresh_keeps_the_old_file_and_the_app_starts(
        qtbot: QtBot, paths: Paths, shots_dir: Path, started: list[Shell]) -> None:
    paths.db.write_bytes(os.urandom(64 * 1024))
    before = _sha(paths.db)
    clicker = Clicker(qtbot, [FRESH], shots_dir, "recovery-fresh")
    assert open_or_recover(paths.db, clicker)
    [(offered, text)] = clicker.seen
    assert offered == ["Start fresh", "Quit"]  # no backup exists: no restore offered
    assert "is damaged" in text and "No backup" in text and "nothing is deleted" in text
    [kept] = _aside(paths)
    assert _sha(kept) == before, "the damaged file is kept, byte for byte"
    shell = _start_app(qtbot, paths, started)
    assert _sources(qtbot, shell) == []


def test_the_dialog_says_what_failed_without_the_command_lines_ways_out(
        qtbot: QtBot, paths: Paths) -> None:
    """A live session: above "No backup of it exists" the dialog said "Restore a backup from
    …/backups or start fresh …: 'notify repair --restore-backup' or 'notify repair
    --start-fresh'" (the command line's advice): a backup that is not there, and commands
    for a terminal where the dialog's buttons are the ways out."""
    from notify.app.recovery import what_failed
    from notify.core.errors import DatabaseCorruptError

    paths.db.write_bytes(b"garbage garbage!" + os.urandom(64 * 1024))
    clicker = Clicker(qtbot, [QUIT])
    assert not open_or_recover(paths.db, clicker)
    [(offered, text)] = clicker.seen
    assert offered == ["Start fresh", "Quit"]
    message = text.split(" No backup")[0]
    assert message == f"The database {paths.db} is damaged (file is not a database)."
    assert "notify repair" not in text and "Restore a backup" not in text
    assert "No backup of it exists" in text
    # any other error keeps its words, the command's advice aside
    other = StoreError(f"The database {paths.db} cannot be used (disk I/O error). Run "
                       "'notify repair' to check it; if it is damaged, 'notify repair "
                       "--restore-backup' puts a backup in its place.")
    assert what_failed(other) == f"The database {paths.db} cannot be used (disk I/O error)."
    locked = DatabaseLockedError("The database x is locked by another program (is another "
                                 "Notify running?). Close it and try again.")
    assert what_failed(locked) == str(locked)
    assert what_failed(DatabaseCorruptError("The backup b is damaged too (bad). Choose another "
                                            "backup, or start fresh.")).startswith("The backup")


def test_damaged_database_restore_brings_the_sources_back(
        qtbot: QtBot, paths: Paths, shots_dir: Path, started: list[Shell]) -> None:
    conn = store_db.connect(paths.db)
    conn.execute("INSERT INTO sources (kind, url, title, created_at) "
                 "VALUES ('feed', 'http://127.0.0.1:9/saved.xml', 'Saved', 0)")
    store_db._backup(conn, paths.db, store_db.schema_version())  # the store's own backup
    conn.close()
    paths.db.write_bytes(b"\0" * 100 + os.urandom(32 * 1024))
    before = _sha(paths.db)
    clicker = Clicker(qtbot, [RESTORE], shots_dir, "recovery-restore")
    assert open_or_recover(paths.db, clicker)
    [(offered, text)] = clicker.seen
    assert offered[0].startswith("Restore backup from 20") and offered[1:] == ["Start fresh",
                                                                              "Quit"]
    assert "go back to the copy Notify made on" in text
    [kept] = _aside(paths)
    assert _sha(kept) == before
    shell = _start_app(qtbot, paths, started)
    assert _sources(qtbot, shell) == ["http://127.0.0.1:9/saved.xml"]


def test_a_damaged_backup_is_said_and_no_longer_offered(qtbot: QtBot, paths: Paths) -> None:
    paths.backups.mkdir()
    (paths.backups / "notify.v1.20260101-120000.sqlite3").write_bytes(os.urandom(8192))
    paths.db.write_bytes(os.urandom(8192))
    before = _sha(paths.db)
    clicker = Clicker(qtbot, [RESTORE, QUIT])
    assert not open_or_recover(paths.db, clicker)
    (first, _), (second, text) = clicker.seen
    assert first == ["Restore backup from 2026-01-01 12:00", "Start fresh", "Quit"]
    assert second == ["Start fresh", "Quit"]
    assert "is damaged too" in text
    assert _sha(paths.db) == before and _aside(paths) == [], "Quit leaves the file alone"


def test_a_database_from_a_newer_notify_only_explains(qtbot: QtBot, paths: Paths) -> None:
    store_db.connect(paths.db).close()
    raw = sqlite3.connect(paths.db)
    raw.execute(f"PRAGMA user_version = {store_db.schema_version() + 1}")
    raw.close()
    before = _sha(paths.db)
    clicker = Clicker(qtbot, [QUIT])
    assert not open_or_recover(paths.db, clicker)
    [(offered, text)] = clicker.seen
    assert offered == ["Quit"]
    assert "newer version of Notify" in text and "--data-dir" in text
    assert _sha(paths.db) == before


def test_locked_or_unwritable_offers_try_again(qtbot: QtBot, paths: Paths,
                                                shots_dir: Path) -> None:
    dialog = RecoveryDialog(DatabaseLockedError(f"The database {paths.db} is locked by another "
                                                "program. Close it and try again."),
                            paths.db, [])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.offered() == ["Try again", "Quit"]
    assert "Close the other Notify" in dialog.advice.text()
    assert_not_blank(dialog, shots_dir / "recovery-locked.png")
    qtbot.mouseClick(dialog.buttons[RETRY], Qt.MouseButton.LeftButton)
    assert dialog.choice == RETRY
    full = RecoveryDialog(StoreError("The disk holding x is full."), paths.db, [])
    qtbot.addWidget(full)
    assert full.offered() == ["Try again", "Quit"]


def test_try_again_opens_once_the_cause_is_gone(qtbot: QtBot, paths: Paths) -> None:
    paths.db.write_bytes(os.urandom(4096))
    moved = paths.data_dir / "elsewhere.sqlite3"

    def fix_then_retry(dialog: RecoveryDialog) -> None:
        paths.db.rename(moved)  # the user moves the file away themselves
        dialog.choice = RETRY

    assert open_or_recover(paths.db, fix_then_retry)
    assert moved.exists() and paths.db.exists()


def _click_when_shown(qtbot: QtBot, choice: str, seen: list[list[str]]) -> QTimer:
    """Clicks ``choice`` on the recovery dialog when one is shown (by code we do not call)."""
    from PySide6.QtWidgets import QApplication

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, RecoveryDialog) and widget.isVisible() \
                    and widget.choice == QUIT and not seen:
                seen.append(widget.offered())
                qtbot.mouseClick(widget.buttons[choice], Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(50)
    return timer


def test_a_damaged_page_met_when_the_engine_starts_is_repaired_and_it_starts_again(
        qtbot: QtBot, paths: Paths, started: list[Shell]) -> None:
    conn = store_db.connect(paths.db)
    conn.execute("INSERT INTO sources (kind, url, title, created_at) "
                 "VALUES ('feed', 'http://127.0.0.1:9/saved.xml', 'Saved', 0)")
    store_db._backup(conn, paths.db, store_db.schema_version())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'source_state'"
                        ).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    raw = bytearray(paths.db.read_bytes())
    raw[(root - 1) * size: root * size] = bytes(size)  # the file still opens; a table does not
    paths.db.write_bytes(bytes(raw))
    before = _sha(paths.db)
    assert open_or_recover(paths.db, lambda _d: pytest.fail("the quick check at launch is "
                                                            "not expected to see this page"))
    seen: list[list[str]] = []
    timer = _click_when_shown(qtbot, RESTORE, seen)
    shell = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
                  use_tray=False)
    started.append(shell)
    with qtbot.waitSignal(shell.bridge.started, timeout=20_000):
        shell.start()
    timer.stop()
    assert seen and seen[0][0].startswith("Restore backup from")
    [kept] = _aside(paths)
    assert _sha(kept) == before
    assert _sources(qtbot, shell) == ["http://127.0.0.1:9/saved.xml"]

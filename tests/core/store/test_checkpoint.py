"""``db.checkpoint``: the write-ahead log copied into the database at the end of a round, and
started again there, so that the next commit (often a reaction's) neither copies it nor waits
for the sync of its new header."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

import pytest

from notify.core.store import db
from notify.core.store.sources import transaction


def frames(conn: sqlite3.Connection) -> int:
    """Frames in the write-ahead log (a passive checkpoint reports them)."""
    return int(conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1])


def test_a_checkpoint_starts_the_log_again_itself(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "notify.sqlite3")
    with transaction(conn):
        for i in range(200):
            conn.execute("INSERT INTO profile (key, value) VALUES (?, ?)", (f"k{i}", "x" * 500))
    assert frames(conn) > 20
    db.checkpoint(conn)
    # the log holds only the one page the checkpoint wrote to start it again: the next
    # commit appends to it, with no header to write and sync
    assert frames(conn) == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.schema_version()
    # a round with nothing written since (the app idle) writes nothing
    reader = sqlite3.connect(tmp_path / "notify.sqlite3")
    version = reader.execute("PRAGMA data_version").fetchone()[0]
    db.checkpoint(conn)
    db.checkpoint(conn)
    assert reader.execute("PRAGMA data_version").fetchone()[0] == version
    reader.close()
    conn.close()
    again = db.connect(tmp_path / "notify.sqlite3")
    assert again.execute("SELECT COUNT(*) FROM profile").fetchone()[0] == 200
    again.close()


def test_a_checkpoint_does_not_wait_for_another_writer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A ``notify`` command writing meanwhile holds the lock: the round does not wait the busy
    timeout for it (that commit starts the log again itself), and says so in the log."""
    path = tmp_path / "notify.sqlite3"
    conn = db.connect(path)
    with transaction(conn):
        conn.execute("INSERT INTO profile (key, value) VALUES ('k', 'v')")
    other = db.connect(path)
    other.execute("BEGIN IMMEDIATE")
    try:
        caplog.set_level(logging.INFO, logger="notify.core.store.db")
        start = time.monotonic()
        db.checkpoint(conn)
        assert time.monotonic() - start < 1.0
        assert "starting the write-ahead log again" in caplog.text
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
        assert not conn.in_transaction
    finally:
        other.execute("ROLLBACK")
        other.close()
        conn.close()

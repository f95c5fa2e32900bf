"""Opening the database: a too-new file is refused, an older one is backed up first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notify.core.errors import DatabaseTooNewError, StoreError
from notify.core.store import db


def test_too_new_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    db.connect(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {db.schema_version() + 1}")
    raw.close()
    with pytest.raises(DatabaseTooNewError, match=r"newer version of Notify.*Update Notify"):
        db.connect(path)
    with pytest.raises(DatabaseTooNewError):
        db.connect(path, readonly=True)


def test_older_database_is_backed_up_before_migrating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notify.sqlite3"
    conn = db.connect(path)
    conn.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    conn.close()
    shipped = db.migrations()
    extra = db.Migration(len(shipped) + 1, "9999_test.sql", "CREATE TABLE added (x INTEGER);")
    monkeypatch.setattr(db, "migrations", lambda: [*shipped, extra])
    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == extra.version
    conn.close()
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700  # its user's alone
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == len(shipped)
    assert old.execute("SELECT value FROM settings WHERE key = 'k'").fetchone()[0] == "1"
    old.close()


def test_fresh_database_is_not_backed_up(tmp_path: Path) -> None:
    db.connect(tmp_path / "notify.sqlite3").close()
    assert not (tmp_path / "backups").exists()


def test_a_migration_sqlite_rolled_back_itself_says_why_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: when SQLite had already ended the transaction (a full disk; here ``OR
    ROLLBACK``), the migration's own ROLLBACK raised "no transaction is active", and that was
    the error shown instead of the real one."""
    path = tmp_path / "notify.sqlite3"
    db.connect(path).close()
    shipped = db.migrations()
    failing = db.Migration(len(shipped) + 1, "9999_test.sql", (
        "CREATE TABLE added (x INTEGER UNIQUE);\n"
        "INSERT INTO added VALUES (1);\n"
        "INSERT OR ROLLBACK INTO added VALUES (1);\n"))
    monkeypatch.setattr(db, "migrations", lambda: [*shipped, failing])
    with pytest.raises(StoreError) as caught:
        db.connect(path)
    message = str(caught.value)
    assert "UNIQUE constraint failed" in message and "no transaction" not in message
    assert "notify repair" in message  # what to do
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(shipped)
        assert raw.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'added'").fetchone()[0] == 0
    finally:
        raw.close()


def test_a_new_database_is_made_in_one_transaction(tmp_path: Path) -> None:
    """Each page of a new database is written to the write-ahead log once: one transaction per
    migration wrote the schema's pages again at each (169 KB of log for a 147 KB file, which
    a nearly full disk could not hold)."""
    path = tmp_path / "notify.sqlite3"
    conn = db.connect(path)
    try:
        pages, size = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count",
                                                                               "page_size"))
        frames = (path.with_name(path.name + "-wal").stat().st_size - 32) // (size + 24)
        assert frames <= pages
        assert conn.execute("PRAGMA user_version").fetchone()[0] == db.schema_version()
    finally:
        conn.close()


def test_version_4_records_who_named_each_existing_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing title that differs from the source's own title was the person's; one equal
    to it, Notify's; one whose source's own title was never read stays to be settled by its
    first poll (``source_names.title_is_given``). The version 3 file is backed up first."""
    path = tmp_path / "notify.sqlite3"
    shipped = db.migrations()
    with monkeypatch.context() as patch:
        patch.setattr(db, "migrations", lambda: shipped[:3])
        conn = db.connect(path)
    rows = [(1, "Mine", "World News"), (2, "World News", "World News"), (3, "", None),
            (4, "example.org", None), (5, "Hacker News: top", None)]
    for sid, title, own in rows:
        conn.execute("INSERT INTO sources (id, kind, url, title, created_at) "
                     "VALUES (?, 'feed', ?, ?, 0)", (sid, f"https://example.org/{sid}", title))
        conn.execute("INSERT INTO source_state (source_id, own_title) VALUES (?, ?)", (sid, own))
    conn.close()
    with monkeypatch.context() as patch:
        patch.setattr(db, "migrations", lambda: shipped[:4])
        conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    given = conn.execute("SELECT id, title_given FROM sources ORDER BY id").fetchall()
    assert [tuple(r) for r in given] == [(1, 1), (2, 0), (3, 0), (4, None), (5, None)]
    conn.close()
    (backup,) = (tmp_path / "backups").glob("notify.v3.*.sqlite3")
    old = sqlite3.connect(backup)
    assert old.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 5
    old.close()

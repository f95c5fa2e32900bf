"""The way out of a damaged database: backups listed newest first, restore and start fresh move
the damaged file (and its -wal/-shm) aside and never delete anything."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from notify.core.errors import DatabaseCorruptError, DatabaseTooNewError, StoreError
from notify.core.store import db, recovery


def _with_source(path: Path, url: str) -> None:
    conn = db.connect(path)
    conn.execute("INSERT INTO sources (kind, url, title, created_at) VALUES ('feed', ?, 't', 0)",
                 (url,))
    conn.close()


def _backup_now(path: Path) -> Path:
    """A pre-migration backup written by the store's own backup function."""
    conn = db.connect(path)
    try:
        return db._backup(conn, path, db.schema_version())
    finally:
        conn.close()


def _urls(path: Path) -> list[str]:
    conn = db.connect(path)
    try:
        return [r["url"] for r in conn.execute("SELECT url FROM sources ORDER BY id")]
    finally:
        conn.close()


def test_backups_are_listed_newest_first_with_their_date(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    assert recovery.list_backups(path) == []
    folder = tmp_path / "backups"
    folder.mkdir()
    for stamp in ("20260101-120000", "20261001-080000", "20250505-235959"):
        (folder / f"notify.v1.{stamp}.sqlite3").write_bytes(b"")
    (folder / "notify.v1.20261001-080000.sqlite3-wal").write_bytes(b"")  # a side file
    (folder / "other.v1.20261101-080000.sqlite3").write_bytes(b"")  # another database's
    (folder / "README.txt").write_text("not a backup")
    found = recovery.list_backups(path)
    assert [b.path.name for b in found] == ["notify.v1.20261001-080000.sqlite3",
                                            "notify.v1.20260101-120000.sqlite3",
                                            "notify.v1.20250505-235959.sqlite3"]
    assert found[0].version == 1
    assert found[0].label() == "2026-10-01 08:00"


def test_start_fresh_moves_the_file_and_its_side_files_aside(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    damage = os.urandom(8192)
    path.write_bytes(damage)
    assert isinstance(recovery.diagnose(path), DatabaseCorruptError)
    path.with_name("notify.sqlite3-wal").write_bytes(b"wal")
    path.with_name("notify.sqlite3-shm").write_bytes(b"shm")
    now = time.mktime((2026, 11, 29, 14, 5, 0, 0, 0, -1))
    aside = recovery.start_fresh(path, now=now)
    assert aside == tmp_path / "notify.sqlite3.damaged-20261129-140500"
    assert aside.read_bytes() == damage
    assert Path(f"{aside}-wal").read_bytes() == b"wal"
    assert Path(f"{aside}-shm").read_bytes() == b"shm"
    assert not path.exists() and not Path(f"{path}-wal").exists()
    assert recovery.diagnose(path) is None  # an empty database now opens
    assert _urls(path) == []
    # a second damage in the same second does not overwrite the first one kept aside
    path.write_bytes(b"garbage" * 100)
    second = recovery.start_fresh(path, now=now)
    assert second is not None and second != aside and aside.read_bytes() == damage


def test_restore_puts_the_backup_back_and_keeps_the_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    _with_source(path, "http://127.0.0.1:9/kept.xml")
    backup = _backup_now(path)
    _with_source(path, "http://127.0.0.1:9/later.xml")
    damage = os.urandom(16384)
    path.write_bytes(damage)
    path.with_name("notify.sqlite3-wal").write_bytes(b"stale wal of the damaged file")
    assert isinstance(recovery.diagnose(path), DatabaseCorruptError)
    [found] = recovery.list_backups(path)
    assert found.path == backup
    aside = recovery.restore(path, found)
    assert aside is not None and aside.read_bytes() == damage
    assert Path(f"{aside}-wal").read_bytes() == b"stale wal of the damaged file"
    assert not Path(f"{path}-wal").exists(), "the damaged file's WAL must not meet the backup"
    assert recovery.diagnose(path) is None
    assert _urls(path) == ["http://127.0.0.1:9/kept.xml"]
    assert backup.exists(), "the backup itself stays"


def test_a_damaged_backup_is_refused_and_nothing_moves(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    path.write_bytes(b"x" * 4096)
    bad = tmp_path / "backups" / "notify.v1.20260101-120000.sqlite3"
    bad.parent.mkdir()
    bad.write_bytes(os.urandom(4096))
    with pytest.raises(DatabaseCorruptError, match=r"backup .* is damaged too"):
        recovery.restore(path, recovery.list_backups(path)[0])
    assert path.read_bytes() == b"x" * 4096
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "notify.sqlite3"]
    with pytest.raises(StoreError, match="does not exist"):
        recovery.restore(path, tmp_path / "missing.sqlite3")


def test_diagnose_names_a_too_new_database(tmp_path: Path) -> None:
    path = tmp_path / "notify.sqlite3"
    db.connect(path).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {db.schema_version() + 1}")
    raw.close()
    assert isinstance(recovery.diagnose(path), DatabaseTooNewError)


"""``notify repair``: checks every page, lists backups, restores one or starts fresh on a damaged
database only, keeping the damaged file; the damaged-database sentence names the command."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from notify import cli
from notify.core.store import db as store_db


def _run(data: Path, *argv: str) -> int:
    return cli.main([*argv[:1], "--data-dir", str(data), *argv[1:]])


def _add(data: Path, url: str) -> None:
    assert _run(data, "sources", "add", "--no-check", url) == 0


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _aside(data: Path) -> list[Path]:
    return sorted(p for p in data.iterdir() if p.name.startswith("notify.sqlite3.damaged-")
                  and not p.name.endswith(("-wal", "-shm")))


def test_a_healthy_database_needs_no_repair_and_is_not_touched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert _run(data, "repair") == 0
    assert "nothing to repair" in capsys.readouterr().out
    _add(data, "http://127.0.0.1:9/a.xml")
    capsys.readouterr()
    assert _run(data, "repair") == 0
    assert "is fine" in capsys.readouterr().out
    assert _run(data, "repair", "--start-fresh") == 2
    assert "is not damaged; nothing was changed" in capsys.readouterr().err
    assert _aside(data) == []


def test_a_damaged_file_start_fresh_keeps_it(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "notify.sqlite3"
    db.write_bytes(os.urandom(64 * 1024))
    before = _sha(db)
    assert _run(data, "status") == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and "'notify repair --start-fresh'" in err
    assert _run(data, "repair") == 2
    out = capsys.readouterr().out
    assert "No backup exists" in out and "--start-fresh" in out
    assert _run(data, "repair", "--restore-backup") == 2
    assert "no backup of it exists" in capsys.readouterr().err
    assert _sha(db) == before, "asking is not acting"
    assert _run(data, "repair", "--start-fresh") == 0
    out = capsys.readouterr().out
    [kept] = _aside(data)
    assert str(kept) in out and _sha(kept) == before
    assert _run(data, "status") == 0


def test_a_damaged_page_is_found_and_the_newest_backup_restored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    _add(data, "http://127.0.0.1:9/old.xml")
    db = data / "notify.sqlite3"
    conn = store_db.connect(db)
    store_db._backup(conn, db, store_db.schema_version())  # the store's own backup
    conn.close()
    _add(data, "http://127.0.0.1:9/new.xml")
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    damaged = bytearray(db.read_bytes())
    damaged[4096 * 3: 4096 * 4] = bytes(4096)  # zero one table page: the header still opens
    db.write_bytes(bytes(damaged))
    before = _sha(db)
    capsys.readouterr()
    assert _run(data, "repair") == 2
    out = capsys.readouterr().out
    assert "is damaged" in out and "Backups, newest first:" in out and "schema v" in out
    assert _run(data, "repair", "--restore-backup") == 0
    assert "Restored" in capsys.readouterr().out
    [kept] = _aside(data)
    assert _sha(kept) == before
    assert _run(data, "sources", "list", "--json") == 0
    listing = capsys.readouterr().out
    assert "old.xml" in listing and "new.xml" not in listing


def test_a_too_new_database_is_not_repaired(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    _add(data, "http://127.0.0.1:9/a.xml")
    db = data / "notify.sqlite3"
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {store_db.schema_version() + 1}")
    raw.close()
    capsys.readouterr()
    assert _run(data, "repair", "--start-fresh") == 2
    assert "newer version of Notify" in capsys.readouterr().err
    assert _aside(data) == [] and db.exists()

"""A database as an older Notify left it: the first ``version`` migrations, then rows written
the way that version wrote them (for the upgrade and migration tests)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from notify.core.store import db


def older_database(path: Path, version: int, *, source_title: str,
                   items: Sequence[tuple[str, bool, bool]],
                   settings: Mapping[str, str] | None = None,
                   url: str = "https://example.org/feed") -> None:
    """One feed source at ``url`` named ``source_title`` with ``items`` (title, saved, read),
    first seen at 100.0, 101.0…, and ``settings``, in a database at schema ``version``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        for mig in db.migrations()[:version]:
            db._apply(raw, mig)
        raw.execute("INSERT INTO sources (kind, url, title, created_at) VALUES"
                    " ('feed', ?, ?, 1.0)", (url, source_title))
        for n, (title, saved, read) in enumerate(items):
            raw.execute("INSERT INTO items (source_id, key, title, first_seen, saved, read)"
                        " VALUES (1, ?, ?, ?, ?, ?)", (f"k{n}", title, 100.0 + n, int(saved),
                                                      int(read)))
        for key, value in (settings or {}).items():
            raw.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))
    finally:
        raw.close()


def backup_holds(backup: Path, version: int, items: int) -> bool:
    """Whether the backup an upgrade made is the older database: its schema ``version`` and its
    ``items``."""
    old = sqlite3.connect(backup)
    try:
        return (old.execute("PRAGMA user_version").fetchone()[0] == version
                and old.execute("SELECT COUNT(*) FROM items").fetchone()[0] == items)
    finally:
        old.close()

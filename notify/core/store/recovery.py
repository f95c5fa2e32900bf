"""The way out of a database that cannot be opened: restore a backup, or start fresh.

Nothing here deletes a file. The damaged database (with its ``-wal`` and ``-shm`` companions) is
moved aside as ``notify.sqlite3.damaged-<YYYYmmdd-HHMMSS>`` next to it; a restore then copies a
pre-migration backup (``backups/notify.v<N>.<YYYYmmdd-HHMMSS>.sqlite3``, written by
``store.db._backup``) into its place. The next ``connect`` migrates the restored copy forward.

Used by the desktop app's recovery dialog (``notify/app/recovery.py``) and ``notify repair``.
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from notify.core.errors import DatabaseCorruptError, StoreError
from notify.core.store.db import as_store_error, connect

log = logging.getLogger(__name__)

COMPANIONS = ("-wal", "-shm", "-journal")
"""SQLite's side files of a database: they belong to the file they sit next to."""
_BACKUP_RE = re.compile(r"^(?P<stem>.+)\.v(?P<version>\d+)\.(?P<stamp>\d{8}-\d{6})\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Backup:
    """One pre-migration copy of the database."""

    path: Path
    taken: float  # POSIX seconds, from the file name (its mtime when the name has none)
    version: int  # the schema version it holds (0: unknown)

    def label(self) -> str:
        """When it was taken, in local time, for buttons and listings."""
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.taken))


def list_backups(db: Path) -> list[Backup]:
    """The backups of ``db`` in ``<its folder>/backups``, newest first."""
    folder = db.parent / "backups"
    if not folder.is_dir():
        return []
    found: list[Backup] = []
    for entry in folder.iterdir():
        if not entry.is_file() or entry.name.endswith(COMPANIONS):
            continue
        m = _BACKUP_RE.match(entry.name)
        if m is None:
            if entry.suffix != ".sqlite3":
                continue
            found.append(Backup(entry, entry.stat().st_mtime, 0))
            continue
        if m.group("stem") != db.stem:
            continue
        try:
            taken = time.mktime(time.strptime(m.group("stamp"), _STAMP))
        except ValueError:
            taken = entry.stat().st_mtime
        found.append(Backup(entry, taken, int(m.group("version"))))
    found.sort(key=lambda b: (b.taken, b.path.name), reverse=True)
    return found


def diagnose(db: Path, *, thorough: bool = False) -> StoreError | None:
    """Open (and migrate) ``db`` the way the engine will; the ``StoreError`` it raises, if any.

    ``thorough`` also reads every page (``PRAGMA quick_check``): a damaged page deep inside an
    otherwise valid file only shows up when something reads it.
    """
    try:
        conn = connect(db)
    except StoreError as err:
        return err
    try:
        if thorough:
            problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("database disk image is malformed: "
                                            + "; ".join(problems))
    except sqlite3.Error as err:
        return as_store_error(err, db)
    finally:
        conn.close()
    return None


def _aside_name(db: Path, now: float) -> Path:
    stamp = time.strftime(_STAMP, time.localtime(now))
    target = db.with_name(f"{db.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = db.with_name(f"{db.name}.damaged-{stamp}-{n}")
    return target


def move_aside(db: Path, now: float | None = None) -> Path | None:
    """Rename ``db`` and its side files to ``<name>.damaged-<time>``; the new path of the main
    file (None when there was no file). Never deletes anything."""
    if not db.exists():
        return None
    target = _aside_name(db, time.time() if now is None else now)
    try:
        for suffix in COMPANIONS:
            side = db.with_name(db.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        db.rename(target)
    except OSError as err:
        raise StoreError(
            f"Cannot move the damaged database {db} aside ({err.strerror or err}). Check that "
            f"the folder {db.parent} is writable, or move the file away yourself."
        ) from err
    log.info("moved the damaged database %s aside to %s", db, target)
    return target


def start_fresh(db: Path, now: float | None = None) -> Path | None:
    """Move the damaged database aside; the next start creates an empty one. Returns where the
    old file went."""
    return move_aside(db, now)


def _check_backup(backup: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as err:
        result = str(err)
    if result != "ok":
        raise DatabaseCorruptError(
            f"The backup {backup} is damaged too ({result}). Choose another backup, or start "
            "fresh."
        )


def restore(db: Path, backup: Backup | Path, now: float | None = None) -> Path | None:
    """Put ``backup`` in place of ``db``: the backup is checked first, the damaged file is moved
    aside (never deleted), then a copy of the backup becomes ``db`` (the backup itself stays).
    Returns where the damaged file went (None when there was none)."""
    source = backup.path if isinstance(backup, Backup) else backup
    if not source.is_file():
        raise StoreError(f"The backup {source} does not exist. Choose another one, or start "
                         "fresh.")
    _check_backup(source)
    staging = db.with_name(db.name + ".restoring")
    try:
        shutil.copyfile(source, staging)
    except OSError as err:
        staging.unlink(missing_ok=True)
        raise StoreError(
            f"Cannot copy the backup {source} to {db.parent} ({err.strerror or err}). Check that "
            "the folder is writable and the disk is not full."
        ) from err
    aside = move_aside(db, now)
    try:
        staging.replace(db)
    except OSError as err:
        raise StoreError(
            f"Cannot put the backup in place of {db} ({err.strerror or err}); the copy is "
            f"{staging}. Check the folder's permissions."
        ) from err
    log.info("restored %s from the backup %s", db, source)
    return aside

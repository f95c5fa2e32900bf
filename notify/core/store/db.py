"""Opening the SQLite database: pragmas, numbered migrations, refusing a too-new file.

Migrations are ``migrations/NNNN_name.sql``, or ``NNNN_name.py`` for a change SQL cannot say (its
``migrate(conn)`` runs in the migration's transaction); ``PRAGMA user_version`` holds the last
one applied.
Each runs in its own transaction (a new database gets them all in one). A database written by a
newer Notify is refused (never downgraded); an older one is copied to ``backups/`` before it is
migrated.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from notify.core.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseTooNewError,
    StoreError,
)
from notify.core.logs import UPGRADE_LOGGER
from notify.core.paths import PRIVATE

log = logging.getLogger(__name__)
told = logging.getLogger(UPGRADE_LOGGER)

BUSY_TIMEOUT_MS = 5000
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.(sql|py)$")
# Beside this module (Notify is installed as files, never zipped): importlib.resources' reader
# (zipfile and importlib.readers imported for it) cost ~2 ms of CPU at every start.
_MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str  # "" for a Python migration (``name`` ends in ``.py``)

    def run(self, conn: sqlite3.Connection) -> None:
        """Apply it on ``conn``, inside the caller's transaction."""
        if self.name.endswith(".py"):
            module = importlib.import_module(f"{__package__}.migrations.{self.name[:-3]}")
            module.migrate(conn)
            return
        for statement in _split_sql(self.sql):
            conn.execute(statement)


def migrations() -> list[Migration]:
    """The numbered migrations shipped with this version, in order."""
    found: list[Migration] = []
    for entry in _MIGRATIONS.iterdir():
        m = _MIGRATION_RE.match(entry.name)
        if m:
            sql = entry.read_text("utf-8") if m.group(2) == "sql" else ""
            found.append(Migration(int(m.group(1)), entry.name, sql))
    found.sort(key=lambda mig: mig.version)
    for expected, mig in enumerate(found, start=1):
        if mig.version != expected:
            raise RuntimeError(f"migration numbering has a gap before {mig.name}")
    return found


def schema_version() -> int:
    """The schema version this code writes."""
    return len(migrations())


def _configure(conn: sqlite3.Connection, *, readonly: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        conn.execute("PRAGMA query_only = ON")  # no statement writes (see ``connect``)
    else:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite refused WAL mode (got %s); continuing", mode)
        # Statement journals in memory, not in a temp file: every INSERT into ``items`` keeps
        # one (its table has a trigger and a foreign key), inside the writer's savepoint per
        # source, and past 64 KiB SQLite spilled them to a file: a 76-feed first round wrote
        # 48 MB there in 23,000 pwrite calls (~15% of storing its items). The journal of a
        # savepoint is dropped when it is released: memory holds one source's at most.
        conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA synchronous = NORMAL")


def checkpoint(conn: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database now (a passive checkpoint: it waits for no
    reader), outside any transaction. Called at the end of a poll round and of a ranking
    round: SQLite's automatic checkpoint (every ~4 MB of log) otherwise runs inside whichever
    commit crosses the mark, often a person's reaction, which then waited for the sync of the
    database file (a reaction cost 1.02 ms instead of 0.89, bench/ranking.py --cost)."""
    if conn.in_transaction:
        return
    try:
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error as err:  # the next one, or SQLite's own, catches up
        log.warning("checkpointing the database's write-ahead log failed: %s", err)
        return
    # one frame: the page the last restart wrote (an idle round): nothing to start again
    if not busy and frames > 1 and copied == frames:
        _restart_log(conn)


def _restart_log(conn: sqlite3.Connection) -> None:
    """After a checkpoint that copied the whole log: start it again from its beginning now,
    with a write of one page (the schema version, unchanged). The first commit after such a
    checkpoint rewrites the log's header and waits for its sync (``fdatasync``: 0.2-3.5 ms
    on an ext4 disk); without this, that was the first reaction after every round. Another
    writer holding the lock (a ``notify`` command meanwhile) is not waited for: its own commit
    then starts the log again."""
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(f"PRAGMA user_version = {_current_version(conn)}")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as err:  # busy: the other writer's commit does it
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        log.info("starting the write-ahead log again after a checkpoint: %s", err)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


FULL_BELOW = 1 << 20  # a disk with less free space than this, where SQLite met an I/O error


def _free_bytes(folder: Path) -> int | None:
    """Free space on the file system holding ``folder`` for an ordinary user; None if unknown."""
    try:
        found = os.statvfs(folder)
    except OSError:
        return None
    return found.f_bavail * found.f_frsize


def _wrap(err: sqlite3.Error, path: Path) -> StoreError:
    text = str(err).lower()
    if ("disk i/o" in text or "unable to open" in text) and (
            (free := _free_bytes(path.parent)) is not None and free < FULL_BELOW):
        # SQLite says only "disk I/O error" when it cannot make its -shm/-wal files on a full
        # disk (opening a database closed cleanly): not a damaged database to repair
        return StoreError(f"The disk holding {path} is full ({free // 1024} KB free). Free "
                          "some space and try again.")
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"The database {path} is locked by another program (is another Notify running?). "
            "Close it and try again."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseCorruptError(
            f"The database {path} is damaged ({err}). Restore a backup from "
            f"{path.parent / 'backups'} or start fresh, keeping the damaged file: "
            "'notify repair --restore-backup' or 'notify repair --start-fresh'."
        )
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"Cannot change the database {path}: it or its folder is read-only ({err}). Make "
            f"them writable (chmod u+w {path.parent} {path}) or choose another folder with "
            "--data-dir; commands that only read (notify status, items, sources list) still "
            "work."
        )
    if "unable to open" in text:
        return StoreError(
            f"Cannot write the database {path} ({err}). Check that the folder is writable "
            "and the disk is not full, or choose another folder with --data-dir."
        )
    if "disk" in text and "full" in text:
        return StoreError(f"The disk holding {path} is full. Free some space and try again.")
    return StoreError(
        f"The database {path} cannot be used ({err}). Run 'notify repair' to check it; if it "
        "is damaged, 'notify repair --restore-backup' puts a backup in its place."
    )


def as_store_error(err: sqlite3.Error, path: Path) -> StoreError:
    """The user-facing ``StoreError`` for a SQLite error met while using the database at
    ``path`` (damaged, full disk, read-only, locked…)."""
    return _wrap(err, path)


def connect(path: Path, *, readonly: bool = False, migrate: bool = True) -> sqlite3.Connection:
    """Open (and, for a writer, migrate) the database at ``path``.

    A reader (``readonly``) needs the file to exist (it creates none) and writes nothing
    (``PRAGMA query_only``), but it is opened for reading and writing (``mode=rw``): the last
    connection to close, writer or reader, checkpoints the write-ahead log into the file and
    removes the ``-wal`` and ``-shm`` files, which a connection opened ``mode=ro`` cannot do
    (``notify status`` left both behind). Where the system refuses to let it write (a
    read-only folder or file: SQLite cannot make the ``-shm`` file a WAL reader needs), a
    reader still reads (``_reader``: ``mode=ro``, else ``immutable=1``); a writer is refused.
    A reader of a database an older Notify wrote migrates it first (``_upgraded_reader``);
    ``migrate=False`` reads it as it is.

    Raises a ``StoreError`` subclass with a user-facing message on any failure.
    """
    try:
        if readonly:
            return _upgraded_reader(path) if migrate else _reader(path)
        path.parent.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        _configure(conn, readonly=False)
        if migrate:
            _migrate(conn, path)
        else:
            _check_not_too_new(conn, path)
    except sqlite3.Error as err:
        raise _wrap(err, path) from err
    except OSError as err:
        raise StoreError(
            f"Cannot open the database {path}: {err.strerror or err}. Check the folder's "
            "permissions and free space, or choose another folder with --data-dir."
        ) from err
    return conn


# SQLite's primary result codes for "you may not write here" (the extended codes add high bits)
_SQLITE_READONLY = 8
_SQLITE_CANTOPEN = 14
_SQLITE_IOERR = 10


def _reader(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path`` that reads wherever the file can be read. First
    ``mode=rw`` (see ``connect``: it tidies the ``-wal``/``-shm`` files away when it is the last
    one out). Where writing is refused (a read-only folder, mount or file), ``mode=ro``: SQLite
    reads a WAL database so when its ``-shm`` file exists or can be made. Where neither (a
    read-only folder holding no ``-shm``, the usual state after the writer closed),
    ``immutable=1``: SQLite reads the file without locks or a ``-shm``, which is exact only while
    nobody changes it (nobody can write there) and only without a ``-wal`` file, whose
    transactions it would not see: a non-empty ``-wal`` there is refused saying what to do
    (docs/store.md, "Reading a read-only data folder"). A full disk, where SQLite cannot make
    the ``-shm`` either, is read the same way. Raises ``sqlite3.Error`` or
    ``StoreError``."""
    uri = path.absolute().as_uri()
    for mode in ("mode=rw", "mode=ro"):
        try:
            return _read_connection(f"{uri}?{mode}", path)
        except sqlite3.Error as err:
            if not _cannot_write(err, path):
                raise
            log.debug("reading %s with %s refused (%s)", path, mode, err)
    if _log_holds_changes(path):
        raise StoreError(
            f"Cannot read the database {path}: its folder is read-only and {path.name}-wal "
            "beside it holds changes not yet written into the database, which SQLite reads "
            f"only where it may write. Make the folder writable (chmod u+w {path.parent}) and "
            "run Notify once, or copy the folder elsewhere and use --data-dir."
        )
    return _read_connection(f"{uri}?mode=ro&immutable=1", path)


def _upgraded_reader(path: Path) -> sqlite3.Connection:
    """``_reader``, on a database at this version's schema: one an older Notify wrote is
    migrated first by a writer (backed up as any migration is), since this version's queries
    need its schema (after an upgrade, ``notify status`` said "cannot be used (no such column:
    title_given)" and sent the person to ``notify repair`` until something wrote). Where it may
    not be written, the reader is refused saying so."""
    conn = _reader(path)
    version, known = _current_version(conn), schema_version()
    if version in (0, known):  # 0: no schema yet, for the caller to find
        return conn
    conn.close()
    try:
        connect(path).close()
    except DatabaseLockedError:
        raise
    except StoreError as err:
        cause = err.__cause__
        if not (isinstance(cause, OSError) or (
                isinstance(cause, sqlite3.Error)
                and (_cannot_write(cause, path) or "readonly" in str(cause).lower()))):
            raise
        raise StoreError(
            f"The database {path} was written by an older version of Notify (schema "
            f"{version}; this version reads schema {known}) and must be upgraded before it "
            f"can be read, which its read-only folder does not allow. Make it writable "
            f"(chmod u+w {path.parent} {path}) and run the command again (the old database is "
            "kept in backups/ first), or copy the folder elsewhere and use --data-dir."
        ) from err
    return _reader(path)


def _read_connection(uri: str, path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        _configure(conn, readonly=True)
        _check_not_too_new(conn, path)  # the first read: where a missing ``-shm`` shows
    except BaseException:
        conn.close()
        raise
    return conn


def _cannot_write(err: sqlite3.Error, path: Path) -> bool:
    """Whether SQLite refused for want of write access (to the file, its folder, the -shm),
    or of room to write its -shm (an I/O error on a full disk: a reader still reads there)."""
    code = getattr(err, "sqlite_errorcode", None)
    if code is None:
        return False
    if code & 0xFF == _SQLITE_IOERR:
        free = _free_bytes(path.parent)
        return free is not None and free < FULL_BELOW
    return code & 0xFF in (_SQLITE_READONLY, _SQLITE_CANTOPEN)


def _log_holds_changes(path: Path) -> bool:
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except FileNotFoundError:
        return False


def _current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _check_not_too_new(conn: sqlite3.Connection, path: Path) -> int:
    current = _current_version(conn)
    known = schema_version()
    if current > known:
        raise DatabaseTooNewError(
            f"The database {path} was written by a newer version of Notify (schema {current}, "
            f"this version knows {known}). Update Notify, or use another --data-dir."
        )
    return current


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    folder = path.parent / "backups"
    folder.mkdir(mode=PRIVATE, parents=True, exist_ok=True)
    target = folder / f"{path.stem}.v{version}.{time.strftime('%Y%m%d-%H%M%S')}.sqlite3"
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    log.info("backed up schema v%d database to %s before migrating", version, target)
    return target


def connect_empty() -> sqlite3.Connection:
    """An empty database with this version's schema, in memory and read-only (``query_only``):
    what a command that only reads sees in a data folder with no database yet, which it does
    not create (``notify status`` on a fresh folder: no sources, no items, the default
    settings)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    for mig in migrations():
        _apply(conn, mig)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    current = _check_not_too_new(conn, path)
    pending = [m for m in migrations() if m.version > current]
    if not pending:
        return
    if current == 0:  # a new database: made in one transaction (its write-ahead log then
        # holds each page once: one transaction per script wrote the schema's pages up to three
        # times, 169 KB of log for a 147 KB file)
        _apply(conn, *pending)
        log.info("made %s at schema v%d", path, pending[-1].version)
        return
    backup = _backup(conn, path, current)
    for mig in pending:
        _apply(conn, mig)
        log.info("migrated %s to schema v%d (%s)", path, mig.version, mig.name)
    # said to the person (the command line prints this logger's records at every verbosity;
    # the app's log file keeps them): a data folder changed under them, and where the old is
    told.info("upgraded the database %s for this version of Notify (schema %d to %d); the one "
              "an older Notify left is kept as %s", path, current, pending[-1].version, backup)


def _apply(conn: sqlite3.Connection, *migs: Migration) -> None:
    # executescript() commits first; run statements inside one explicit transaction.
    conn.execute("BEGIN IMMEDIATE")
    try:
        for mig in migs:
            mig.run(conn)
        conn.execute(f"PRAGMA user_version = {migs[-1].version}")
        conn.execute("COMMIT")
    except BaseException:
        # SQLite may have rolled the transaction back itself (a full disk, ``OR ROLLBACK``):
        # a second ROLLBACK would raise "no transaction is active" and hide the real error
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (triggers contain ';' inside BEGIN…END)."""
    statements: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buf.strip():
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements

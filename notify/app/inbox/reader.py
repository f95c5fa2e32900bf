"""A reader thread with its own read-only SQLite connection, for the inbox's queries.

``Reader.submit(fn, callback)`` runs ``fn(conn)`` on the reader thread and ``callback(value)``
on the GUI thread. The GUI thread never runs a query itself. A window (or model) deleted while
its query ran gets no answer: the callback's ``owner`` (a bound method's object, or given) is
checked before it is called.

Only the GUI thread ever lets go of what a caller handed in (``tickets.py``): a query and its
callbacks keep their window, and the reader thread, keeping them in its loop's names until the
next job, freed a window whose only other holder had let go on the reader thread, where Qt
deletes it from the wrong thread. The reader thread gets a ticket; the GUI thread keeps the job
and takes it back with its answer (``tests/app/inbox/test_reader.py`` stalls the thread right
after it posts).

A data folder without a database yet (the engine creates it as it starts) reads as an empty
one, silently (``db.connect_empty``, as the read-only commands do); each query looks again, so
the inbox fills in once the engine has created and migrated the file.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from notify.app.qtcompat import emit
from notify.app.tickets import Tickets
from notify.core.errors import NotifyError
from notify.core.store.db import connect, connect_empty, schema_version

log = logging.getLogger(__name__)

_STOP = object()
_REOPEN = object()
_OUTLIVED: list[Reader] = []  # closed while a query still ran: kept, never freed by its thread


@dataclass(frozen=True)
class _Job:
    """A submitted query, kept on the GUI thread until its answer is delivered."""

    fn: Callable[[sqlite3.Connection], Any]
    callback: _Owned
    failed: _Owned | None


class Reader(QObject):
    _done = Signal(int)  # the ticket of a query answered
    failed = Signal(str)

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = db_path
        self._queue: queue.Queue[Any] = queue.Queue()  # tickets, _REOPEN, _STOP
        self._jobs: Tickets[_Job] = Tickets()
        self._conn: sqlite3.Connection | None = None
        self._empty: sqlite3.Connection | None = None  # while there is no database yet
        self._done.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name="notify-inbox-reader",
                                        daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[sqlite3.Connection], Any],
               callback: Callable[[Any], None],
               failed: Callable[[str], None] | None = None, *,
               owner: QObject | None = None) -> None:
        """``failed(message)`` runs on the GUI thread when the query fails (default: only the
        ``failed`` signal). Neither runs once ``owner`` (default: the object of a bound method
        ``callback``) is deleted: a window closed while its query ran."""
        if owner is None and isinstance(getattr(callback, "__self__", None), QObject):
            owner = callback.__self__  # type: ignore[attr-defined]
        job = _Job(fn, _Owned(callback, owner), _Owned(failed, owner) if failed else None)
        self._queue.put(self._jobs.keep(job))

    def reopen(self) -> None:
        """Drop the connection; the next query opens the file again (after the recovery dialog
        moved a damaged database aside, the old connection still reads the old file)."""
        self._queue.put(_REOPEN)

    def close(self, timeout_s: float = 5.0) -> None:
        """Stop the thread once the queries asked for are answered, waiting ``timeout_s`` at
        most. A query still running then keeps the thread, and the thread this reader (its
        loop is the reader's); the reader is kept until the process ends rather than freed by
        the thread when it ends, a QObject deleted off the GUI thread."""
        self._queue.put(_STOP)
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            log.warning("the inbox's reader still runs a query after %.1f s; left to finish "
                        "(%s)", timeout_s, self._path)
            _OUTLIVED.append(self)

    def _loop(self) -> None:
        while True:
            ticket = self._queue.get()
            if ticket is _STOP:
                break
            if ticket is _REOPEN:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None
                continue
            self._answer(ticket)
        for conn in (self._conn, self._empty):
            if conn is not None:
                conn.close()

    def _answer(self, ticket: int) -> None:
        """On the reader thread: run the query, hand its answer over, post the ticket. No name
        here keeps the query, its value or its error once the ticket is posted."""
        value: Any = None
        error: BaseException | None = None
        try:
            value = self._jobs.job(ticket).fn(self._connection())
        except Exception as err:  # said on the GUI thread (``_deliver``), with its traceback
            error = err
        self._jobs.answer(ticket, value, error)
        del value, error
        emit(self._done, ticket)

    def _connection(self) -> sqlite3.Connection:
        """The database's read connection; an empty database in memory while the file is not
        there yet or not yet migrated by the engine (a file of schema 0 is one being created)."""
        if self._conn is not None:
            return self._conn
        if self._path.exists():
            conn = connect(self._path, readonly=True)
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= schema_version():
                self._conn = conn
                if self._empty is not None:
                    self._empty.close()
                    self._empty = None
                return conn
            conn.close()  # the engine is creating it: read it once it is ready
        if self._empty is None:
            log.debug("no database at %s yet: the inbox reads as empty", self._path)
            self._empty = connect_empty()
        return self._empty

    @Slot(int)
    def _deliver(self, ticket: int) -> None:
        job, outcome = self._jobs.take(ticket)
        if outcome.error is None:
            job.callback(outcome.value)
            return
        err, message = outcome.error, str(outcome.error)
        # A database's error is said in its words; anything else is a bug: its traceback too.
        # (The message, not the error, is the record's argument: a handler that keeps records
        # would keep the error's traceback, and the query's window with it.)
        log.error("reading the inbox from %s failed: %s", self._path, message,
                  exc_info=None if isinstance(err, (sqlite3.Error, NotifyError)) else err)
        emit(self.failed, message)
        if job.failed is not None:
            job.failed(message)


class _Owned:
    """A callback that is not called once its owner (a ``QObject``) is deleted."""

    __slots__ = ("callback", "owner")

    def __init__(self, callback: Callable[[Any], None], owner: QObject | None) -> None:
        self.callback, self.owner = callback, owner

    def __call__(self, value: Any) -> None:
        if self.owner is not None and not shiboken6.isValid(self.owner):
            log.debug("an answer for a deleted %s dropped", type(self.owner).__name__)
            return
        self.callback(value)

"""The engine's writer thread: SQL on the one write connection, off the event loop.

``run(fn, *args)`` runs one call under the engine's database lock. ``store(fn)`` is for poll
results: calls that arrive while the thread is busy are stored together in **one transaction**
(each in its own savepoint); with few waiting, the thread first waits ``GATHER_S`` for more.
Why: a commit costs a WAL write and an FTS5 segment per transaction, and 670 sources stored one
transaction each spent a third of the writer's time committing (measured with py-spy on the
670-feed first round). FTS5 also writes a segment at every savepoint, so the batch's new items
are indexed for search in one statement at its end (``store.items.index_later``).

Failure stays per source: a call that raises (a bug) is rolled back to its savepoint and only
its caller gets the exception. A database error (``sqlite3.Error``: disk full, locked) fails the
whole batch, because SQLite may already have rolled the transaction back; every caller in it
gets the error and reports it, and nothing of the batch is stored (each source all or nothing).
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from notify.core.store.items import index_later
from notify.core.store.sources import transaction

T = TypeVar("T")
MAX_BATCH = 64  # sources per transaction: bounds how long the write lock is held
# With fewer than GATHER_BELOW results waiting, all of them ``light`` (free to wait: the engine
# marks so a result without items, and one with items while no other source waits for its
# place among the round's ``max_in_flight``) and more announced (``expect``), the thread waits
# GATHER_S for more before it stores them: a round of 304s trickles in (~90 a second at 670
# feeds) and was stored in ~470 transactions of one or two sources, each with its commit and
# its wake-up of the loop (fewer wake-ups: less CPU and loop lag in the 76-feed first round
# too). Holding results whose places other sources wait for made a 670-feed first round
# ~0.2-0.5 s longer. Nothing waits once the last announced result has come.
GATHER_BELOW = 16
GATHER_S = 0.03

_Pending = tuple[Callable[[], Any], "asyncio.Future[Any]", bool]  # fn, its future, light


class Writer:
    def __init__(
        self, conn: Callable[[], sqlite3.Connection], lock: threading.RLock
    ) -> None:
        self._conn = conn
        self._lock = lock
        self._executor: ThreadPoolExecutor | None = None
        self._pending: list[_Pending] = []
        self._queue_lock = threading.Lock()  # guards _pending between loop and writer thread
        self._draining = False
        self._expected = 0  # results announced by ``expect`` and not stored yet

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, "notify-db")
        return self._executor

    def shutdown(self) -> None:
        """Wait for the writer thread to finish what it was given, then stop it."""
        if self._executor is not None:
            executor, self._executor = self._executor, None
            executor.shutdown(wait=True)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in the writer thread, holding the database lock."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._pool(), functools.partial(self._locked, fn, *args)
        )

    def _locked(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            return fn(*args)

    def expect(self, count: int) -> None:
        """``count`` more ``store`` calls are coming (a round's sources): while some are, a
        small batch waits a moment for company. ``expect(0)`` when the round ends."""
        with self._queue_lock:
            self._expected = max(0, count)

    async def store(self, fn: Callable[[], T], *, light: bool = False) -> T:
        """``fn()`` in the writer thread inside a transaction shared with other ``store`` calls
        waiting at the same time. ``light``: it may wait a moment for company (``GATHER_S``)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._queue_lock:
            self._pending.append((fn, future, light))
            self._expected = max(0, self._expected - 1)
            start = not self._draining
            self._draining = True
        if start:
            try:
                self._pool().submit(self._drain, loop)
            except RuntimeError:  # shut down under us: nothing will drain what waits
                with self._queue_lock:
                    waiting, self._pending, self._draining = self._pending, [], False
                for _, other, _ in waiting:
                    if other is not future and not other.done():
                        other.set_exception(RuntimeError("the engine's writer stopped"))
                raise
        return await future

    def _take(self) -> list[_Pending]:
        with self._queue_lock:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            if not batch:
                self._draining = False
            return batch

    def _gather(self) -> None:
        with self._queue_lock:
            few = (len(self._pending) < GATHER_BELOW and self._expected > 0
                   and all(light for _, _, light in self._pending))
        if few:
            time.sleep(GATHER_S)

    def _drain(self, loop: asyncio.AbstractEventLoop) -> None:
        """Writer thread: store batches until nothing waits."""
        while True:
            self._gather()
            batch = self._take()
            if not batch:
                return
            outcomes = self._store_batch(batch)
            try:
                loop.call_soon_threadsafe(_settle, outcomes)
            except RuntimeError:  # the loop closed while we stored: nobody waits any more
                with self._queue_lock:  # what waits belongs to that loop too: drop it
                    self._pending, self._draining = [], False
                return

    def _store_batch(self, batch: list[_Pending]) -> list[tuple[asyncio.Future[Any], Any, bool]]:
        done: list[tuple[asyncio.Future[Any], Any, bool]] = []
        try:
            with self._lock:
                conn = self._conn()
                # the batch's new items are indexed for search in one statement at its end
                with transaction(conn), index_later(conn) as later:
                    for n, (fn, future, _) in enumerate(batch):
                        conn.execute(f"SAVEPOINT store_{n}")
                        mark = later.mark()
                        try:
                            value = fn()
                        except Exception as err:
                            if not conn.in_transaction:  # SQLite rolled it all back (disk full)
                                raise
                            conn.execute(f"ROLLBACK TO store_{n}")
                            conn.execute(f"RELEASE store_{n}")
                            later.undo_to(mark)
                            done.append((future, err, False))
                        else:
                            conn.execute(f"RELEASE store_{n}")
                            done.append((future, value, True))
        except BaseException as err:  # every caller of the batch gets it
            return [(future, err, False) for _, future, _ in batch]
        return done


def _settle(outcomes: list[tuple[asyncio.Future[Any], Any, bool]]) -> None:
    for future, value, ok in outcomes:
        if future.done():  # the caller was cancelled
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)



"""The writer thread: poll results waiting together share one transaction; a failing one is
rolled back alone; a database error fails the whole batch and stores none of it."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from notify.core import writer as writer_module
from notify.core.writer import Writer


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(tmp_path / "w.sqlite3", isolation_level=None, check_same_thread=False)
    c.execute("CREATE TABLE t (v INTEGER NOT NULL)")
    yield c
    c.close()


def _commits(conn: sqlite3.Connection) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(lambda sql: seen.append(sql) if sql == "COMMIT" else None)
    return seen


def _insert(conn: sqlite3.Connection, value: int) -> Callable[[], int]:
    def fn() -> int:
        conn.execute("INSERT INTO t (v) VALUES (?)", (value,))
        return value
    return fn


def _values(conn: sqlite3.Connection) -> list[int]:
    return sorted(r[0] for r in conn.execute("SELECT v FROM t"))


def _holding(gate: threading.Event, holding: threading.Event) -> Callable[[], int]:
    """A store that says when the writer thread runs it, then holds the thread until ``gate``."""
    def fn() -> int:
        holding.set()
        return 0 if gate.wait(5) else -1
    return fn


async def _until(event: threading.Event) -> None:
    """Wait on the loop (not blocking it) until another thread sets ``event``; 10 s at most."""
    for _ in range(10_000):
        if event.is_set():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the writer thread never ran the first store")


def test_stores_waiting_together_share_a_transaction(conn: sqlite3.Connection) -> None:
    writer = Writer(lambda: conn, threading.RLock())
    commits = _commits(conn)
    gate, holding = threading.Event(), threading.Event()

    async def main() -> list[int]:
        # the first store holds the thread until the others are queued behind it
        first = asyncio.ensure_future(writer.store(_holding(gate, holding)))
        await _until(holding)
        rest = [asyncio.ensure_future(writer.store(_insert(conn, v))) for v in range(1, 6)]
        await asyncio.sleep(0)  # the queued stores run to their place in the writer's queue
        gate.set()
        return [await first, *[await r for r in rest]]

    assert asyncio.run(main()) == [0, 1, 2, 3, 4, 5]
    writer.shutdown()
    assert _values(conn) == [1, 2, 3, 4, 5]
    assert len(commits) == 2  # the first alone, the five waiting ones together


def test_a_failing_store_is_rolled_back_alone(conn: sqlite3.Connection) -> None:
    writer = Writer(lambda: conn, threading.RLock())
    gate, holding = threading.Event(), threading.Event()

    def broken() -> int:
        conn.execute("INSERT INTO t (v) VALUES (99)")
        raise RuntimeError("a bug in one source's store")

    async def main() -> list[object]:
        first = asyncio.ensure_future(writer.store(_holding(gate, holding)))
        await _until(holding)
        futures = [asyncio.ensure_future(writer.store(f))
                   for f in (_insert(conn, 1), broken, _insert(conn, 2))]
        await asyncio.sleep(0)  # the queued stores run to their place in the writer's queue
        gate.set()
        await first
        return list(await asyncio.gather(*futures, return_exceptions=True))

    one, failed, two = asyncio.run(main())
    writer.shutdown()
    assert (one, two) == (1, 2)
    assert isinstance(failed, RuntimeError)
    assert _values(conn) == [1, 2]


def test_a_database_error_that_ends_the_transaction_fails_the_batch(
    conn: sqlite3.Connection,
) -> None:
    writer = Writer(lambda: conn, threading.RLock())
    gate, holding = threading.Event(), threading.Event()

    def ends_it() -> int:
        conn.execute("ROLLBACK")  # as SQLite does itself on e.g. a full disk
        raise sqlite3.OperationalError("database or disk is full")

    async def main() -> list[object]:
        first = asyncio.ensure_future(writer.store(_holding(gate, holding)))
        await _until(holding)
        futures = [asyncio.ensure_future(writer.store(f))
                   for f in (_insert(conn, 1), ends_it, _insert(conn, 2))]
        await asyncio.sleep(0)  # the queued stores run to their place in the writer's queue
        gate.set()
        await first
        return list(await asyncio.gather(*futures, return_exceptions=True))

    results = asyncio.run(main())
    writer.shutdown()
    assert all(isinstance(r, sqlite3.OperationalError) for r in results), results
    assert _values(conn) == []


def test_run_holds_the_lock_and_returns(conn: sqlite3.Connection) -> None:
    lock = threading.RLock()
    writer = Writer(lambda: conn, lock)

    def held_elsewhere() -> bool:
        """Whether another thread would have to wait for the lock now."""
        result: list[bool] = []

        def probe() -> None:
            got = lock.acquire(blocking=False)
            if got:
                lock.release()
            result.append(not got)

        thread = threading.Thread(target=probe)
        thread.start()
        thread.join(5)
        return result == [True]

    assert asyncio.run(writer.run(held_elsewhere)) is True
    assert held_elsewhere() is False
    writer.shutdown()


def test_results_trickling_in_are_gathered_into_few_transactions(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A round of 304s: results come one by one, a few milliseconds apart. The thread waits a
    moment for more before storing (it was one transaction, one commit, per result). The
    moment is made long here, so that a loaded machine's late loop cannot pass for a writer
    that does not gather: without the wait it is still ~40 commits."""
    monkeypatch.setattr(writer_module, "GATHER_S", 0.5)
    writer = Writer(lambda: conn, threading.RLock())
    commits = _commits(conn)
    writer.expect(40)

    async def main() -> list[int]:
        waiting = []
        for v in range(40):
            waiting.append(asyncio.ensure_future(writer.store(_insert(conn, v), light=True)))
            await asyncio.sleep(0.002)
        return [await w for w in waiting]

    assert asyncio.run(main()) == list(range(40))
    writer.shutdown()
    assert _values(conn) == list(range(40))
    assert len(commits) <= 12  # was ~40


# How long the writer would wait for company, made long (instead of 30 ms) so that a store that
# did not wait is told apart from one that did by seconds, not by a loaded machine's milliseconds.
LONG_GATHER_S = 1.0


def _time_one_store(conn: sqlite3.Connection, announced: int,
                    monkeypatch: pytest.MonkeyPatch, *, light: bool) -> float:
    """Seconds one ``store`` takes while ``announced`` results are expected."""
    monkeypatch.setattr(writer_module, "GATHER_S", LONG_GATHER_S)
    writer = Writer(lambda: conn, threading.RLock())
    writer.expect(announced)

    async def main() -> float:
        started = time.perf_counter()
        await writer.store(_insert(conn, 1), light=light)
        return time.perf_counter() - started

    took = asyncio.run(main())
    writer.shutdown()
    return took


def test_the_last_announced_result_is_stored_without_waiting(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Even a light result (a 304) is not held back when it is the last one announced."""
    took = _time_one_store(conn, 1, monkeypatch, light=True)
    assert took < LONG_GATHER_S / 2  # nothing more was announced: no reason to wait for company


def test_results_with_items_are_never_held_back(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A source waiting to be stored keeps its place in the round: only light results (a 304,
    a failure) wait for company."""
    took = _time_one_store(conn, 10, monkeypatch, light=False)
    assert took < LONG_GATHER_S / 2


def test_a_batch_indexes_its_new_items_for_search_at_its_end(tmp_path: Path) -> None:
    """The batch's sources each store in a savepoint; their new items are indexed together
    before the commit (``items.index_later``), and a source rolled back leaves no index row."""
    from notify.core.models import ItemDraft
    from notify.core.store import db
    from notify.core.store import items as items_repo
    from notify.core.store import sources as sources_repo

    conn = db.connect(tmp_path / "notify.sqlite3")
    conn_lock = threading.RLock()
    ids = [sources_repo.add(conn, kind="feed", url=f"https://{n}.test/", now=1.0).id
           for n in range(3)]
    writer = Writer(lambda: conn, conn_lock)
    gate, holding = threading.Event(), threading.Event()
    seen: list[str] = []

    def store(n: int, fail: bool = False) -> Callable[[], int]:
        def fn() -> int:
            items_repo.upsert(conn, ids[n], [ItemDraft(key="k", title=f"Narwhal {n}")], now=2.0)
            if fail:
                raise RuntimeError("a bug after storing")
            return n
        return fn

    async def main() -> list[object]:
        first = asyncio.ensure_future(writer.store(_holding(gate, holding)))
        await _until(holding)
        conn.set_trace_callback(lambda sql: seen.append(
            "index" if sql.startswith("INSERT INTO items_fts (rowid") else sql))
        futures = [asyncio.ensure_future(writer.store(f))
                   for f in (store(0), store(1, fail=True), store(2))]
        await asyncio.sleep(0)  # the queued stores run to their place in the writer's queue
        gate.set()
        await first
        return list(await asyncio.gather(*futures, return_exceptions=True))

    try:
        zero, failed, two = asyncio.run(main())
        writer.shutdown()
        conn.set_trace_callback(None)
        assert (zero, two) == (0, 2) and isinstance(failed, RuntimeError)
        found = {int(r[0]) for r in conn.execute(
            "SELECT rowid FROM items_fts WHERE items_fts MATCH 'narwhal'")}
        stored = {i.id: i.title for i in items_repo.query(conn, items_repo.ItemQuery())}
        assert sorted(stored.values()) == ["Narwhal 0", "Narwhal 2"]
        assert found == set(stored)
        conn.execute("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')")
        last_release = max(n for n, sql in enumerate(seen) if sql.startswith("RELEASE"))
        assert seen.count("index") == 2
        assert min(n for n, sql in enumerate(seen) if sql == "index") > last_release
    finally:
        conn.close()

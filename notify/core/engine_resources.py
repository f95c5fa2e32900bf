"""What the engine holds open, and the calls that use it: the only write connection (and the
lock around it), the writer thread that stores a round's results, the CPU pool that parses off
the loop, the fetcher, the keyring secrets read so far, and the one listener events go to.

``Engine`` (``notify.core.engine``) is one of these plus the settings calls
(``engine_settings``), the rounds and their schedule (``engine_rounds``), the calls on items
(``engine_items``) and its own lifecycle and calls on sources; a round (``notify.core.rounds``)
uses what is here.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, ParamSpec, Self, TypeVar

from notify.core.cpu import CpuPool
from notify.core.engine_config import EngineConfig
from notify.core.errors import StoreError
from notify.core.events import Event
from notify.core.fetch.config import FetchConfig
from notify.core.paths import Paths
from notify.core.sources.base import Fetch
from notify.core.store import db
from notify.core.store import settings as settings_repo
from notify.core.writer import Writer

log = logging.getLogger("notify.core.engine")
T = TypeVar("T")
P = ParamSpec("P")
Listener = Callable[[Event], None]


def locked(method: Callable[P, T]) -> Callable[P, T]:
    """Hold the engine's database lock for the call (the writer thread may be storing)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        engine = args[0]
        assert isinstance(engine, EngineResources)
        with engine._db_lock:
            return method(*args, **kwargs)

    return wrapper


class EngineResources:
    def __init__(
        self,
        paths: Paths,
        config: EngineConfig | None = None,
        listener: Listener | None = None,
        *,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.paths = paths
        self.config = config or EngineConfig()
        self._listener = listener
        self._clock = clock
        self._rng = random.Random(self.config.seed)
        self._given_fetch = fetch
        self._fetcher: Any = None
        self._conn: sqlite3.Connection | None = None
        self._pool: CpuPool | None = None
        self._db_lock = threading.RLock()  # one user of the write connection at a time
        self._writer = Writer(lambda: self.conn, self._db_lock)  # SQL off the loop
        self._secrets: dict[str, str] = {}  # keyring reference -> value (see secret())

    # -- opening and closing ---------------------------------------------------------------

    def open(self) -> Self:
        """Open (and migrate) the database. Idempotent; ``start()`` calls it."""
        if self._conn is None:
            self.paths.ensure()
            self._conn = db.connect(self.paths.db)
            if self.config.gil_switch_s:
                sys.setswitchinterval(self.config.gil_switch_s)
        return self

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self._writer.shutdown()
        with self._db_lock:
            if self._conn is not None:
                _clear_interrupt(self._conn)
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def close_network(self) -> None:
        """Close the fetcher's connections (it is created again when next needed)."""
        if self._fetcher is not None:
            fetcher, self._fetcher = self._fetcher, None
            await fetcher.aclose()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("The engine is not open. This is a bug in Notify; please report it.")
        return self._conn

    def emit(self, event: Event) -> None:
        if self._listener is None:
            return
        try:
            self._listener(event)
        except Exception:
            log.exception("engine listener failed on %s", type(event).__name__)

    # -- work off the loop, the network, secrets -------------------------------------------

    def _ensure_fetch(self) -> Fetch:
        if self._given_fetch is not None:
            return self._given_fetch
        if self._fetcher is None:
            from notify.core.fetch.client import Fetcher

            config = self.config.fetch or FetchConfig.from_settings(
                settings_repo.read_all(self.conn)
            )
            self._fetcher = Fetcher(config)
        fetcher: Fetch = self._fetcher
        return fetcher

    async def run_cpu(self, fn: Callable[..., T], *args: Any) -> T:
        """Run CPU-bound ``fn(*args)`` off the event loop (``notify.core.cpu``)."""
        if self._pool is None:
            self._pool = CpuPool(self.config.cpu_workers, processes=self.config.cpu_processes,
                                 big_bytes=self.config.cpu_big_bytes,
                                 process_after_bytes=self.config.cpu_process_after_bytes)
        return await self._pool.run(fn, *args)

    async def run_thread(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(fn, *args))

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` (SQL on the write connection) in the one writer thread, so that
        storing a big batch never stalls the event loop."""
        return await self._writer.run(fn, *args)

    def secret(self, ref: str) -> str:
        """A keyring secret, remembered for the engine's lifetime: the keyring is asked once per
        reference, not on every poll (each ask is a blocking D-Bus round trip)."""
        value = self._secrets.get(ref)
        if value is None:
            from notify.core import secrets

            value = self._secrets[ref] = secrets.lookup(ref)
        return value

    # -- what a round uses (notify.core.rounds) --------------------------------------------

    @property
    def writer(self) -> Writer:
        return self._writer

    @property
    def fetcher(self) -> Any:
        """The engine's own ``Fetcher`` once made (None with a given ``fetch``)."""
        return self._fetcher

    @property
    def rng(self) -> random.Random:
        return self._rng

    def now(self) -> float:
        return self._clock()

    def known_secrets(self) -> set[str]:
        return set(self._secrets)


def _clear_interrupt(conn: sqlite3.Connection) -> None:
    """Before closing: a statement cut short by ``Connection.interrupt`` (quitting while a
    write ran: the app's ``bridge.stop``) leaves SQLite's interrupt flag set until the next
    statement, and closing's checkpoint was cut short by it, the write-ahead log left beside
    the database. One trivial statement takes the flag (it fails if the flag was set)."""
    try:
        conn.execute("SELECT 1").fetchall()
    except sqlite3.OperationalError as err:  # "interrupted": the flag, now spent
        log.info("closing the database after an interrupted statement (%s)", err)

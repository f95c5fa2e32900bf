"""The engine: the one poll loop, the schedule, and the only write connection.

Used by the CLI (``asyncio.run``) and by the app (in its worker thread, through
``notify/app/bridge.py``). Events go to one ``listener`` on the engine's thread. Helpers live in
their own modules: ``rounds`` (one poll round), ``poll`` (one source), ``scheduling`` (intervals
and the round job), ``retention``, ``subscriptions`` (adding, importing, exporting sources).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import random
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from notify.core import scheduling
from notify.core.cpu import BIG_BYTES, PROCESS_AFTER_BYTES, CpuPool
from notify.core.errors import StoreError
from notify.core.events import (
    Event,
    ItemsChanged,
    PollStarted,
    PollSummary,
    ProfileChanged,
    SourcePolled,
)
from notify.core.fetch.config import FetchConfig
from notify.core.models import Item, Source, SourceState
from notify.core.paths import Paths
from notify.core.ranking_hook import service as ranking_service
from notify.core.rounds import PollRound
from notify.core.sources import registry
from notify.core.sources.base import Fetch
from notify.core.status import Status, status_of
from notify.core.store import db
from notify.core.store import items as items_repo
from notify.core.store import settings as settings_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from notify.core.store.items import ItemQuery
from notify.core.store.sources import transaction
from notify.core.writer import Writer

if TYPE_CHECKING:  # imported when used: ``notify poll`` needs neither OPML nor discovery
    from notify.core.ranking.outcomes import Reacted
    from notify.core.subscriptions import Probe, Subscriptions

log = logging.getLogger(__name__)
MARK_READ_PAGE = 500  # items marked read per transaction by ``mark_all_read``
T = TypeVar("T")
P = ParamSpec("P")
Listener = Callable[[Event], None]
Progress = Callable[[SourcePolled], None]


@dataclass(frozen=True)
class EngineConfig:
    """``cpu_workers``: processes (or threads) for parsing off the loop. ``batch_window_s``:
    sources due within this many seconds join a round. ``max_sleep_s``: the schedule's longest
    sleep."""

    # threads for parsing off the loop: the parsers are Python holding the GIL, so a second
    # thread adds no parallelism, only one more thread the loop and the writer wait behind
    # (loop lag p99 at 670 feeds measured lower with 1; big inputs go to a process anyway)
    cpu_workers: int = 1
    cpu_processes: bool = True  # big inputs parse in worker processes (notify.core.cpu)
    cpu_big_bytes: int = BIG_BYTES
    cpu_process_after_bytes: int = PROCESS_AFTER_BYTES  # big bodies parsed in a thread first
    max_in_flight: int = 48  # sources being fetched/parsed at once: bounds memory
    batch_window_s: float = 60.0
    max_sleep_s: float = 900.0
    fetch: FetchConfig | None = None  # None: from the user's settings
    seed: int | None = None  # jitter's random seed (tests)
    # How long a thread holding the GIL runs before another may take it
    # (``sys.setswitchinterval``; Python's default is 5 ms). The loop, an I/O thread, waits
    # behind the parse and writer threads up to about this long at each hand-off: measured, the
    # 76-feed first round's loop lag p99 was 14-43 ms (median 23) at 1 ms against 28-69 ms
    # (median 38) at 5 ms, 6 runs each, CPU unchanged. Process-wide (the app's GUI thread
    # gets the GIL sooner too). None: the interpreter's setting is left alone.
    gil_switch_s: float | None = 0.001


def _locked(method: Callable[P, T]) -> Callable[P, T]:
    """Hold the engine's database lock for the call (the writer thread may be storing)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        engine = args[0]
        assert isinstance(engine, Engine)
        with engine._db_lock:
            return method(*args, **kwargs)

    return wrapper


class Engine:
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
        self._policy: scheduling.IntervalPolicy | None = None  # cached during a round
        self._secrets: dict[str, str] = {}  # keyring reference -> value (see secret())
        self._probed_titles: dict[str, str] = {}  # address -> name probe() read (Subscriptions)
        self._round_lock: asyncio.Lock | None = None
        self._rounds: set[asyncio.Task[Any]] = set()  # the tasks awaiting ``poll()``
        self._schedule: scheduling.RoundSchedule | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def open(self) -> Engine:
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
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Engine:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def start(self, *, schedule: bool = True) -> None:
        """Open the store and, with ``schedule``, run due rounds until ``stop()``."""
        self.open()
        if schedule and self._schedule is None:
            self._schedule = scheduling.RoundSchedule(
                self._scheduled_round, self._earliest_due, clock=self._clock,
                max_sleep_s=self.config.max_sleep_s,
            )
            self._schedule.start()

    async def stop(self) -> None:
        if self._schedule is not None:
            schedule, self._schedule = self._schedule, None
            await schedule.stop()  # cancels a round in progress and waits for it to unwind
        # a round someone else awaits (the app's "Poll now") ends too, before the store closes
        others = [t for t in self._rounds if t is not asyncio.current_task() and not t.done()]
        for task in others:
            task.cancel()
        if others:
            await asyncio.wait(others)
        await self.close_network()
        self.close()

    async def close_network(self) -> None:
        """Close the fetcher's connections (it is created again when next needed)."""
        if self._fetcher is not None:
            fetcher, self._fetcher = self._fetcher, None
            await fetcher.aclose()

    def wake(self) -> None:
        """Re-plan the schedule now (after a resume from suspend, network up, settings)."""
        if self._schedule is not None:
            self._schedule.rearm()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("The engine is not open. This is a bug in Notify; please report it.")
        return self._conn

    @property
    def schedule(self) -> scheduling.RoundSchedule | None:
        return self._schedule

    def emit(self, event: Event) -> None:
        if self._listener is None:
            return
        try:
            self._listener(event)
        except Exception:
            log.exception("engine listener failed on %s", type(event).__name__)

    # -- polling ---------------------------------------------------------------------------

    async def poll(
        self, source_ids: Sequence[int] | None = None, progress: Progress | None = None
    ) -> PollSummary:
        """One round: the given sources (enabled or not), else every enabled source due now. A
        given source that is disabled, or whose server asked to wait (Retry-After) until later,
        is reported ``skipped``: a forced round does not override a server's wait."""
        self.open()
        if self._round_lock is None:
            self._round_lock = asyncio.Lock()
        task = asyncio.current_task()
        if task is not None:
            self._rounds.add(task)  # ``stop()`` cancels it
        try:
            async with self._round_lock:
                summary = await self._round(source_ids, progress)
        finally:
            if task is not None:
                self._rounds.discard(task)
        if self._schedule is not None:
            self._schedule.rearm()
        return summary

    async def poll_all(self, progress: Progress | None = None) -> PollSummary:
        """One round of every enabled source, due or not (``notify poll --all``, the app's Poll
        now); as in ``poll``, a source whose server asked to wait is reported ``skipped``."""
        self.open()
        with self._db_lock:
            ids = [s.id for s in sources_repo.list_all(self.conn, enabled_only=True)]
        return await self.poll(ids, progress)

    async def _scheduled_round(self) -> None:
        await self.poll()

    def _earliest_due(self) -> float | None:
        return state_repo.earliest_next_attempt(self.conn)

    def _select(self, source_ids: Sequence[int] | None, now: float) -> list[Source]:
        if source_ids is not None:
            return [sources_repo.get(self.conn, int(i)) for i in dict.fromkeys(source_ids)]
        states = state_repo.all_states(self.conn)
        horizon = now + self.config.batch_window_s
        due = []
        for source in sources_repo.list_all(self.conn, enabled_only=True):
            st = states.get(source.id)
            if st is not None and scheduling.must_wait(st, now) is not None:
                continue  # the server's Retry-After: not even within the batch window
            if st is None or st.next_attempt is None or st.next_attempt <= horizon:
                due.append(source)
        return due

    def _interval_policy(self) -> scheduling.IntervalPolicy:
        return scheduling.IntervalPolicy.read(self.conn)

    def interval_of(self, source: Source, hint_s: int | None = None) -> int:
        """Seconds between healthy polls of ``source`` (settings, kind, server hint)."""
        kind = scheduling.KindIntervals.of(registry.get(source.kind))
        policy = self._policy or self._interval_policy()
        return scheduling.interval_for(source, policy, kind, hint_s=hint_s)

    @_locked
    def default_interval(self, source: Source) -> int:
        """Seconds between healthy polls of ``source`` were its own interval unset (what
        "default" means for it: the settings' default interval, or its kind's)."""
        return self.interval_of(dataclasses.replace(source, interval_s=None))

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

    async def _round(
        self, source_ids: Sequence[int] | None, progress: Progress | None
    ) -> PollSummary:
        started = self._clock()
        with self._db_lock:
            selected = self._select(source_ids, started)
            states = state_repo.all_states(self.conn)
            self._policy = self._interval_policy()  # one settings read for the whole round
            fetch = self._ensure_fetch()
        self.emit(PollStarted(tuple(s.id for s in selected)))
        try:
            return await PollRound(self, selected, states, fetch, started, progress).run()
        finally:
            self._policy = None

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

    # -- sources ---------------------------------------------------------------------------

    @property
    def subscriptions(self) -> Subscriptions:
        from notify.core.subscriptions import Subscriptions

        return Subscriptions(self.conn, self._clock, self.emit, self._probed_titles)

    @_locked
    def add_source(
        self, kind: str, url: str, title: str = "", group: str = "",
        settings: dict[str, Any] | None = None, interval_s: int | None = None,
    ) -> Source:
        source = self.subscriptions.add(kind, url, title, group, settings, interval_s)
        self.wake()
        return source

    async def resolve_address(self, kind: str, url: str) -> str:
        """The address to add for ``url``: a YouTube handle becomes its channel's feed (one
        fetch of the channel page); anything else is returned as it is."""
        self.open()
        from notify.core.subscriptions import resolve_address

        return await resolve_address(self._ensure_fetch(), kind, url)

    async def probe(self, url: str) -> Probe:
        """Is ``url`` a feed, or a page announcing feeds (autodiscovery)? What it reads names
        the source ``add_source`` adds there without a title (the feed's own title, else the
        announcing link's)."""
        self.open()
        return await self.subscriptions.probe(self._ensure_fetch(), url, self.run_cpu)

    @_locked
    def update_source(self, source_id: int, **changes: Any) -> Source:
        source = self.subscriptions.update(source_id, **changes)
        self._secrets.clear()  # a token may have been replaced
        self.wake()
        return source

    @_locked
    def remove_source(self, source_id: int) -> Source:
        self._secrets.clear()
        return self.subscriptions.remove(source_id)

    @_locked
    def sources(self) -> list[Source]:
        return sources_repo.list_all(self.conn)

    @_locked
    def source(self, source_id: int) -> Source:
        return sources_repo.get(self.conn, source_id)

    @_locked
    def source_state(self, source_id: int) -> SourceState:
        sources_repo.get(self.conn, source_id)
        return state_repo.get(self.conn, source_id)

    @_locked
    def import_opml(self, data: bytes) -> Any:
        report = self.subscriptions.import_opml(data)
        self.wake()
        return report

    @_locked
    def export_opml(self) -> str:
        return self.subscriptions.export_opml()

    # -- feedback and the profile (delegated to notify.core.ranking.service) ---------------

    @_locked
    def ranking(self) -> Any:
        """The ``RankingService`` on the engine's connection, for profile operations (``show``,
        ``export``, ``import_``, ``reset``, ``pin``, ``forget``, ``interests``). Call it from the
        engine's thread only."""
        return ranking_service(self.conn)

    def feedback(self, item_id: int, label: str) -> Reacted:
        """Record a reaction (like, dismiss, open, ignore); committed before this returns. What
        it did: the same reaction again changes nothing; a different one replaces the earlier."""
        with self._db_lock:
            reacted: Reacted = ranking_service(self.conn).feedback(item_id, label, self._clock())
        if reacted.learned:
            self.emit(ItemsChanged((item_id, *reacted.copies)))  # a story's Dismiss: every copy
            self.emit(ProfileChanged())
        return reacted

    def undo_feedback(self) -> str | None:
        """Undo the last reaction; returns what was undone (words) or None."""
        with self._db_lock:
            undone: str | None = ranking_service(self.conn).undo_last()
        if undone is not None:
            self.emit(ProfileChanged())
        return undone

    @_locked
    def explain(self, item_id: int) -> Any:
        return ranking_service(self.conn).explain(item_id, self._clock())

    # -- items, settings, status -----------------------------------------------------------

    @_locked
    def items(self, query: ItemQuery | None = None) -> list[Item]:
        return items_repo.query(self.conn, query or ItemQuery())

    @_locked
    def item(self, item_id: int) -> Item:
        return items_repo.get(self.conn, item_id)

    def mark_read(self, item_ids: Sequence[int], read: bool = True) -> tuple[int, ...]:
        """Mark items read (shown to the person) or unread again; returns the ids."""
        ids = tuple(dict.fromkeys(int(i) for i in item_ids))
        if ids:
            with self._db_lock, transaction(self.conn):
                items_repo.mark_read(self.conn, ids, read)
            self.emit(ItemsChanged(ids))
        return ids

    async def mark_all_read(self, source_ids: Sequence[int] | None = None) -> int:
        """Mark every unread item read (of ``source_ids`` only, when given); returns how many.
        A page at a time, each its own transaction, so polls and other calls go on between."""
        if source_ids is not None and not source_ids:
            return 0
        total, after = 0, 0
        while True:
            with self._db_lock:
                ids = tuple(items_repo.unread_ids(self.conn, after=after, limit=MARK_READ_PAGE,
                                                  source_ids=tuple(source_ids or ())))
                if not ids:
                    break
                with transaction(self.conn):
                    items_repo.mark_read(self.conn, ids)
            total, after = total + len(ids), ids[-1]
            self.emit(ItemsChanged(ids))
            await asyncio.sleep(0)
        return total

    @_locked
    def setting(self, key: str) -> Any:
        return settings_repo.read(self.conn, key)

    @_locked
    def set_setting(self, key: str, value: Any) -> Any:
        stored = settings_repo.write(self.conn, key, value)
        self.wake()
        return stored

    @_locked
    def status(self) -> Status:
        return status_of(self.conn, self.paths, self._schedule, self._clock())


"""The engine: the one poll loop, the schedule, and the only write connection.

Used by the CLI (``asyncio.run``) and by the app (in its worker thread, through
``notify/app/bridge.py``). Events go to one ``listener`` on the engine's thread. Helpers live in
their own modules: ``poll`` (one source), ``scheduling`` (intervals and the round job),
``retention``, ``subscriptions`` (adding, importing, exporting sources).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from notify.core import poll as poll_one_source
from notify.core import retention, scheduling
from notify.core.admission import host_key, run_fair
from notify.core.cpu import BIG_BYTES, PROCESS_AFTER_BYTES, CpuPool
from notify.core.errors import StoreError
from notify.core.events import (
    EngineError,
    Event,
    ItemsAdded,
    ItemsChanged,
    PollFinished,
    PollStarted,
    PollSummary,
    ProfileChanged,
    SourcePolled,
    SourceReport,
    SourcesChanged,
)
from notify.core.fetch.config import FetchConfig
from notify.core.fetch.outcomes import Outcome, Request
from notify.core.logs import redact
from notify.core.models import Item, Source, SourceState
from notify.core.paths import Paths
from notify.core.ranking_hook import rank_new
from notify.core.ranking_hook import service as ranking_service
from notify.core.sources import registry
from notify.core.sources.base import Fetch, PollContext, PollResult, SourceKind
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
    from notify.core.subscriptions import Probe, Subscriptions

log = logging.getLogger(__name__)
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
        self._secrets: dict[str, str] = {}  # keyring reference -> value (see _secret)
        self._round_lock: asyncio.Lock | None = None
        self._schedule: scheduling.RoundSchedule | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def open(self) -> Engine:
        """Open (and migrate) the database. Idempotent; ``start()`` calls it."""
        if self._conn is None:
            self.paths.ensure()
            self._conn = db.connect(self.paths.db)
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
            self._schedule.stop()
            self._schedule = None
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

    def _emit(self, event: Event) -> None:
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
        """One round: the given sources (enabled or not), else every enabled source due now."""
        self.open()
        if self._round_lock is None:
            self._round_lock = asyncio.Lock()
        async with self._round_lock:
            summary = await self._round(source_ids, progress)
        if self._schedule is not None:
            self._schedule.rearm()
        return summary

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
            if st is None or st.next_attempt is None or st.next_attempt <= horizon:
                due.append(source)
        return due

    def _interval_policy(self) -> scheduling.IntervalPolicy:
        return scheduling.IntervalPolicy(
            default_s=int(settings_repo.read(self.conn, "poll.default_interval_min")) * 60,
            minimum_s=int(settings_repo.read(self.conn, "poll.min_interval_min")) * 60,
        )

    def interval_of(self, source: Source, hint_s: int | None = None) -> int:
        """Seconds between healthy polls of ``source`` (settings, kind, server hint)."""
        kind = registry.get(source.kind)
        policy = self._policy or self._interval_policy()
        return scheduling.interval_for(
            source, policy, kind_default_s=kind.default_interval_s,
            kind_min_s=kind.min_interval_s, hint_s=hint_s,
        )

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

    async def _run_thread(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(fn, *args))

    async def _write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` (SQL on the write connection) in the one writer thread, so that
        storing a big batch never stalls the event loop."""
        return await self._writer.run(fn, *args)

    def _warm(self, selected: list[Source]) -> None:
        """Slow set-up off the loop: the kinds' modules, the HTTP client's TLS context, and the
        keyring secrets the sources reference (a D-Bus round trip each)."""
        for kind_id in {s.kind for s in selected}:
            try:
                registry.get(kind_id)
            except Exception:  # reported per source when it is polled
                log.debug("loading source kind %r failed", kind_id, exc_info=True)
        getattr(self._fetcher, "transport", None)  # built here, off the loop (TLS context)
        from notify.core.secrets import is_ref

        refs = {v for s in selected for v in s.settings.values() if is_ref(v)}
        for ref in refs - set(self._secrets):
            try:
                self._secret(ref)
            except Exception as err:  # the source's poll reports it in words
                log.info("keyring secret %s not available yet: %s", ref, err)

    def _secret(self, ref: str) -> str:
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
            self._policy = self._interval_policy()
            fetch = self._ensure_fetch()
        self._emit(PollStarted(tuple(s.id for s in selected)))
        await self._run_thread(self._warm, selected)
        ctx = PollContext(fetch=fetch, secret=self._secret, run_cpu=self.run_cpu, now=started)
        reports: list[SourceReport] = []
        new_ids: list[int] = []
        ranked_ids: list[int] = []  # new and not backlog: the ranking service scores these
        backlog_sources: list[int] = []

        def finished_one(applied: poll_one_source.Applied) -> None:
            reports.append(applied.report)
            if applied.backlog and applied.new_ids:
                backlog_sources.append(applied.report.source_id)
            elif not applied.backlog:
                ranked_ids.extend(applied.new_ids)
            new_ids.extend(applied.new_ids)
            event = SourcePolled(applied.report, len(reports), len(selected))
            if progress is not None:
                progress(event)
            self._emit(event)

        async def poll_source(
            source: Source, release: Callable[[], None]
        ) -> poll_one_source.Applied:
            async def fetch(request: Request) -> Outcome:
                try:
                    return await ctx.fetch(request)
                finally:
                    release()  # downloaded: the host's next source may start

            state = states.get(source.id) or SourceState(source.id)
            places[0] += 1
            places[1] += 1
            try:
                return await self._poll_source(replace(ctx, fetch=fetch), source, state,
                                               others_wait=sources_wait_for_a_place)
            finally:
                places[1] -= 1

        places = [0, 0]  # sources started, sources between start and stored

        def sources_wait_for_a_place() -> bool:
            """Whether a source is waiting for one of the round's ``max_in_flight`` places:
            then a result kept waiting by the writer would keep it waiting too."""
            return places[0] < len(selected) and places[1] >= self.config.max_in_flight

        self._writer.expect(sum(1 for s in selected if s.enabled))  # each stores one result
        try:
            # at most max_in_flight sources between request and store (bounds memory), and a
            # few per host so that every host, the busiest first, is kept busy
            await run_fair(
                selected, poll_source, finished_one, key=lambda s: host_key(s.url),
                per_key=2 * self._per_host_limit(), max_in_flight=self.config.max_in_flight,
            )
        finally:
            self._policy = None
            self._writer.expect(0)
        await self._release_connections()
        finished = self._clock()
        if new_ids:
            self._emit(ItemsAdded(tuple(new_ids)))
        for late in await self._write(self._after_round, ranked_ids, backlog_sources, finished):
            self._emit(late)
        order = {s.id: n for n, s in enumerate(selected)}
        reports.sort(key=lambda r: order.get(r.source_id, 0))
        summary = PollSummary(started, finished, tuple(reports))
        if reports:
            self._emit(SourcesChanged(tuple(r.source_id for r in reports)))
        self._emit(PollFinished(summary))
        return summary

    def _per_host_limit(self) -> int:
        config = getattr(self._fetcher, "config", None) or self.config.fetch
        return config.per_host_limit if isinstance(config, FetchConfig) else 2

    async def _poll_source(
        self, ctx: PollContext, source: Source, state: SourceState,
        others_wait: Callable[[], bool] = lambda: False,
    ) -> poll_one_source.Applied:
        """Poll one source (loop) and store the result (writer thread). ``state`` was read at
        the start of the round; the writer re-reads it inside its transaction."""
        name = poll_one_source.display_name(source)
        if not source.enabled:
            why = state.disabled_reason or f"{name} is disabled; enable it to poll it."
            return poll_one_source.Applied(SourceReport(source.id, name, "skipped", 0, why))
        try:
            kind = registry.get(source.kind)
            result = await poll_one_source.poll_one(ctx, kind, source, state)
            # stored with the results of other sources waiting at the same time, one
            # transaction for all of them (notify.core.writer)
            # a result without items may wait a moment for company in the writer, and so may
            # one with items unless other sources are waiting for its place
            light = not result.items or not others_wait()
            return await self._writer.store(functools.partial(self._store, kind, source, result),
                                            light=light)
        except asyncio.CancelledError:
            raise
        except sqlite3.Error as err:  # the database, not the source: full disk, locked, damaged
            problem = db.as_store_error(err, self.paths.db)
            log.error("source %d (%s): the poll could not be stored: %s", source.id, name, problem)
            return poll_one_source.Applied(
                SourceReport(source.id, name, "failed", 0, redact(str(problem)))
            )
        except Exception as err:
            log.exception("source %d (%s): recording the poll failed", source.id, name)
            message = redact(f"Polling {name} failed inside Notify ({err}). See the log.")
            return poll_one_source.Applied(SourceReport(source.id, name, "failed", 0, message))

    def _store(
        self, kind: SourceKind, source: Source, result: PollResult
    ) -> poll_one_source.Applied:
        """Record one source's result (writer thread; in the batch's transaction, else its
        own)."""
        with transaction(self.conn):
            fresh = state_repo.get(self.conn, source.id)
            return poll_one_source.apply(
                self.conn, source, fresh, result, now=self._clock(),
                interval_of=self.interval_of, rng=self._rng,
                default_title=kind.default_title(source.url, source.settings),
            )

    async def _release_connections(self) -> None:
        """Close kept-alive connections nobody uses: no socket stays open between rounds."""
        release = getattr(self._fetcher, "release_idle", None)
        if release is None:
            return
        try:
            await release()
        except Exception:
            log.exception("closing idle connections after the round failed")

    def _after_round(
        self, fresh: list[int], backlog_sources: list[int], now: float
    ) -> list[Event]:
        """Ranking and retention (writer thread); returns the events to emit."""
        events: list[Event] = []
        # With new items, or on every scheduled round (the app), where the ranking service also
        # delivers a due digest; a one-off CLI round without new items skips the ranking import.
        if fresh or backlog_sources or self._schedule is not None:
            try:
                events.extend(
                    rank_new(self.conn, fresh, now, backlog_source_ids=backlog_sources)
                )
            except Exception as err:
                log.exception("ranking %d new items failed", len(fresh))
                events.append(EngineError(f"Ranking the new items failed ({err}); they are in "
                                          "the inbox unranked. See the log."))
        try:
            retention.prune(self.conn, now=now)
        except Exception:
            log.exception("pruning old items failed; will try again after the next round")
        return events

    # -- sources ---------------------------------------------------------------------------

    @property
    def subscriptions(self) -> Subscriptions:
        from notify.core.subscriptions import Subscriptions

        return Subscriptions(self.conn, self._clock, self._emit)

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
        """Is ``url`` a feed, or a page announcing feeds (autodiscovery)?"""
        self.open()
        from notify.core.subscriptions import probe_feed

        return await probe_feed(self._ensure_fetch(), url)

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

    def feedback(self, item_id: int, label: str) -> None:
        """Record a reaction (like, dismiss, open, ignore); committed before this returns."""
        with self._db_lock:
            ranking_service(self.conn).feedback(item_id, label, self._clock())
        self._emit(ItemsChanged((item_id,)))
        self._emit(ProfileChanged())

    def undo_feedback(self) -> str | None:
        """Undo the last reaction; returns what was undone (words) or None."""
        with self._db_lock:
            undone: str | None = ranking_service(self.conn).undo_last()
        if undone is not None:
            self._emit(ProfileChanged())
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


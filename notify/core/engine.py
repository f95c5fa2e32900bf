"""The engine: the one poll loop, the schedule, and the calls of the CLI and the app.

Used by the CLI (``asyncio.run``) and by the app (in its worker thread, through
``notify/app/bridge.py``). Events go to one ``listener`` on the engine's thread. What it holds
open (the only write connection, the writer thread, the CPU pool, the fetcher, secrets) is its
base, ``engine_resources.EngineResources``; how it runs, ``engine_config.EngineConfig``. Helpers
live in their own modules: ``rounds`` (one poll round), ``round_ledger`` (which round polled
which source: a poll asked for during another round), ``poll`` (one source), ``scheduling``
(intervals and the round job), ``retention``, ``subscriptions`` (adding, importing, exporting
sources).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from notify.core import scheduling
from notify.core.engine_config import EngineConfig
from notify.core.engine_resources import EngineResources, Listener, locked
from notify.core.errors import UserInputError
from notify.core.events import (
    ItemsChanged,
    PollStarted,
    PollSummary,
    ProfileChanged,
    SettingsChanged,
    SourcePolled,
)
from notify.core.models import Item, Source, SourceState
from notify.core.paths import Paths
from notify.core.ranking_hook import service as ranking_service
from notify.core.round_ledger import Polled, RoundLedger, answer
from notify.core.rounds import PollRound, digest_due
from notify.core.settings import check_together, coerce
from notify.core.sources import registry
from notify.core.sources.base import Fetch
from notify.core.status import Status, status_of
from notify.core.store import items as items_repo
from notify.core.store import settings as settings_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo
from notify.core.store.items import ItemQuery
from notify.core.store.sources import transaction

if TYPE_CHECKING:  # imported when used: ``notify poll`` needs neither OPML nor discovery
    from notify.core.ranking.outcomes import Reacted, Undone
    from notify.core.subscriptions import Probe, Subscriptions

log = logging.getLogger(__name__)
T = TypeVar("T")
# a digest that could be delivered now but was not by the round that just ran (its ranking
# failed): the schedule tries again after this long, not at once
DIGEST_RETRY_S = 60.0
MARK_READ_PAGE = 500  # items marked read per transaction by ``mark_all_read``
Progress = Callable[[SourcePolled], None]


class Engine(EngineResources):
    def __init__(
        self,
        paths: Paths,
        config: EngineConfig | None = None,
        listener: Listener | None = None,
        *,
        fetch: Fetch | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(paths, config, listener, fetch=fetch, clock=clock)
        self._policy: scheduling.IntervalPolicy | None = None  # cached during a round
        self._probed_titles: dict[str, str] = {}  # address -> name probe() read (Subscriptions)
        self._round_lock: asyncio.Lock | None = None
        self._rounds: set[asyncio.Task[Any]] = set()  # the tasks awaiting ``poll()``
        self._schedule: scheduling.RoundSchedule | None = None
        self._warming: asyncio.Future[None] | None = None  # ``registry.warm`` in a thread
        self._last_round_at: float | None = None  # when the last round started
        self._ledger = RoundLedger()  # which round polled each source last
        # the settings as this engine last saw them (``check_settings``): None, not read yet
        self._settings_seen: dict[str, Any] | None = None

    # -- the schedule ----------------------------------------------------------------------

    async def start(self, *, schedule: bool = True) -> None:
        """Open the store and, with ``schedule``, run due rounds until ``stop()``. The source
        kinds are loaded meanwhile in a worker thread (``registry.warm``): the app lists them
        in Settings, whose GUI thread must not wait for their imports. (``notify poll`` does
        not start an engine: it loads only the kinds it polls.)"""
        self.open()
        with self._db_lock:
            self._settings_seen = settings_repo.read_all(self.conn)
        if self._warming is None:
            self._warming = asyncio.ensure_future(self.run_thread(registry.warm))
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
        warming, self._warming = self._warming, None
        if warming is not None and not warming.done():  # a thread cannot be cancelled: a
            await asyncio.wait([warming])  # quit at once waits for the imports (~0.1 s)
        # a round someone else awaits (the app's "Poll now") ends too, before the store closes
        others = [t for t in self._rounds if t is not asyncio.current_task() and not t.done()]
        for task in others:
            task.cancel()
        if others:
            await asyncio.wait(others)
        await self.close_network()
        self.close()

    def wake(self) -> None:
        """Re-plan the schedule now (after a resume from suspend, network up, settings)."""
        if self._schedule is not None:
            self._schedule.rearm()

    @property
    def schedule(self) -> scheduling.RoundSchedule | None:
        return self._schedule

    # -- polling ---------------------------------------------------------------------------

    async def poll(
        self, source_ids: Sequence[int] | None = None, progress: Progress | None = None
    ) -> PollSummary:
        """One round: the given sources (enabled or not), else every enabled source due now. A
        given source that is disabled, or whose server asked to wait (Retry-After) until later,
        is reported ``skipped``: a forced round does not override a server's wait.

        Asked for while another round runs or is about to (the schedule's, woken by a source
        just added), it waits for that round, and the sources that round polled are not
        fetched again: their results there are this call's (``round_ledger``). When that round
        polled all of them, no round of its own runs (no second PollStarted/PollFinished).
        Asked for after a round ended, it polls its sources again, however recently polled."""
        asked = self._ledger.ask()

        async def run() -> PollSummary:
            answered = self._ledger.answered(asked)
            if source_ids is not None:
                wanted = set(int(i) for i in source_ids)
                answered = {i: p for i, p in answered.items() if i in wanted}
            return await self._round(source_ids, progress, answered)

        summary = await self._one_at_a_time(run)
        if self._schedule is not None:
            self._schedule.rearm()
        return summary

    async def _one_at_a_time(self, run: Callable[[], Awaitable[T]]) -> T:
        """Run a round (``run``) once no other round runs; ``stop()`` cancels it."""
        self.open()
        if self._round_lock is None:
            self._round_lock = asyncio.Lock()
        task = asyncio.current_task()
        if task is not None:
            self._rounds.add(task)  # ``stop()`` cancels it
        try:
            async with self._round_lock:
                return await run()
        finally:
            if task is not None:
                self._rounds.discard(task)

    async def poll_all(self, progress: Progress | None = None) -> PollSummary:
        """One round of every enabled source, due or not (``notify poll --all``, the app's Poll
        now); as in ``poll``, a source whose server asked to wait is reported ``skipped``."""
        self.open()
        with self._db_lock:
            ids = [s.id for s in sources_repo.list_all(self.conn, enabled_only=True)]
        return await self.poll(ids, progress)

    async def _scheduled_round(self) -> None:
        """The schedule's round, unless by the time no other round runs there is nothing for
        it: no source due and no digest to deliver. A round the user asked for may have polled
        what woke the schedule (a source added, then polled at once: its own round wakes the
        schedule, which waited for the user's), or the schedule's safety wake-up
        (``max_sleep_s``) found nothing due. Such a round is left out, not run empty: no
        PollStarted/PollFinished (the tray's "Polling…" would flicker for nothing). The
        settings changed by another process are still looked at, as a round does."""

        async def run() -> None:
            with self._db_lock:
                now = self._clock()
                idle = not self._select(None, now) and not digest_due(self.conn, now)
            if not idle:
                await self._round(None, None, {})
                return
            log.debug("scheduled round left out: no source is due and no digest to deliver")
            with self._db_lock:
                changed = self._settings_changed() if self._settings_seen is not None else ()
            if changed:
                self.emit(SettingsChanged(changed))

        await self._one_at_a_time(run)

    def _earliest_due(self) -> float | None:
        """The next round: when the first source is due, or earlier when a digest held during
        quiet hours can be delivered (their end, or the pause's), even if no source is due
        then. A digest the last round could already have delivered (its ranking failed) is
        tried again after ``DIGEST_RETRY_S``, not at once: no busy loop."""
        due = state_repo.earliest_next_attempt(self.conn)
        if not items_repo.any_held(self.conn):  # the common case: one look in an index
            return due
        from notify.core import policy_state

        s = policy_state.policy_settings(self.conn)
        digest = policy_state.next_delivery(self._clock(), s)
        last = self._last_round_at
        if digest is not None and last is not None \
                and policy_state.next_delivery(last, s) == last:
            digest = max(digest, last + DIGEST_RETRY_S)
        if digest is not None and (due is None or digest < due):
            return digest
        return due

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

    @locked
    def default_interval(self, source: Source) -> int:
        """Seconds between healthy polls of ``source`` were its own interval unset (what
        "default" means for it: the settings' default interval, or its kind's)."""
        return self.interval_of(dataclasses.replace(source, interval_s=None))

    async def _round(
        self, source_ids: Sequence[int] | None, progress: Progress | None,
        answered: Mapping[int, Polled],
    ) -> PollSummary:
        """A round of ``source_ids`` (None: those due), but for the sources ``answered`` by
        the rounds that ran while the request waited; none runs when they answered it all."""
        now = self._clock()
        with self._db_lock:
            # settings another process changed, for a running engine (``start``: the app);
            # a one-off round (``notify poll``) has no one to tell
            changed = self._settings_changed() if self._settings_seen is not None else ()
            selected = [s for s in self._select(source_ids, now) if s.id not in answered]
        if changed:
            self.emit(SettingsChanged(changed))
        order = [int(i) for i in source_ids] if source_ids is not None else []
        if answered and not selected:
            log.debug("poll answered by the round(s) that ran while it waited: sources %s",
                      sorted(answered))
            return answer(None, answered, order)
        started = self._last_round_at = now
        with self._db_lock:
            states = state_repo.all_states(self.conn)
            self._policy = self._interval_policy()  # one settings read for the whole round
            fetch = self._ensure_fetch()
        number = self._ledger.begin()
        self.emit(PollStarted(tuple(s.id for s in selected)))
        this = PollRound(self, selected, states, fetch, started, progress)
        summary: PollSummary | None = None
        try:
            summary = await this.run()
        finally:
            self._policy = None
            # cancelled (``stop()``): what it polled so far still answers the requests waiting
            finished = summary.finished if summary is not None else self._clock()
            self._ledger.end(number, started, finished, this.reports)
        return answer(summary, answered, order) if answered else summary

    # -- sources ---------------------------------------------------------------------------

    @property
    def subscriptions(self) -> Subscriptions:
        from notify.core.subscriptions import Subscriptions

        return Subscriptions(self.conn, self._clock, self.emit, self._probed_titles)

    @locked
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

    @locked
    def update_source(self, source_id: int, **changes: Any) -> Source:
        source = self.subscriptions.update(source_id, **changes)
        self._secrets.clear()  # a token may have been replaced
        self.wake()
        return source

    @locked
    def remove_source(self, source_id: int) -> Source:
        self._secrets.clear()
        self._ledger.forget(source_id)
        return self.subscriptions.remove(source_id)

    @locked
    def sources(self) -> list[Source]:
        return sources_repo.list_all(self.conn)

    @locked
    def source(self, source_id: int) -> Source:
        return sources_repo.get(self.conn, source_id)

    @locked
    def source_state(self, source_id: int) -> SourceState:
        sources_repo.get(self.conn, source_id)
        return state_repo.get(self.conn, source_id)

    @locked
    def import_opml(self, data: bytes) -> Any:
        report = self.subscriptions.import_opml(data)
        self.wake()
        return report

    @locked
    def export_opml(self) -> str:
        return self.subscriptions.export_opml()

    # -- feedback and the profile (delegated to notify.core.ranking.service) ---------------

    @locked
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

    def undo_feedback(self) -> Undone | None:
        """Undo the last reaction; returns what was undone or None."""
        with self._db_lock:
            undone: Undone | None = ranking_service(self.conn).undo_last()
        if undone is not None:
            self.emit(ItemsChanged(undone.item_ids))  # a story's copies too
            self.emit(ProfileChanged())
        return undone

    @locked
    def explain(self, item_id: int) -> Any:
        return ranking_service(self.conn).explain(item_id, self._clock())

    # -- items, settings, status -----------------------------------------------------------

    @locked
    def items(self, query: ItemQuery | None = None) -> list[Item]:
        return items_repo.query(self.conn, query or ItemQuery())

    @locked
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

    @locked
    def setting(self, key: str) -> Any:
        return settings_repo.read(self.conn, key)

    @locked
    def quiet_hours(self) -> Any:
        """``policy_state.QuietHours`` now: on or not, until when, when that changes next."""
        from notify.core import policy_state

        return policy_state.quiet_hours(self._clock(), policy_state.policy_settings(self.conn))

    def set_setting(self, key: str, value: Any) -> Any:
        return self.set_settings({key: value})[key]

    def set_settings(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Validate and store settings together (rules across options, e.g. quiet hours that
        would start when they end, see the result of all of them); returns the stored values.
        Raises ``UserInputError`` and stores none when one is refused."""
        with self._db_lock:
            elsewhere = self._settings_changed()  # by another process since the last look
            values = dict(self._settings_seen or {})
            try:
                clean = {key: coerce(key, value) for key, value in changes.items()}
                check_together({**values, **clean}, clean)
            except ValueError as err:
                raise UserInputError(str(err)) from err
            with transaction(self.conn):
                stored = {key: settings_repo.write(self.conn, key, value)
                          for key, value in clean.items()}
            self._settings_seen = {**values, **stored}
            here = tuple(k for k, v in stored.items() if values.get(k) != v)
            changed = tuple(dict.fromkeys(elsewhere + here))
        self.wake()
        if changed:
            self.emit(SettingsChanged(changed))
        return stored

    def check_settings(self) -> tuple[str, ...]:
        """Have the settings changed since this engine last read them (another process:
        ``notify pause`` while the app runs)? Then ``SettingsChanged`` says which, and the
        schedule is planned again (a resumed pause may let a held digest out). A round asks
        too, when it starts; the app asks when its menu or inbox is opened. No timer of its
        own: an idle app stays idle."""
        with self._db_lock:
            changed = self._settings_changed()
        if changed:
            self.wake()
            self.emit(SettingsChanged(changed))
        return changed

    def _settings_changed(self) -> tuple[str, ...]:
        """The keys whose values differ from the last read (none at the first read, which
        only sets what later reads are compared with)."""
        now = settings_repo.read_all(self.conn)
        seen, self._settings_seen = self._settings_seen, now
        if seen is None:
            return ()
        return tuple(k for k, v in now.items() if seen.get(k) != v)

    @locked
    def status(self) -> Status:
        return status_of(self.conn, self.paths, self._schedule, self._clock())


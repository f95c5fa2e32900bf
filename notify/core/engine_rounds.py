"""Running poll rounds: the ones asked for (``poll``, ``poll_all``) and the schedule's, one at a
time, and when the next is due.

``EngineRounds`` is the engine's part that decides which sources a round polls (due, asked
for, answered by a round that ran while the request waited: ``round_ledger``) and runs it
(``rounds.PollRound``); the schedule (``scheduling.RoundSchedule``) is started and stopped by
``Engine`` (``engine``), and re-planned here (``wake``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from notify.core import poll_lock, scheduling
from notify.core.engine_config import EngineConfig
from notify.core.engine_resources import Listener, locked
from notify.core.engine_settings import EngineSettings
from notify.core.events import (
    PollStarted,
    PollSummary,
    SettingsChanged,
    SourcePolled,
    SourceReport,
)
from notify.core.models import Source
from notify.core.paths import Paths
from notify.core.poll import display_name
from notify.core.round_ledger import Polled, RoundLedger, answer
from notify.core.rounds import PollRound, digest_due
from notify.core.sources import registry
from notify.core.sources.base import Fetch
from notify.core.store import items as items_repo
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo

log = logging.getLogger("notify.core.engine")
T = TypeVar("T")
# a digest that could be delivered now but was not by the round that just ran (its ranking
# failed): the schedule tries again after this long, not at once
DIGEST_RETRY_S = 60.0
# a round put off because another process polls the data folder (``poll_lock``): the schedule
# looks again after this long, and polls then what that process left due
BUSY_RETRY_S = 30.0
Progress = Callable[[SourcePolled], None]


class EngineRounds(EngineSettings):
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
        self._round_lock: asyncio.Lock | None = None
        self._rounds: set[asyncio.Task[Any]] = set()  # the tasks awaiting ``poll()``
        self._schedule: scheduling.RoundSchedule | None = None  # ``Engine.start`` starts it
        self._last_round_at: float | None = None  # when the last round started
        self._ledger = RoundLedger()  # which round polled each source last
        self._busy_until: float | None = None  # a round was put off (another process polled)

    def wake(self) -> None:
        """Re-plan the schedule now (after a resume from suspend, network up, settings)."""
        if self._schedule is not None:
            self._schedule.rearm()

    @property
    def schedule(self) -> scheduling.RoundSchedule | None:
        return self._schedule

    # -- rounds asked for ------------------------------------------------------------------

    async def poll(
        self, source_ids: Sequence[int] | None = None, progress: Progress | None = None
    ) -> PollSummary:
        """One round: the given sources (enabled or not), else every enabled source due now. A
        given source that is disabled, or whose server asked to wait (Retry-After, GitHub's
        X-Poll-Interval) until later, is reported ``skipped``: a forced round does not override
        a server's wait.

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

    async def poll_all(self, progress: Progress | None = None) -> PollSummary:
        """One round of every enabled source, due or not (``notify poll --all``, the app's Poll
        now); as in ``poll``, a source whose server asked to wait is reported ``skipped``."""
        self.open()
        with self._db_lock:
            ids = [s.id for s in sources_repo.list_all(self.conn, enabled_only=True)]
        return await self.poll(ids, progress)

    async def _one_at_a_time(self, run: Callable[[], Awaitable[T]]) -> T:
        """Run a round (``run``) once no other round runs; ``Engine.stop()`` cancels it."""
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

    # -- the schedule's rounds -------------------------------------------------------------

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
                changed = self._settings_changed_since_start()
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
            return self._after_busy(due)
        from notify.core import policy_state

        s = policy_state.policy_settings(self.conn)
        digest = policy_state.next_delivery(self._clock(), s)
        last = self._last_round_at
        if digest is not None and last is not None \
                and policy_state.next_delivery(last, s) == last:
            digest = max(digest, last + DIGEST_RETRY_S)
        if digest is not None and (due is None or digest < due):
            due = digest
        return self._after_busy(due)

    def _after_busy(self, due: float | None) -> float | None:
        """``due``, but not before ``_busy_until``: a round put off because another process
        polled is not tried again at once (no busy loop while it polls)."""
        busy = self._busy_until
        if busy is None or due is None:
            return due
        if busy <= self._clock():
            self._busy_until = None
            return due
        return max(due, busy)

    # -- which sources, how often ----------------------------------------------------------

    def _select(self, source_ids: Sequence[int] | None, now: float) -> list[Source]:
        if source_ids is not None:
            return sources_repo.get_many(self.conn, list(dict.fromkeys(source_ids)))
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

    # -- one round -------------------------------------------------------------------------

    async def _round(
        self, source_ids: Sequence[int] | None, progress: Progress | None,
        answered: Mapping[int, Polled],
    ) -> PollSummary:
        """A round of ``source_ids`` (None: those due), but for the sources ``answered`` by
        the rounds that ran while the request waited; none runs when they answered it all."""
        now = self._clock()
        with self._db_lock:
            changed = self._settings_changed_since_start()
            selected = [s for s in self._select(source_ids, now) if s.id not in answered]
        if changed:
            self.emit(SettingsChanged(changed))
        order = [int(i) for i in source_ids] if source_ids is not None else []
        if answered and not selected:
            log.debug("poll answered by the round(s) that ran while it waited: sources %s",
                      sorted(answered))
            return answer(None, answered, order)
        # One round at a time on the data folder across processes, too (``notify poll`` and
        # the app), never waiting for the other: the event loop (and the app's GUI thread,
        # which waits on none of it) must not hang on another process's round.
        with poll_lock.trying(self.paths) as busy:
            if busy is not None:
                summary = self._put_off(selected, busy, now)
                return answer(summary, answered, order) if answered else summary
            return await self._locked_round(selected, progress, answered, order, now)

    def _put_off(self, selected: Sequence[Source], busy: poll_lock.Busy,
                 now: float) -> PollSummary:
        """The round another process's round keeps from running (``poll_lock``): each of its
        sources ``skipped`` saying why; the schedule tries again in ``BUSY_RETRY_S`` and polls
        then what the other left due. No PollStarted/PollFinished: nothing was polled."""
        retry = self._busy_until = now + BUSY_RETRY_S
        log.info("%s is polling %s: this round (%d sources) is put off",
                 busy.words, self.paths.data_dir, len(selected))
        why = (f"{busy.words} is polling this data folder; what it leaves due is polled after "
               "it")
        return PollSummary(now, now, tuple(
            SourceReport(s.id, display_name(s), "skipped", 0, why, retry) for s in selected))

    async def _locked_round(
        self, selected: list[Source], progress: Progress | None,
        answered: Mapping[int, Polled], order: list[int], now: float,
    ) -> PollSummary:
        """The round of ``_round``, the data folder's poll lock held."""
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

"""One poll round, the engine's own part: selected sources fetched and parsed on the loop,
each result stored by the writer thread, then ranking and retention.

``PollRound(engine, selected, states, fetch, started, progress).run()`` is what
``Engine.poll`` awaits under its round lock. At most ``max_in_flight`` sources are between
request and store (bounds memory), and a few per host so that every host, the busiest first,
is kept busy (``admission.run_fair``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from notify.core import poll as poll_one_source
from notify.core import retention, scheduling
from notify.core.admission import host_key, run_fair
from notify.core.clock_words import clock_time
from notify.core.errors import Advice, Advised, Remedy, SecretStoreError
from notify.core.events import (
    EngineError,
    Event,
    ItemsAdded,
    PollFinished,
    PollSummary,
    ProfileChanged,
    SourcePolled,
    SourceReport,
    SourcesChanged,
)
from notify.core.fetch.config import FetchConfig
from notify.core.fetch.outcomes import Outcome, Request
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.ranking_hook import rank_new
from notify.core.sources import registry
from notify.core.sources.base import SERVER_NAME, Fetch, PollContext, PollResult, SourceKind
from notify.core.store import db
from notify.core.store import items as items_store
from notify.core.store import state as state_repo
from notify.core.store.sources import transaction

if TYPE_CHECKING:
    from notify.core.engine_rounds import EngineRounds, Progress

log = logging.getLogger("notify.core.engine")

# Items an earlier round stored but did not rank are ranked by the next round when first seen
# this recently; older ones stay unranked in the inbox (notifying them now would be late news).
LEFT_UNRANKED_S = 86400.0


def digest_due(conn: sqlite3.Connection, now: float) -> bool:
    """Whether a digest held for the quiet hours can be delivered now."""
    if not items_store.any_held(conn):
        return False
    from notify.core.policy_state import digest_due_at

    due = digest_due_at(conn, now)
    return due is not None and due <= now


def _server_name(source: Source) -> str:
    """Who asks the source's kind to wait between polls, in words (``SourceKind.server_name``:
    GitHub, else "The server")."""
    try:
        return registry.get(source.kind).server_name
    except Exception:  # an unknown kind is reported when it is polled
        log.debug("source %d: kind %r not loaded", source.id, source.kind, exc_info=True)
        return SERVER_NAME


class PollRound:
    def __init__(
        self, engine: EngineRounds, selected: list[Source], states: dict[int, SourceState],
        fetch: Fetch, started: float, progress: Progress | None,
    ) -> None:
        self.engine = engine
        self.selected = selected
        self.states = states
        self.fetch = fetch
        self.started = started
        self.progress = progress
        self.reports: list[SourceReport] = []
        self.new_ids: list[int] = []
        self.ranked_ids: list[int] = []  # new and not backlog: the ranking service scores these
        self.backlog_sources: list[int] = []
        self.started_count = 0  # sources started
        self.in_flight = 0  # sources between start and stored
        # keyring reference -> why it could not be read (``_warm``): its sources are not polled
        self.secret_errors: dict[str, SecretStoreError] = {}
        self.store_errors: set[str] = set()  # the database's errors logged in this round
        self.profile_changed = False  # a source's new name renamed what the profile learnt

    async def run(self) -> PollSummary:
        engine = self.engine
        await engine.run_thread(self._warm)
        ctx = PollContext(fetch=self.fetch, secret=engine.secret, run_cpu=engine.run_cpu,
                          now=self.started)

        async def poll_source(source: Source, release: Callable[[], None]) -> \
                poll_one_source.Applied:
            async def fetch(request: Request) -> Outcome:
                try:
                    return await ctx.fetch(request)
                finally:
                    release()  # downloaded: the host's next source may start

            state = self.states.get(source.id) or SourceState(source.id)
            self.started_count += 1
            self.in_flight += 1
            try:
                return await self._poll_source(replace(ctx, fetch=fetch), source, state)
            finally:
                self.in_flight -= 1

        writer = engine.writer
        # each source polled stores one result
        writer.expect(sum(1 for s in self.selected if self._skip_reason(s) is None))
        try:
            await run_fair(
                self.selected, poll_source, self._finished_one, key=lambda s: host_key(s.url),
                per_key=2 * self._per_host_limit(), max_in_flight=engine.config.max_in_flight,
            )
        finally:
            writer.expect(0)
        await self._release_connections()
        finished = engine.now()
        if self.new_ids:
            engine.emit(ItemsAdded(tuple(self.new_ids)))
        for late in await engine.write(self._after_round, finished):
            engine.emit(late)
        order = {s.id: n for n, s in enumerate(self.selected)}
        self.reports.sort(key=lambda r: order.get(r.source_id, 0))
        summary = PollSummary(self.started, finished, tuple(self.reports))
        if self.reports:
            engine.emit(SourcesChanged(tuple(r.source_id for r in self.reports)))
        if self.profile_changed:  # a source renamed: Settings → Profile, the Why panel read again
            engine.emit(ProfileChanged())
        engine.emit(PollFinished(summary))
        return summary

    def _finished_one(self, applied: poll_one_source.Applied) -> None:
        self.reports.append(applied.report)
        self.profile_changed = self.profile_changed or applied.profile_changed
        if applied.backlog and applied.new_ids:
            self.backlog_sources.append(applied.report.source_id)
        elif not applied.backlog:
            self.ranked_ids.extend(applied.new_ids)
        self.new_ids.extend(applied.new_ids)
        event = SourcePolled(applied.report, len(self.reports), len(self.selected))
        if self.progress is not None:
            self.progress(event)
        self.engine.emit(event)

    def _sources_wait_for_a_place(self) -> bool:
        """Whether a source is waiting for one of the round's ``max_in_flight`` places: then a
        result kept waiting by the writer would keep it waiting too."""
        return (self.started_count < len(self.selected)
                and self.in_flight >= self.engine.config.max_in_flight)

    def _warm(self) -> None:
        """Slow set-up off the loop: the kinds' modules, the HTTP client's pools and TLS context
        (when a source is not plain http://), and the keyring secrets the sources reference (a
        D-Bus round trip each)."""
        for kind_id in {s.kind for s in self.selected}:
            try:
                registry.get(kind_id)
            except Exception:  # reported per source when it is polled
                log.debug("loading source kind %r failed", kind_id, exc_info=True)
        fetcher = self.engine.fetcher
        getattr(fetcher, "transport", None)  # built here, off the loop
        # the CA bundle only for a round that may talk TLS (API kinds' URLs are not http://)
        if any(not s.url.startswith("http://") for s in self.selected):
            getattr(fetcher, "warm_tls", lambda: None)()
        from notify.core.secrets import SecretMissing, is_ref

        refs = {v for s in self.selected for v in s.settings.values() if is_ref(v)}
        for ref in refs - self.engine.known_secrets():
            try:
                self.engine.secret(ref)
            except SecretMissing as err:  # the token is gone, not the keyring: the source's
                # poll says how to give it again (``apihelpers.token_for``, with its id)
                log.info("keyring secret %s is missing: %s", ref, err)
            except SecretStoreError as err:  # its sources fail with it, unpolled
                self.secret_errors[ref] = err
                log.info("keyring secret %s cannot be read: %s", ref, err)
            except Exception as err:  # the source's poll reports it in words
                log.info("keyring secret %s not available yet: %s", ref, err)

    def _per_host_limit(self) -> int:
        engine = self.engine
        config = getattr(engine.fetcher, "config", None) or engine.config.fetch
        return config.per_host_limit if isinstance(config, FetchConfig) else 2

    async def _poll_source(
        self, ctx: PollContext, source: Source, state: SourceState
    ) -> poll_one_source.Applied:
        """Poll one source (loop) and store the result (writer thread). ``state`` was read at
        the start of the round; the writer re-reads it inside its transaction."""
        name = poll_one_source.display_name(source)
        skipped = self._skip_reason(source)
        if skipped is not None:
            why, until = skipped
            return poll_one_source.Applied(SourceReport(source.id, name, "skipped", 0, why.text,
                                                        until, why.placed))
        try:
            kind = registry.get(source.kind)
            unreadable = self._unreadable_secret(source)
            if unreadable is not None:  # the keyring failed: nothing to send, no backoff
                result = PollResult(poll_one_source.keyring_failed(source, unreadable))
            else:
                result = await poll_one_source.poll_one(ctx, kind, source, state)
            # stored with the results of other sources waiting at the same time, one
            # transaction for all of them (notify.core.writer)
            # a result without items may wait a moment for company in the writer, and so may
            # one with items unless other sources are waiting for its place
            light = not result.items or not self._sources_wait_for_a_place()
            return await self.engine.writer.store(
                functools.partial(self._store, kind, source, result), light=light)
        except asyncio.CancelledError:
            raise
        except sqlite3.Error as err:  # the database, not the source: full disk, locked, damaged
            problem = db.as_store_error(err, self.engine.paths.db)
            # logged once a round: a full disk fails every source alike (670 lines)
            level = logging.DEBUG if str(problem) in self.store_errors else logging.ERROR
            self.store_errors.add(str(problem))
            log.log(level, "source %d (%s): the poll could not be stored: %s", source.id, name,
                    problem)
            return poll_one_source.Applied(
                SourceReport(source.id, name, "failed", 0, redact(str(problem)))
            )
        except Exception as err:
            log.exception("source %d (%s): recording the poll failed", source.id, name)
            message = redact(f"Polling {name} failed inside Notify ({err}). See the log.")
            return poll_one_source.Applied(SourceReport(source.id, name, "failed", 0, message))

    def _skip_reason(self, source: Source) -> tuple[Advised, float | None] | None:
        """Why ``source`` is not polled in this round (the report carries its name: the reason
        does not repeat it), and when it will be; None: it is polled."""
        state = self.states.get(source.id) or SourceState(source.id)
        if not source.enabled:
            enable = Advice(Remedy.ENABLE_SOURCE, source_id=source.id)
            return (state.disabled
                    or Advised.of("It is disabled; to poll it, enable it: ", enable, ".")), None
        until = scheduling.must_wait(state, self.started)
        if until is None:
            return None
        if state.last_error is None and state.last_success is not None:
            # the wait a success brought: the server's time between polls (X-Poll-Interval)
            wait_s = round(until - state.last_success)
            at = max(until, state.next_attempt or until)  # the schedule's next poll
            return Advised(f"{_server_name(source)} asks Notify to wait {wait_s} s between "
                           f"polls; next poll at {clock_time(at, self.started)}."), at
        return Advised(f"The server asked Notify to wait until {clock_time(until, self.started)} "
                       "before asking again; Notify polls it then."), until

    def _unreadable_secret(self, source: Source) -> SecretStoreError | None:
        for value in source.settings.values():
            err = self.secret_errors.get(value) if isinstance(value, str) else None
            if err is not None:
                return err
        return None

    def _store(
        self, kind: SourceKind, source: Source, result: PollResult
    ) -> poll_one_source.Applied:
        """Record one source's result (writer thread; in the batch's transaction, else its
        own)."""
        engine = self.engine
        with transaction(engine.conn):
            fresh = state_repo.get(engine.conn, source.id)
            return poll_one_source.apply(
                engine.conn, source, fresh, result, now=engine.now(),
                interval_of=engine.interval_of, rng=engine.rng,
                default_title=kind.default_title(source.url, source.settings),
            )

    async def _release_connections(self) -> None:
        """Close kept-alive connections nobody uses: no socket stays open between rounds."""
        release = getattr(self.engine.fetcher, "release_idle", None)
        if release is None:
            return
        try:
            await release()
        except Exception:
            log.exception("closing idle connections after the round failed")

    @staticmethod
    def _with_left_unranked(conn: sqlite3.Connection, fresh: list[int], now: float) -> list[int]:
        """The round's new items and those an earlier round stored but never ranked (it was
        stopped by Ctrl-C or a crash between storing and ranking, or ranking failed), first
        seen within ``LEFT_UNRANKED_S``: without this they were never scored nor notified."""
        left = items_store.left_unranked(conn, since=now - LEFT_UNRANKED_S)
        if not left:
            return fresh
        mine = set(fresh)
        earlier = [i for i in left if i not in mine]
        if earlier:
            log.info("ranking %d items an earlier round stored but did not rank", len(earlier))
        return earlier + fresh

    def _after_round(self, now: float) -> list[Event]:
        """Ranking and retention (writer thread); returns the events to emit."""
        conn = self.engine.conn
        backlog = self.backlog_sources
        fresh = self._with_left_unranked(conn, self.ranked_ids, now)
        events: list[Event] = []
        # With new items to rank, or on every scheduled round (the app), where the ranking
        # service also delivers a due digest; a one-off CLI round without new items to rank
        # skips the ranking import (~13 ms), also when its only new items are a new source's
        # backlog (the service ranks none of them), unless a digest held during quiet hours can
        # be delivered now (``notify poll`` from cron after the quiet hours): whether one is
        # held is one look in an index, and only then are the settings read.
        if fresh or self.engine.schedule is not None or digest_due(conn, now):
            try:
                events.extend(rank_new(conn, fresh, now, backlog_source_ids=backlog))
            except Exception as err:
                log.exception("ranking %d new items failed", len(fresh))
                events.append(EngineError(f"Ranking the new items failed ({err}); they are in "
                                          "the inbox unranked. See the log."))
        try:
            retention.prune(conn, now=now)
        except sqlite3.Error as err:  # the database, not a bug: in words, no traceback
            log.warning("pruning old items was put off until the next round: %s",
                        db.as_store_error(err, self.engine.paths.db))
        except Exception:
            log.exception("pruning old items failed; will try again after the next round")
        db.checkpoint(conn)  # here, not in the commit of a reaction that crosses the mark
        return events

"""The engine: the one poll loop, the schedule, and the calls of the CLI and the app.

Used by the CLI (``asyncio.run``) and by the app (in its worker thread, through
``notify/app/bridge.py``). Events go to one ``listener`` on the engine's thread. ``Engine`` is
its lifecycle (``start``/``stop``: the store, the schedule, the kinds loaded in a thread) and
its calls on sources, made of parts that each own one concern:

- ``engine_resources.EngineResources``: what it holds open (the only write connection, the
  writer thread, the CPU pool, the fetcher, secrets); how it runs: ``engine_config.EngineConfig``;
- ``engine_settings.EngineSettings``: the settings calls, and the settings as last seen;
- ``engine_rounds.EngineRounds``: running rounds (asked for and scheduled, one at a time),
  which sources are due, their intervals;
- ``engine_items.EngineItems``: items, marking them read, the person's reactions.

Helpers live in their own modules: ``rounds`` (one poll round), ``round_ledger`` (which round
polled which source: a poll asked for during another round), ``poll`` (one source),
``scheduling`` (intervals and the round job), ``retention``, ``subscriptions`` (adding,
importing, exporting sources).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from notify.core import scheduling
from notify.core.engine_config import EngineConfig
from notify.core.engine_items import EngineItems
from notify.core.engine_resources import Listener, locked
from notify.core.engine_rounds import EngineRounds
from notify.core.models import Source, SourceState
from notify.core.paths import Paths
from notify.core.sources import registry
from notify.core.sources.base import Fetch
from notify.core.store import sources as sources_repo
from notify.core.store import state as state_repo

if TYPE_CHECKING:  # imported when used: ``notify poll`` needs neither OPML nor discovery
    from notify.core.status import Status
    from notify.core.subscriptions import Probe, Subscriptions


class Engine(EngineRounds, EngineItems):
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
        self._probed_titles: dict[str, str] = {}  # address -> name probe() read (Subscriptions)
        self._warming: asyncio.Future[None] | None = None  # ``registry.warm`` in a thread

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, *, schedule: bool = True) -> None:
        """Open the store and, with ``schedule``, run due rounds until ``stop()``. The source
        kinds are loaded meanwhile in a worker thread (``registry.warm``): the app lists them
        in Settings, whose GUI thread must not wait for their imports. (``notify poll`` does
        not start an engine: it loads only the kinds it polls.)"""
        self.open()
        self._read_settings()
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

    @locked
    def status(self) -> Status:
        from notify.core.status import status_of  # the app's status line, not a poll

        return status_of(self.conn, self.paths, self._schedule, self._clock())

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
    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on the engine's connection: it changes when another
        connection committed since the engine last asked (another process: ``notify save`` in a
        terminal), never for the engine's own writes (which its events report). The inbox
        compares it to see what another program changed."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

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

"""The engine's calls on items: reading them, marking them read, saving them for later, the
person's reactions and their profile (delegated to the ranking service,
``notify.core.ranking.service``), each change announced to the listener (``ItemsChanged``,
``ProfileChanged``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from notify.core.engine_resources import EngineResources, locked
from notify.core.events import ItemsChanged, ProfileChanged
from notify.core.models import Item
from notify.core.ranking_hook import service as ranking_service
from notify.core.store import items as items_repo
from notify.core.store.items import ItemQuery
from notify.core.store.sources import transaction

if TYPE_CHECKING:  # the ranking package is imported when used
    from notify.core.first_run_samples import Sample
    from notify.core.ranking.outcomes import Reacted, Undone
    from notify.core.ranking.service import RankingService

T = TypeVar("T")
MARK_READ_PAGE = 500  # items marked read per transaction by ``mark_all_read``


class EngineItems(EngineResources):
    # -- items -----------------------------------------------------------------------------

    @locked
    def items(self, query: ItemQuery | None = None) -> list[Item]:
        return items_repo.query(self.conn, query or ItemQuery())

    @locked
    def item(self, item_id: int) -> Item:
        return items_repo.get(self.conn, item_id)

    @locked
    def first_run_samples(self, limit: int | None = None) -> list[Sample]:
        """A few varied items of the sources read (at the first run: its first poll's), for
        the welcome's "Tell Notify what you like" (``first_run_samples``); each answer goes
        through ``feedback`` (a first-run answer until a round that could notify)."""
        from notify.core import first_run_samples

        return first_run_samples.of_store(self.conn, limit or first_run_samples.SAMPLES)

    def mark_read(self, item_ids: Sequence[int], read: bool = True) -> tuple[int, ...]:
        """Mark items read (shown to the person) or unread again; returns the ids."""
        ids = tuple(dict.fromkeys(int(i) for i in item_ids))
        if ids:
            with self._db_lock, transaction(self.conn):
                items_repo.mark_read(self.conn, ids, read)
            self.emit(ItemsChanged(ids))
        return ids

    def set_saved(self, item_id: int, saved: bool = True) -> bool:
        """Save an item for later (kept past retention) or unsave it; whether that changed it.
        No reaction: the profile learns nothing. ``UnknownItemError`` for an unknown id."""
        with self._db_lock, transaction(self.conn):
            changed = items_repo.set_saved(self.conn, int(item_id), saved)
        if changed:
            self.emit(ItemsChanged((int(item_id),)))
        return changed

    async def mark_all_read(self, source_ids: Sequence[int] | None = None
                            ) -> tuple[int, ...]:
        """Mark every unread item read (of ``source_ids`` only, when given); returns their ids
        (what an undo marks unread again: ``mark_read(ids, False)``). A page at a time, each its
        own transaction, so polls and other calls go on between."""
        if source_ids is not None and not source_ids:
            return ()
        marked: list[int] = []
        after = 0
        while True:
            with self._db_lock:
                ids = tuple(items_repo.unread_ids(self.conn, after=after, limit=MARK_READ_PAGE,
                                                  source_ids=tuple(source_ids or ())))
                if not ids:
                    break
                with transaction(self.conn):
                    items_repo.mark_read(self.conn, ids)
            marked += ids
            after = ids[-1]
            self.emit(ItemsChanged(ids))
            await asyncio.sleep(0)
        return tuple(marked)

    # -- feedback and the profile (delegated to notify.core.ranking.service) ---------------

    @locked
    def ranking(self) -> Any:
        """The ``RankingService`` on the engine's connection, for reading the profile (``show``,
        ``export``, ``last_reaction``). A change goes through ``change_profile``, which says it.
        Call it from the engine's thread only."""
        return ranking_service(self.conn)

    def change_profile(self, change: Callable[[RankingService], T]) -> T:
        """Run ``change(ranking_service)``, a profile operation (``pin``, ``unpin``, ``forget``,
        ``less_of``, ``interests``, ``import_``, ``reset``), on the engine's connection, and
        announce it (``ProfileChanged``: the inbox's Why panel and Undo, Settings → Profile
        read again) when it wrote anything; a change that changed nothing (a pin already
        there) is not announced, one that failed changed nothing. Returns what ``change``
        returned. The one way the app changes the profile (the CLI writes through its own
        connection: the app sees that at its look for outside changes)."""
        with self._db_lock:
            conn = self.conn
            before = conn.total_changes
            result = change(ranking_service(conn))
            wrote = conn.total_changes != before
        if wrote:
            self.emit(ProfileChanged())
        return result

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

    def take_back_feedback(self, item_id: int) -> Undone | None:
        """Take back the reaction to ``item_id`` (not only the last one given: the first-run
        page's second click); returns what was taken back, or None (it had none)."""
        with self._db_lock:
            undone: Undone | None = ranking_service(self.conn).take_back(item_id)
        if undone is not None:
            self.emit(ItemsChanged(undone.item_ids or (item_id,)))
            self.emit(ProfileChanged())
        return undone

    @locked
    def explain(self, item_id: int) -> Any:
        return ranking_service(self.conn).explain(item_id, self._clock())

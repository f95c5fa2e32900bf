"""The inbox's item model: every item, newest first, loaded page by page (fetchMore).

Rows are small values (``query.Row``, held as ``row_table.py`` says); pages come from the
reader thread. New arrivals are
inserted where they sort (usually the top; lower when their date is older) in batches;
reactions, read and saved marks update their rows in place. What a row's cells show (bold when
unread, the bell, the ★ and the reaction's mark) is ``row_cells.py``'s.

A reload (a filter or search changed, items arrived into an empty list) keeps the item the
window shows (``keep_item``): pages are loaded until that item is (however deep it was), and
``settled`` gives its row, for the window to select it again. When the reloaded list no longer
has it, ``settled`` gives its neighbour, the row that now stands where it would be (the next
older item; the last one at the end): the list stays at the same point in time, and the window
moves the selection and the pane there together. -1: the list is empty.

Loading down to a kept item (a reload, ``load_until``: maybe the oldest of 100,000) is one read
on the reader thread, its rows then appended a slice per event-loop turn (``descent.py``).
Given up (``give_up``, a reload), the rows read are not shown.

A row that leaves its view (unsaved in "Saved", its Like undone in "Liked": ``items_changed``
re-reads whether the filter still shows it) goes at once, unless it is the current row
(``hold_current``): that one stays, without its mark, until the selection moves off it
(``release_left``), as in a mail client, so that the person sees what they did and Ctrl+Z can
put the mark back in place. A row that joins its view (saved again, liked from a bubble) is
inserted where it sorts. ``refresh`` re-reads the loaded part of the list in one query and does
the same with every difference (a change made by another process: ``notify save`` in a terminal).
"""

from __future__ import annotations

import functools
import sqlite3
from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer, Signal

from notify.app.inbox import query
from notify.app.inbox.descent import Descent, read_down
from notify.app.inbox.reader import Reader
from notify.app.inbox.row_table import ID, Index, RowTable, key_of
from notify.app.qtcompat import emit

INSERT_CHUNK = 500  # rows inserted per event-loop turn when many arrive at once
CHANGED_CHUNK = 500  # changed rows re-read per query (SQLite's limit on parameters)



def _rows_and_shown(conn: sqlite3.Connection, filt: query.InboxFilter,
                    ids: list[int]) -> tuple[list[query.Row], set[int]]:
    """The rows of ``ids`` (those still stored), and the ids among them that ``filt`` shows."""
    return (query.rows_by_id(conn, ids), {r.id for r in query.matching(conn, filt, ids)})


class InboxModel(RowTable):
    loading = Signal(bool)
    pageLoaded = Signal(int)  # rows now loaded
    # after a reload that kept an item: its row, or its neighbour's (-1: the list is empty)
    settled = Signal(int)
    # rows listed only while current (they left the view) came or went: how many items the
    # view holds changed, though no row did yet
    leavingChanged = Signal()

    def __init__(self, reader: Reader, parent: Any = None) -> None:
        super().__init__(parent)  # the rows (row_table.py)
        self._reader = reader
        self._filter = query.InboxFilter()
        self._generation = 0
        self._pending = False
        self._exhausted = False
        self._since: float | None = None  # arrivals after this are not loaded yet
        # the item a reload keeps: (sort time, id), as ``keep_item`` says, until it settled
        self._kept: Callable[[], tuple[float, int] | None] = lambda: None
        self._keep: tuple[float, int] | None = None
        self._reloading = False  # the settle on its way is a reload's (``give_up``)
        self._descent: Descent | None = None  # reading down to the kept item (``descent.py``)
        # the current row's item id (``hold_current``), and the rows that left the view but
        # stay while they are current (``release_left``)
        self._current: Callable[[], int | None] = lambda: None
        self._left: set[int] = set()

    # ----- filter
    @property
    def filter(self) -> query.InboxFilter:
        return self._filter

    def set_filter(self, filt: query.InboxFilter) -> None:
        self._filter = filt
        self.reload()

    def keep_item(self, kept: Callable[[], tuple[float, int] | None]) -> None:
        """``kept()``: the (sort time, id) of the item a reload keeps (the one shown), if any."""
        self._kept = kept

    def hold_current(self, current: Callable[[], int | None]) -> None:
        """``current()``: the item id of the current row, which stays listed while current
        even when it no longer belongs in the view (``release_left`` lets it go)."""
        self._current = current

    @property
    def settling(self) -> bool:
        """A reload is loading pages until the kept item (or where it was) is in the list."""
        return self._keep is not None

    def reload(self) -> None:
        self._generation += 1
        self._stop_descent()
        self._keep = self._kept()
        self._reloading = self._keep is not None
        self.beginResetModel()
        self._rows, self._pos = [], {}
        self._left = set()
        self._exhausted, self._pending = False, False
        self._since = None
        self.endResetModel()
        gen = self._generation
        # before the first page (one reader thread, in order): nothing stored between is missed
        self._reader.submit(query.last_arrival, lambda since: self._got_since(gen, since),
                            owner=self)
        self.fetchMore(QModelIndex())

    def load_until(self, key: tuple[float, int]) -> None:
        """Load pages (on the reader thread) until the item whose (sort time, id) is ``key``
        is in the list, or the pages went past where it sorts; ``settled`` then gives its row
        (or its neighbour's, as after a reload). A reload on its way goes for this item
        instead of the one it kept."""
        self._keep = key
        if not self._pending:  # else the page on its way settles it (``_got_page``)
            self._settle(key)

    def give_up(self, key: tuple[float, int]) -> None:
        """The item ``load_until(key)`` went for is no longer wanted (the person went
        elsewhere): no more pages are loaded for it; a reload on its way keeps the item
        ``keep_item`` says now instead (the one shown), as any reload does."""
        if self._keep != key:
            return
        if self._descent is not None and self._descent.key == key:
            self._stop_descent()  # its rows are not shown: the next settle reads what it needs
            self._pending = False
            emit(self.loading, False)
        self._keep = self._kept() if self._reloading else None
        if self._keep is None:
            self._reloading = False
        elif not self._pending:
            self._settle(self._keep)

    def _got_since(self, generation: int, since: float) -> None:
        if generation == self._generation:
            self._since = since

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._fetch(query.PAGE_SIZE)

    def _begin_read(self) -> tuple[int, query.InboxFilter, tuple[float, int] | None] | None:
        """A read of the next rows is on its way: (the list's generation, its filter, the last
        row's key); None when one is already, or nothing is left to read."""
        if self._pending or self._exhausted:
            return None
        self._pending = True
        emit(self.loading, True)
        return self._generation, self._filter, key_of(self._rows[-1]) if self._rows else None

    def _fetch(self, size: int) -> None:
        """The next ``size`` rows, read on the reader thread."""
        if (begun := self._begin_read()) is None:
            return
        gen, filt, after = begun
        self._reader.submit(lambda conn: query.page(conn, filt, after=after, limit=size),
                            lambda rows: self._got_page(gen, rows, size),
                            lambda _message: self._page_failed(gen), owner=self)

    def _page_failed(self, generation: int) -> None:
        """The page could not be read (e.g. no database yet): try again on the next change."""
        if generation == self._generation:
            self._pending = False
            self._stop_descent()
            emit(self.loading, False)
            if self._keep is not None:  # the list shows nothing: neither does the pane
                self._keep, self._reloading = None, False
                emit(self.settled, -1)

    def _got_page(self, generation: int, rows: list[query.Row],
                  size: int = query.PAGE_SIZE) -> None:
        if generation != self._generation:
            return
        self._pending = False
        emit(self.loading, False)
        if len(rows) < size:
            self._exhausted = True
        self._append([tuple(r) for r in rows])
        emit(self.pageLoaded, len(self._rows))
        if self._keep is not None and generation == self._generation:
            self._settle(self._keep)

    def _read_down_to(self, key: tuple[float, int]) -> None:
        """The rows down to ``key``'s item (or past where it sorts), read in one job on the
        reader thread (``descent.py``), then appended a slice per turn."""
        if (begun := self._begin_read()) is None:
            return
        gen, filt, after = begun
        descent = self._descent = Descent(key)
        self._reader.submit(lambda conn: read_down(conn, filt, after, descent),
                            lambda got: descent.deliver(self, got[0], self._append,
                                                        lambda: self._got_down(got[1])),
                            lambda _message: self._page_failed(gen), owner=self)

    def _got_down(self, exhausted: bool) -> None:
        """The rows read down to the kept item are all in (``Descent.deliver``): it settles."""
        self._descent, self._pending = None, False
        self._exhausted = self._exhausted or exhausted
        emit(self.loading, False)
        emit(self.pageLoaded, len(self._rows))
        if self._keep is not None:
            self._settle(self._keep)

    def _stop_descent(self) -> None:
        if self._descent is not None:
            self._descent.wanted, self._descent = False, None

    def _settle(self, keep: tuple[float, int]) -> None:
        """After a page of a reload: the kept item's row, once loaded; or, once the pages went
        past where it sorts, its neighbour's; else the next page."""
        sort_time, item_id = keep
        at = self._pos.get(item_id)
        if at is None:
            where = (-sort_time, item_id)  # ``query.order_key`` of the kept item
            if not self._exhausted and (not self._rows
                                        or query.order_key(self._rows[-1]) < where):
                self._read_down_to(keep)  # it may be further down: read down to it
                return
            at = min(bisect_left(self._rows, where, key=query.order_key), len(self._rows) - 1)
        self._keep, self._reloading = None, False
        emit(self.settled, at)

    # ----- change flags from the engine
    def items_added(self, ids: tuple[int, ...] = ()) -> None:
        """New items arrived: load ``ids`` (the event's) and those first seen since the last
        look (at that time too: the items of a round share its clock's time, and a clock can
        stand still or step back), insert each where it sorts (by its own date, an item may
        belong below the top). Only ``first_seen > since`` listed the first batch of a round
        whose items had one time: 12 rows of 300."""
        gen, filt, since = self._generation, self._filter, self._since
        if not self._rows or since is None:
            self.reload()
            return
        wanted = list(ids)

        def read(conn: sqlite3.Connection) -> tuple[float, list[query.Row]]:
            last = query.last_arrival(conn)  # first: what is stored meanwhile comes next time
            rows = {r.id: r for r in query.arrivals(conn, filt, since)}
            missing = [i for i in wanted if i not in rows]
            rows.update((r.id, r) for r in query.matching(conn, filt, missing))
            return last, sorted(rows.values(), key=query.order_key)

        self._reader.submit(read, lambda got: self._got_arrivals(gen, *got), owner=self)

    def _got_arrivals(self, generation: int, since: float, rows: list[query.Row]) -> None:
        """Insert new arrivals in chunks, one chunk per event-loop turn, so a round that brings
        thousands of items never freezes the window (Picard's batch budget)."""
        if generation != self._generation:
            return
        self._since = max(self._since or 0.0, since)
        rows = [r for r in rows if r.id not in self._pos]
        if rows:
            chunks = [rows[i:i + INSERT_CHUNK] for i in range(0, len(rows), INSERT_CHUNK)]
            self._insert_chunks(generation, chunks)

    def _insert_chunks(self, generation: int, chunks: list[list[query.Row]]) -> None:
        if generation != self._generation or not chunks:
            return
        places: dict[int, list[query.Row]] = {}
        for row in chunks.pop():  # a chunk is in order: rows at one place stay in order
            if row.id in self._pos:
                continue
            at = bisect_left(self._rows, query.order_key(row), key=query.order_key)
            if at == len(self._rows) and not self._exhausted:
                continue  # below the loaded rows: a later page brings it
            places.setdefault(at, []).append(row)
        for at in sorted(places, reverse=True):  # from the bottom: the places above stay valid
            rows = places[at]
            self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
            self._rows[at:at] = [tuple(r) for r in rows]
            self.endInsertRows()
        if places:
            self._pos = {r[ID]: i for i, r in enumerate(self._rows)}
        if chunks:
            QTimer.singleShot(0, lambda: self._insert_chunks(generation, chunks))

    def items_changed(self, ids: tuple[int, ...]) -> None:
        """Marks of these items changed (a reaction, read, saved): their rows are re-read, with
        whether the filter still shows them; a row that no longer belongs leaves the list
        (``_leave``). In a view that lists items by a mark (Notified, Liked, Saved…), an item
        not listed that belongs now joins it where it sorts."""
        by_mark = self._filter.view != query.VIEW_ALL  # "All items" lists every mark alike
        self._reread([i for i in ids if i in self._pos or by_mark])

    def items_notified(self, ids: tuple[int, ...]) -> None:
        """A bubble was planned for these items: their rows get the bell, and the "Notified"
        view gains them. A round announces its new items before it records its notifications:
        every id is read (a bubble names a few) after the arrivals' read on the same reader
        thread; rows in the list are updated, the others the filter shows now are inserted."""
        gen, filt = self._generation, self._filter
        for start in range(0, len(ids), CHANGED_CHUNK):
            chunk = list(ids[start:start + CHANGED_CHUNK])
            self._reader.submit(functools.partial(query.matching, filt=filt, ids=chunk),
                                lambda rows: self._got_notified(gen, rows), owner=self)

    def _got_notified(self, generation: int, rows: list[query.Row]) -> None:
        if generation != self._generation:
            return
        self._got_changed(generation, [r for r in rows if r.id in self._pos])
        joining = sorted((r for r in rows if r.id not in self._pos), key=query.order_key)
        if joining:
            self._insert_chunks(generation, [joining])

    def _reread(self, ids: list[int]) -> None:
        gen, filt = self._generation, self._filter
        for start in range(0, len(ids), CHANGED_CHUNK):
            chunk = ids[start:start + CHANGED_CHUNK]
            self._reader.submit(functools.partial(_rows_and_shown, filt=filt, ids=chunk),
                                lambda got: self._got_reread(gen, *got), owner=self)

    def _got_reread(self, generation: int, rows: list[query.Row], shown: set[int]) -> None:
        """``rows``: the items re-read; ``shown``: the ids the filter shows now."""
        if generation != self._generation:
            return
        self._got_changed(generation, rows)
        leaving = frozenset(self._left)
        self._left -= shown
        self._leave([r.id for r in rows if r.id not in shown])
        if self._left != leaving:
            emit(self.leavingChanged)
        joining = sorted((r for r in rows if r.id in shown and r.id not in self._pos),
                         key=query.order_key)
        if joining:
            self._insert_chunks(generation, [joining])

    def _got_changed(self, generation: int, rows: list[query.Row]) -> None:
        if generation != self._generation:
            return
        for row in rows:
            pos = self._pos.get(row.id)
            if pos is not None and self._rows[pos] != tuple(row):
                self._rows[pos] = tuple(row)
                emit(self.dataChanged, self.index(pos, 0), self.index(pos, 2))

    def _leave(self, ids: list[int]) -> None:
        """These items no longer belong in the view: their rows go, but the current row stays
        until the selection moves off it (``release_left``); one that belongs again (Ctrl+Z)
        is no longer leaving."""
        current = self._current()
        self._left &= set(self._pos)
        going: list[int] = []
        for item_id in ids:
            if item_id not in self._pos:
                continue
            if item_id == current:
                self._left.add(item_id)
            else:
                going.append(item_id)
        self._remove(going)

    def release_left(self) -> None:
        """The selection moved: rows that left the view while current go now (the current one
        stays)."""
        current = self._current()
        going = [i for i in self._left if i != current]
        self._left -= set(going)
        self._remove(going)

    @property
    def leaving(self) -> frozenset[int]:
        """Items listed only while current: they left the view."""
        return frozenset(self._left)

    def drop(self, ids: list[int]) -> None:
        """These items are no longer stored (their source was removed): their rows go now,
        the current one too (the window moved the selection off it first)."""
        self._left -= set(ids)
        self._remove(ids)

    def refresh(self) -> None:
        """The database changed in ways no event said (another process wrote: ``notify save``,
        ``notify feedback`` in a terminal): re-read the loaded part of the list in one query and
        apply each difference as a change would be (marks updated in place, rows that left the
        view go, the current one once it is left, rows that belong now join), without emptying
        the list (a reload would lose its place and flicker)."""
        if not self._rows:
            self.reload()
            return
        gen, filt = self._generation, self._filter
        last = None if self._exhausted else key_of(self._rows[-1])
        self._reader.submit(lambda conn: query.up_to(conn, filt, last),
                            lambda rows: self._got_refresh(gen, last, rows), owner=self)

    def _got_refresh(self, generation: int, last: tuple[float, int] | None,
                     rows: list[query.Row]) -> None:
        if generation != self._generation:
            return
        fresh = {r.id for r in rows}
        self._got_changed(generation, [r for r in rows if r.id in self._pos])
        leaving = frozenset(self._left)
        self._left -= fresh
        # rows a page loaded below ``last`` since the query was asked are not in it: they stay
        bound = (-last[0], last[1]) if last is not None else None  # its ``order_key``
        self._leave([r[ID] for r in self._rows if r[ID] not in fresh
                     and (bound is None or query.order_key(r) <= bound)])
        if self._left != leaving:
            emit(self.leavingChanged)
        joining = [r for r in rows if r.id not in self._pos]
        if joining:
            self._insert_chunks(generation, [joining])

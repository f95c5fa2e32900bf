"""Reading down to an item of the inbox's list, on the reader thread (``read_down``): what
``InboxModel`` loads when a notification's item (or the item a reload keeps) is below the rows
it has, maybe the oldest of 100,000 items.

One job reads pages of ``SETTLE_PAGE`` rows until the item is among them or they went past
where it sorts, and makes them the model's plain tuples there; they are then appended to the
model at most ``SETTLE_SLICE`` per event-loop turn (``Descent.deliver``). Before, each page was
a round trip to the reader thread, inserted and the window drawn again: 25 of them down to the
oldest of 100,000 items (~1.05 s; the GUI thread's turns waited for CPUs and for the GIL the
reader held, up to 250 ms on a loaded 2-core machine); now ~0.6 s (``bench/gui.py --jump``,
``docs/benchmarks.md``). The person going elsewhere meanwhile stops it (``wanted``): no more
pages are read, and the rows read are not shown.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer

from notify.app.inbox import query

# rows per query while reading down (250 queries of 400 down to the oldest of 100,000 items,
# each a page shown, took 4 s)
SETTLE_PAGE = 4000
# rows appended per event-loop turn once read: 25,000 take the GUI thread ~5 ms, the list drawn
# again included (100,000 at once 23-30 ms; slices of 5,000 or 10,000 were slower: the list is
# drawn again after each, ~8 ms)
SETTLE_SLICE = 25_000


@dataclass
class Descent:
    """Reading down to ``key`` (sort time, id) on the reader thread; ``wanted`` False: stop."""

    key: tuple[float, int]
    wanted: bool = True

    def deliver(self, owner: QObject, rows: list[tuple[Any, ...]],
                append: Callable[[list[tuple[Any, ...]]], None], then: Callable[[], None],
                start: int = 0) -> None:
        """``rows[start:]`` given to ``append`` at most ``SETTLE_SLICE`` per event-loop turn
        (the rest at the next turn, while ``owner`` lives), then ``then()``; nothing more once
        no longer wanted."""
        if not self.wanted:
            return
        append(rows[start:start + SETTLE_SLICE])
        if start + SETTLE_SLICE < len(rows):
            QTimer.singleShot(0, owner, lambda: self.deliver(owner, rows, append, then,
                                                             start + SETTLE_SLICE))
        else:
            then()


def read_down(conn: sqlite3.Connection, filt: query.InboxFilter, after: tuple[float, int] | None,
              descent: Descent) -> tuple[list[tuple[Any, ...]], bool]:
    """The rows after ``after`` down to ``descent.key``'s item or past where it sorts, as
    plain tuples (the model's rows), and whether that was the end of the list. Runs on the
    reader thread, a page of ``SETTLE_PAGE`` at a time while the descent is wanted."""
    where = (-descent.key[0], descent.key[1])  # ``query.order_key`` of the item
    rows: list[tuple[Any, ...]] = []
    while descent.wanted:
        page = query.page(conn, filt, after=after, limit=SETTLE_PAGE)
        rows += map(tuple, page)
        if len(page) < SETTLE_PAGE:
            return rows, True
        if query.order_key(page[-1]) >= where:
            break
        after = page[-1].key
    return rows, False

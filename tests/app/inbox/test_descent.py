"""The inbox model loading down to a kept item (``InboxModel.load_until``: a notification's
item, maybe the oldest of 100,000): one read on the reader thread, its rows appended at most
``SETTLE_SLICE`` per event-loop turn (``descent.py``).

Regression: it loaded a page of 4,000 rows per round trip to the reader thread, each page
inserted and the window drawn again: 25 round trips down to the oldest of 100,000 items, with
GUI-thread stalls of 40-250 ms on a loaded machine (``bench/gui.py --jump``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractEventDispatcher, QModelIndex
from pytestqt.qtbot import QtBot

from notify.app.inbox import query
from notify.app.inbox.descent import SETTLE_SLICE
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader
from notify.core.paths import Paths
from notify.core.store.db import connect
from tests.app.conftest import fill

N = 2 * SETTLE_SLICE + 500  # items: the first page, then three slices down to the oldest


@pytest.fixture
def db(paths: Paths) -> Path:
    fill(paths.db, N)
    return paths.db


@pytest.fixture
def model(db: Path) -> Iterator[InboxModel]:
    reader = Reader(db)
    m = InboxModel(reader)
    yield m
    reader.close()


def key_of(db: Path, item_id: int) -> tuple[float, int]:
    conn = connect(db)
    try:
        return query.rows_by_id(conn, [item_id])[0].key
    finally:
        conn.close()


def first_page(model: InboxModel, qtbot: QtBot) -> None:
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == query.PAGE_SIZE, timeout=5000)


class Turns:
    """Counts the GUI thread's event-loop turns (the dispatcher wakes at each one)."""

    def __init__(self) -> None:
        self.count = 0
        dispatcher = QAbstractEventDispatcher.instance()
        assert dispatcher is not None
        dispatcher.awake.connect(self._awake)

    def _awake(self) -> None:
        self.count += 1


def test_down_to_the_oldest_is_one_read_appended_a_slice_per_turn(
        qtbot: QtBot, model: InboxModel, db: Path) -> None:
    first_page(model, qtbot)
    turns = Turns()
    loads: list[bool] = []
    inserted: list[tuple[int, int]] = []  # (turn, rows) of each insertion
    settled: list[int] = []
    model.loading.connect(loads.append)
    model.rowsInserted.connect(
        lambda _parent, first, last: inserted.append((turns.count, last - first + 1)))
    model.settled.connect(settled.append)
    model.load_until(key_of(db, 1))  # the oldest: the last row
    qtbot.waitUntil(lambda: bool(settled), timeout=10000)
    assert settled == [N - 1] and model.row_of(1) == N - 1 and model.rowCount() == N
    assert not model.settling
    assert loads == [True, False]  # one read, not a page per round trip
    sizes = [rows for _turn, rows in inserted]
    assert sum(sizes) == N - query.PAGE_SIZE
    assert max(sizes) <= SETTLE_SLICE and len(sizes) == 3
    assert len({turn for turn, _rows in inserted}) == len(inserted)  # each in a turn of its own
    ids = [model.row_at(model.index(r, 0)).id for r in range(N)]  # type: ignore[union-attr]
    assert ids == list(range(N, 0, -1))  # every item once, newest first


def test_given_up_between_slices_the_rest_is_not_shown(
        qtbot: QtBot, model: InboxModel, db: Path) -> None:
    """The person went elsewhere while the rows came: no more are appended, none settles,
    and the list goes on from the rows it has (the next page follows them)."""
    first_page(model, qtbot)
    key = key_of(db, 1)
    settled: list[int] = []
    model.settled.connect(settled.append)

    def inserted(_parent: QModelIndex, _first: int, _last: int) -> None:
        model.give_up(key)  # after the first slice

    model.rowsInserted.connect(inserted)
    model.load_until(key)
    qtbot.waitUntil(lambda: model.rowCount() > query.PAGE_SIZE, timeout=10000)
    model.rowsInserted.disconnect(inserted)
    qtbot.wait(300)  # (the next slices' turns passed)
    assert model.rowCount() == query.PAGE_SIZE + SETTLE_SLICE
    assert model.row_of(1) is None and not model.settling and not settled
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 2 * query.PAGE_SIZE + SETTLE_SLICE,
                    timeout=5000)
    last = model.row_at(model.index(model.rowCount() - 1, 0))
    assert last is not None and last.id == N - 2 * query.PAGE_SIZE - SETTLE_SLICE + 1

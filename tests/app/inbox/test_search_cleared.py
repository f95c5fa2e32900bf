"""A search cleared (or another view chosen) keeps the item shown selected; a list that showed
its top shows its top again when the item is on screen there, else the item stays at the same
height. Regression: with the 2nd result selected, clearing the search put it at the same
height, the newest items scrolled out above and unseen while the scroll bar looked at the top
(a person reads the list from the top and missed them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)  # item i: "Item number i about topic{i % 7}", the newest 1000
    yield r
    r.close()


@pytest.fixture
def window(qtbot: QtBot, reader: Reader) -> InboxWindow:
    w = InboxWindow(None, reader)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.pane.item is not None, timeout=5000)
    return w


def searched(qtbot: QtBot, window: InboxWindow, words: str) -> None:
    window.search.setText(words)
    window.filters.to_results()
    qtbot.waitUntil(lambda: window.model.filter.search == words and not window.model.settling
                    and window.model.rowCount() > 0, timeout=5000)


def select(qtbot: QtBot, window: InboxWindow, row: int) -> int:
    window.view.setCurrentIndex(window.model.index(row, 0))
    item_id = window.selection.current_id()
    assert item_id is not None
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == item_id)
    return item_id


def cleared(qtbot: QtBot, window: InboxWindow, item_id: int) -> int:
    """The search cleared (Esc in the field); the row of ``item_id``, selected again."""
    window.filters.end_search()
    qtbot.waitUntil(lambda: window.model.filter.search == "" and not window.model.settling
                    and window.selection.current_id() == item_id, timeout=5000)
    row = window.model.row_of(item_id)
    assert row is not None
    return row


def test_a_search_at_its_top_cleared_shows_the_newest(qtbot: QtBot, window: InboxWindow,
                                                     shots_dir: Path) -> None:
    searched(qtbot, window, "topic3")  # 997, 990, 983…
    assert window.view.rowAt(0) == 0
    item_id = select(qtbot, window, 1)
    assert item_id == 990
    row = cleared(qtbot, window, item_id)
    assert window.view.rowAt(0) == 0, "the newest items are scrolled out above"
    assert row <= window.view.rowAt(window.view.viewport().height() - 1)  # on screen
    assert window.view.verticalScrollBar().value() == 0
    assert window.pane.item is not None and window.pane.item.id == 990
    qtbot.waitUntil(lambda: window.status.text() == "1,000 items", timeout=5000)
    window.grab().save(str(shots_dir / "search-cleared.png"))


def test_a_search_scrolled_down_cleared_keeps_the_items_height(qtbot: QtBot,
                                                              window: InboxWindow) -> None:
    """Scrolled in the results, the person keeps their place: the item at the same height."""
    searched(qtbot, window, "topic3")
    item_id = select(qtbot, window, 40)
    window.view.scrollTo(window.model.index(37, 0), window.view.ScrollHint.PositionAtTop)
    assert window.view.rowAt(0) == 37
    row = cleared(qtbot, window, item_id)
    assert window.view.rowAt(0) == row - 3


def test_a_search_at_its_top_with_the_item_below_the_first_screen_keeps_its_height(
        qtbot: QtBot, window: InboxWindow) -> None:
    """The item would be off screen with the list at its top: it stays at its height."""
    searched(qtbot, window, "topic3")
    last_on_screen = window.view.rowAt(window.view.viewport().height() - 1)
    item_id = select(qtbot, window, last_on_screen - 1)
    offset = last_on_screen - 1 - window.view.rowAt(0)
    row = cleared(qtbot, window, item_id)  # 7 times as far down in All items
    assert window.view.rowAt(0) == row - offset

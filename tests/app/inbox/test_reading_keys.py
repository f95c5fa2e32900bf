"""The inbox with the keyboard only, as a daily reader uses it: Home and End go to the first and
the last item, Enter opens the current item as O does, Enter or Down in the search field goes to
its results, and the footer's count follows a change of view or search."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.query import InboxFilter
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from notify.core.store.db import connect
from tests.app.conftest import fill


@pytest.fixture
def window(qtbot: QtBot, paths: Paths) -> Iterator[InboxWindow]:
    fill(paths.db, 1000)
    reader = Reader(paths.db)
    w = InboxWindow(None, reader)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: w.pane.item is not None, timeout=5000)
    w.view.setFocus()
    yield w
    reader.close()


def current_row(window: InboxWindow) -> int:
    return window.view.currentIndex().row()


def test_home_and_end_go_to_the_first_and_the_last_item(qtbot: QtBot,
                                                        window: InboxWindow) -> None:
    """Regression: a table's Home and End move along the row (to its first and last column):
    in the inbox they did nothing a person could see."""
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    assert current_row(window) > 5
    loaded = window.model.rowCount()
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert current_row(window) == loaded - 1
    qtbot.waitUntil(lambda: window.model.rowCount() > loaded, timeout=5000)  # the next page
    qtbot.waitUntil(lambda: window.pane.item is not None
                    and window.pane.item.id == window.model.row_at(
                        window.view.currentIndex()).id, timeout=5000)
    qtbot.keyClick(window.view, Qt.Key.Key_End)  # End again: further
    assert current_row(window) == window.model.rowCount() - 1 > loaded - 1
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    assert current_row(window) == 0
    qtbot.waitUntil(lambda: window.pane.item is not None
                    and window.pane.item.id == window.model.row_at(
                        window.model.index(0, 0)).id, timeout=5000)


def test_enter_opens_the_current_item_as_o_does(qtbot: QtBot, window: InboxWindow,
                                                paths: Paths,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: Enter in the list did nothing. And an item without a link was recorded as
    opened by O (no browser was asked)."""
    asked: list[tuple[int, str]] = []
    monkeypatch.setattr(window.commands, "react",
                        lambda item, label: asked.append((item, label)))
    shown = window.pane.item
    assert shown is not None
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert asked == [(shown.id, "open")]
    conn = connect(paths.db)
    conn.execute("UPDATE items SET link = NULL WHERE id = ?", (shown.id - 1,))
    conn.close()
    qtbot.keyClick(window.view, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.pane.item is not None
                    and window.pane.item.id == shown.id - 1, timeout=5000)
    window.item_action("open").trigger()  # O
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert asked == [(shown.id, "open")]
    assert window.status.text().endswith("has no link to open.")


def test_enter_or_down_in_the_search_goes_to_its_results(qtbot: QtBot,
                                                         window: InboxWindow) -> None:
    """Regression: Enter and Down did nothing in the search field; only Escape (which ends the
    search) left it."""
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Down):
        window.filters.focus_search()
        qtbot.keyClicks(window.search, "topic3")
        qtbot.keyClick(window.search, key)
        assert window.view.hasFocus()  # at once, not 250 ms later
        assert window.model.filter.search == "topic3"
        qtbot.waitUntil(lambda: window.pane.item is not None
                        and "topic3" in window.pane.item.title, timeout=5000)
        qtbot.keyClick(window.view, Qt.Key.Key_J)  # the keys are the list's again
        assert window.search.text() == "topic3"
        window.search.clear()


def test_a_change_of_view_says_its_count_over_a_result_just_said(qtbot: QtBot,
                                                                 window: InboxWindow) -> None:
    """Regression: a search within seconds of a result ("Your dismiss … was undone") went on
    saying that result over the search's items."""
    window.say("Your dismiss of “Item 3” was undone.")
    qtbot.keyClicks(window.search, "topic3")  # typed: the person's change of view
    qtbot.waitUntil(lambda: window.status.text().endswith(" items"), timeout=5000)


def test_one_item_is_one_item(qtbot: QtBot) -> None:
    """Regression: "1 items loaded"."""
    footer = InboxFooter(None)
    qtbot.addWidget(footer)
    footer.loaded(1, InboxFilter(search="story"))
    assert footer.status.text() == "1 item"
    footer.loaded(2, InboxFilter(search="story"))
    assert footer.status.text() == "2 items"


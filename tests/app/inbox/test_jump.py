"""A click on a desktop notification (or the tray's or a digest's entry) shows its item in the
inbox, selected (``InboxWindow.show_item``, ``jump.py``), whatever the list showed: in the view
as it is when it lists the item (pages loaded down to it), else in All items with the search
cleared, the footer saying why; an item no longer stored is said so.

Regression: only a row already loaded was selected; with Show → another source, Unread after
the item was read, a search it does not match, or the item below the first page, nothing was
selected and the person saw some other list (the Show choice is remembered across restarts,
so this was common)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from notify.app.inbox import query
from notify.app.inbox.jump import MOST_ASKED
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.app.window_state import WindowState
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, fill

N_SOURCES = 3  # small_db: item i is from source i % 3 + 1, "Item number i about topic{i % 7}"


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)
    yield r
    r.close()


def opened(qtbot: QtBot, reader: Reader, paths: Paths | None = None) -> InboxWindow:
    """An inbox window shown, its menu filled and its first page loaded; with ``paths``, put
    back as the last one was left before it shows (as ``shell.open_inbox`` does)."""
    window = InboxWindow(None, reader)
    qtbot.addWidget(window)
    if paths is not None:
        WindowState(paths.window_state).restore(window, "inbox")
    window.show()
    qtbot.waitUntil(lambda: window.filters.box.count() > 6, timeout=5000)
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    return window


def choose(window: InboxWindow, qtbot: QtBot, key: str) -> None:
    """The person picks ``key`` ("source:2", "view:unread") in the Show menu."""
    window.filters.box.setCurrentIndex(window.filters.box.findData(key))
    qtbot.waitUntil(lambda: not window.model.settling and window.model.rowCount() > 0,
                    timeout=5000)


def source_of(item_id: int) -> int:
    return item_id % N_SOURCES + 1


def shows(window: InboxWindow, item_id: int) -> bool:
    """The item is the current row, on screen, and the pane shows it."""
    current = window.selection.current_id()
    if current != item_id or window.pane.item is None or window.pane.item.id != item_id:
        return False
    row = window.model.row_of(item_id)
    assert row is not None
    rect = window.view.visualRect(window.model.index(row, 0))
    return window.view.viewport().rect().intersects(rect)


def test_an_item_of_another_source_switches_to_all_items(
        qtbot: QtBot, reader: Reader, shots_dir: Path) -> None:
    window = opened(qtbot, reader)
    choose(window, qtbot, "source:1")
    item_id = 998  # from source 3
    assert source_of(item_id) != 1
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.model.filter == query.InboxFilter()
    assert window.filters.box.currentText() == "All items"
    said = window.status.text()
    assert "All items are shown: Source: Source 1 does not list" in said
    assert "Item number 998" in said
    assert_not_blank(window, shots_dir / "jump-other-source.png")


def test_an_item_of_the_source_shown_stays_in_that_view_even_below_the_first_page(
        qtbot: QtBot, reader: Reader) -> None:
    """Listed by the view but not loaded yet (1,000 items, 333 a source, pages of 400 rows: the
    source's oldest is on its first page; All items has it on the third): the view stays."""
    window = opened(qtbot, reader)
    choose(window, qtbot, "source:2")
    item_id = 4  # from source 2, among its oldest
    assert source_of(item_id) == 2
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.model.filter == query.InboxFilter(source_id=2)
    assert "does not list" not in window.status.text()


def test_an_item_older_than_the_first_page_is_loaded_and_selected(
        qtbot: QtBot, reader: Reader, shots_dir: Path) -> None:
    window = opened(qtbot, reader)
    assert window.model.rowCount() == query.PAGE_SIZE  # one page of 1,000 items
    item_id = 3  # the third oldest: on the third page
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.model.rowCount() > 2 * query.PAGE_SIZE
    assert window.model.filter == query.InboxFilter()  # the view as it was
    assert "does not list" not in window.status.text()
    assert_not_blank(window, shots_dir / "jump-deep.png")


def test_a_search_the_item_does_not_match_is_cleared(
        qtbot: QtBot, reader: Reader, shots_dir: Path) -> None:
    window = opened(qtbot, reader)
    window.search.setText("topic3")
    window.filters.to_results()
    qtbot.waitUntil(lambda: window.model.filter.search == "topic3"
                    and not window.model.settling and window.model.rowCount() > 0,
                    timeout=5000)
    item_id = 995  # "Item number 995 about topic1"
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.search.text() == ""
    assert window.model.filter == query.InboxFilter()
    assert window.status.text() == (
        "The search is cleared: “Item number 995 about topic1” does not match “topic3”.")
    assert_not_blank(window, shots_dir / "jump-search.png")


def test_a_search_the_item_matches_is_kept(qtbot: QtBot, reader: Reader) -> None:
    window = opened(qtbot, reader)
    window.search.setText("number")
    window.filters.to_results()
    qtbot.waitUntil(lambda: window.model.filter.search == "number"
                    and not window.model.settling, timeout=5000)
    item_id = 3  # "Item number 3 about topic3": matched, on the results' third page
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.model.filter.search == "number" and window.search.text() == "number"


def test_unread_with_the_item_read_switches_to_all_items(
        qtbot: QtBot, reader: Reader, writer: sqlite3.Connection, shots_dir: Path) -> None:
    item_id = 997
    writer.execute("UPDATE items SET read = 1 WHERE id = ?", (item_id,))
    writer.commit()
    window = opened(qtbot, reader)
    choose(window, qtbot, "view:unread")
    assert window.model.row_of(item_id) is None
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.model.filter == query.InboxFilter()
    assert not window.filters.unread_only.isChecked()
    assert "All items are shown: Unread does not list “Item number 997" in window.status.text()
    assert_not_blank(window, shots_dir / "jump-unread.png")


def test_a_source_and_a_search_together_are_both_left(qtbot: QtBot, reader: Reader) -> None:
    window = opened(qtbot, reader)
    choose(window, qtbot, "view:liked")
    window.search.setText("topic")
    window.filters.to_results()
    qtbot.waitUntil(lambda: window.model.filter == query.InboxFilter(
        view=query.VIEW_LIKED, search="topic") and not window.model.settling, timeout=5000)
    item_id = 999  # not liked
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.model.filter == query.InboxFilter() and window.search.text() == ""
    assert window.status.text().startswith(
        "All items are shown and the search is cleared: Liked with the search “topic” does "
        "not list")


def test_an_item_no_longer_stored_is_said_so(qtbot: QtBot, reader: Reader,
                                             shots_dir: Path) -> None:
    window = opened(qtbot, reader)
    choose(window, qtbot, "source:1")
    before = window.selection.current_id()
    window.show_item(123_456)
    qtbot.waitUntil(lambda: "no longer in the inbox" in window.status.text(), timeout=5000)
    assert window.status.text() == (
        "That item is no longer in the inbox: its source was removed, or it was deleted for "
        "its age (Settings → Polling and storage → Keep items for).")
    assert window.model.filter == query.InboxFilter(source_id=1)  # the list left alone
    assert window.selection.current_id() == before
    assert_not_blank(window, shots_dir / "jump-gone.png")


def test_a_new_window_with_a_remembered_view_shows_the_item(
        qtbot: QtBot, reader: Reader, paths: Paths) -> None:
    """As the shell opens the inbox for a click on a bubble: the window is made, its Show
    choice of the last run put back (applied once the menu is read), and the item asked for
    at once, before anything is loaded."""
    first = opened(qtbot, reader)
    choose(first, qtbot, "source:1")
    WindowState(paths.window_state).save(first, "inbox")
    first.close()
    assert QSettings(str(paths.window_state), QSettings.Format.IniFormat).allKeys()

    window = InboxWindow(None, reader)
    qtbot.addWidget(window)
    WindowState(paths.window_state).restore(window, "inbox")
    window.show()
    item_id = 2  # from source 3, the second oldest
    window.show_item(item_id)
    qtbot.waitUntil(lambda: shows(window, item_id), timeout=5000)
    assert window.model.filter == query.InboxFilter()
    assert "does not list" in window.status.text()
    # and an item the remembered view lists keeps that view
    second = InboxWindow(None, reader)
    qtbot.addWidget(second)
    WindowState(paths.window_state).restore(second, "inbox")
    second.show()
    second.show_item(3)  # from source 1
    qtbot.waitUntil(lambda: shows(second, 3), timeout=5000)
    assert second.model.filter == query.InboxFilter(source_id=1)


def test_a_list_that_never_has_the_item_is_no_endless_chase(
        qtbot: QtBot, reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the item stands is asked again when the list went past it without finding it (it
    left the view meanwhile); a list that never has it (here: the reader says the view lists an
    item it does not) ends with a sentence, not with a query after query."""
    window = opened(qtbot, reader)
    choose(window, qtbot, "source:1")
    asked: list[int] = []

    def listed_everywhere(conn: sqlite3.Connection, filt: query.InboxFilter,
                          item_id: int) -> query.Placement | None:
        asked.append(item_id)
        return query.Placement(query.rows_by_id(conn, [item_id])[0], True)

    monkeypatch.setattr(query, "placement", listed_everywhere)
    window.show_item(998)  # from source 3
    qtbot.waitUntil(lambda: "kept changing" in window.status.text(), timeout=5000)
    assert len(asked) == MOST_ASKED
    qtbot.wait(200)
    assert len(asked) == MOST_ASKED and window.jump.pending is None
    assert window.model.filter == query.InboxFilter(source_id=1)


MANY = 40_000  # items: pages of 4,000 rows down to the oldest, the jump pending a while


@pytest.fixture
def many(paths: Paths) -> Iterator[Reader]:
    fill(paths.db, MANY)
    r = Reader(paths.db)
    yield r
    r.close()


def move_away(window: InboxWindow, qtbot: QtBot, how: str) -> None:
    """The person goes elsewhere in the list, as ``how`` says."""
    if how == "j":
        qtbot.keyClick(window.view, Qt.Key.Key_J)
    elif how == "k":
        qtbot.keyClick(window.view, Qt.Key.Key_K)
    elif how == "click":
        rect = window.view.visualRect(window.model.index(3, 0))
        qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    elif how == "show":  # the Show menu's next entry, chosen with the keyboard
        qtbot.keyClick(window.filters.box, Qt.Key.Key_Down)
    else:
        qtbot.keyClicks(window.search, "topic3")


@pytest.mark.parametrize("how", ["j", "k", "click", "show", "search"])
@pytest.mark.parametrize("when", ["asked", "loading"])
def test_going_elsewhere_while_the_item_is_on_its_way_gives_the_jump_up(
        qtbot: QtBot, many: Reader, how: str, when: str, shots_dir: Path) -> None:
    """Regression: while the pages down to a notification's item were loading (~1 s at
    100,000 items), j/k, a click on another row, another Show choice or a search moved the
    selection, and then it jumped to the item anyway once it came: the person's place taken
    away. Gone elsewhere, before where the item stands was answered (``asked``) or while the
    pages load (``loading``), the jump is given up and no more pages are loaded for it."""
    window = opened(qtbot, many)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_J)  # the second item: k has one above it
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == MANY - 1,
                    timeout=5000)
    item_id = 1  # the oldest: the last of 40,000 rows
    window.show_item(item_id)
    if when == "loading":
        qtbot.waitUntil(lambda: window.selection.going_to == item_id, timeout=5000)
        assert window.model.rowCount() < MANY
    else:
        assert window.jump.pending == item_id and window.selection.going_to is None
    move_away(window, qtbot, how)
    chosen = window.selection.current_id()
    qtbot.waitUntil(lambda: window.jump.pending is None and not window.model.settling
                    and window.selection.going_to is None, timeout=5000)
    qtbot.wait(300)  # (the answers and the page on their way came)
    assert window.selection.current_id() != item_id
    assert window.model.row_of(item_id) is None  # not loaded down to it
    if how in ("j", "k", "click"):
        expected = {"j": MANY - 2, "k": MANY, "click": MANY - 3}[how]
        assert chosen == expected
        assert window.selection.current_id() == expected and window.pane.item is not None
        qtbot.waitUntil(lambda: window.pane.item is not None
                        and window.pane.item.id == expected, timeout=5000)
        assert window.model.filter == query.InboxFilter()
    else:  # the list reloaded for the person's choice, at the item they had (or near it)
        if how == "show":
            assert window.model.filter != query.InboxFilter()
        else:
            qtbot.waitUntil(lambda: window.model.filter.search == "topic3"
                            and not window.model.settling, timeout=5000)
        current = window.selection.current_id()
        assert current is not None and current > MANY - query.PAGE_SIZE, current
    assert_not_blank(window, shots_dir / f"jump-given-up-{how}-{when}.png")

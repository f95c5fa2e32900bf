"""Read and unread in the inbox: an item shown is marked read through the engine, unread rows
are bold, ``m`` toggles, "Mark all as read" empties ``notify status``'s unread count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.inbox.read_marks import READ_AFTER_MS
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from notify.core.store import items as items_repo
from notify.core.store.db import connect
from tests.app.conftest import call, fill, open_inbox

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Four</title><link>http://127.0.0.1/</link>
{items}
</channel></rss>""".format(items="\n".join(
    f"<item><title>Story {n}</title><link>http://127.0.0.1/{n}</link><guid>{n}</guid>"
    f"<description>Text {n}</description></item>" for n in range(1, 5)))




def read_flags(paths: Paths) -> dict[str, bool]:
    conn = connect(paths.db, readonly=True)
    try:
        return {r[0]: bool(r[1]) for r in conn.execute("SELECT title, read FROM items")}
    finally:
        conn.close()


def unread_count(paths: Paths) -> int:
    """What ``notify status`` reports as unread."""
    conn = connect(paths.db, readonly=True)
    try:
        return items_repo.count(conn, unread_only=True)
    finally:
        conn.close()


def is_bold(window: InboxWindow, row: int) -> bool:
    font = window.model.index(row, 0).data(Qt.ItemDataRole.FontRole)
    return font is not None and font.bold()


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[InboxWindow]:
    yield from open_inbox(qtbot, bridge, paths, httpserver, "/four.xml", FEED)


def test_an_item_shown_is_marked_read_and_loses_its_bold(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    """Regression: viewing items never marked them read (read stayed 0, rows stayed bold)."""
    assert unread_count(paths) == 4
    shown = inbox.pane.item
    assert shown is not None and is_bold(inbox, 0)
    qtbot.waitUntil(lambda: read_flags(paths)[shown.title], timeout=READ_AFTER_MS + 3000)
    qtbot.waitUntil(lambda: not is_bold(inbox, 0), timeout=3000)
    assert unread_count(paths) == 3


def test_items_scrolled_past_quickly_stay_unread(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    inbox.step(1)  # glimpsed, then left before READ_AFTER_MS
    qtbot.wait(READ_AFTER_MS // 4)
    glimpsed = inbox.model.row_at(inbox.view.currentIndex())
    inbox.step(1)
    stayed = inbox.model.row_at(inbox.view.currentIndex())
    assert glimpsed is not None and stayed is not None
    qtbot.waitUntil(lambda: read_flags(paths)[stayed.title], timeout=READ_AFTER_MS + 3000)
    assert not read_flags(paths)[glimpsed.title]
    qtbot.waitUntil(lambda: not is_bold(inbox, 2), timeout=3000)
    assert is_bold(inbox, 1)


def test_m_toggles_read_and_unread(qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    shown = inbox.pane.item
    assert shown is not None
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)  # read at once
    qtbot.waitUntil(lambda: read_flags(paths)[shown.title], timeout=3000)
    qtbot.waitUntil(lambda: not is_bold(inbox, 0), timeout=3000)
    assert inbox.item_action("read").text() == "Mark as unread"
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)  # unread again, and it stays so
    qtbot.waitUntil(lambda: not read_flags(paths)[shown.title], timeout=3000)
    qtbot.waitUntil(lambda: is_bold(inbox, 0), timeout=3000)
    qtbot.wait(READ_AFTER_MS + 300)
    assert not read_flags(paths)[shown.title]
    assert "unread" in inbox.status.text()


def test_m_pressed_twice_quickly_marks_read_then_unread(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    """Regression: the second M read the row's bold, which the engine's re-read had not yet
    taken away, and marked the item read again: pressed twice quickly, M did not toggle."""
    shown = inbox.pane.item
    assert shown is not None
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)  # before the first is done
    qtbot.waitUntil(lambda: inbox.undo_action.text()
                    == f"Undo Mark as unread “{shown.title}”", timeout=5000)
    qtbot.waitUntil(lambda: is_bold(inbox, 0), timeout=3000)
    assert not read_flags(paths)[shown.title]


def test_mark_all_as_read(qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    menu_items = [a for m in (a.menu() for a in inbox.menuBar().actions()) if m is not None
                  for a in m.actions()]
    assert inbox.item_action("all-read") in menu_items
    inbox.item_action("all-read").trigger()
    qtbot.waitUntil(lambda: unread_count(paths) == 0, timeout=5000)
    qtbot.waitUntil(lambda: inbox.status.text().startswith("Marked"), timeout=5000)
    qtbot.waitUntil(lambda: not any(is_bold(inbox, r) for r in range(4)), timeout=5000)


def test_mark_all_of_one_source_leaves_the_others(qtbot: QtBot, bridge: Any, paths: Paths,
                                                   httpserver: HTTPServer,
                                                   inbox: InboxWindow) -> None:
    httpserver.expect_request("/other.xml").respond_with_data(
        FEED.replace("<title>Story", "<title>Other").replace("<title>Four", "<title>Elsewhere"),
        content_type="application/rss+xml")
    other = call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/other.xml")))
    call(qtbot, bridge, lambda e: e.poll([other.id]))
    # listed under the name its first poll read (added unchecked, it was "127.0.0.1" first;
    # the rename reaches the menu with the round's SourcesChanged)
    qtbot.waitUntil(lambda: "Elsewhere" in inbox.filter_box.itemText(
        inbox.filter_box.findData(f"source:{other.id}")), timeout=5000)
    inbox.filter_box.setCurrentIndex(inbox.filter_box.findData(f"source:{other.id}"))
    # the name is isolated (FSI … PDI) from the words around it
    assert inbox.item_action("all-read").text() == "Mark all of \u2068Elsewhere\u2069 as read"
    # the items shown so far are read (READ_AFTER_MS) first, so that the count does not depend
    # on how busy the machine is: one story, and the first of the other source
    qtbot.waitUntil(lambda: inbox.pane.item is not None
                    and inbox.pane.item.title.startswith("Other"), timeout=5000)
    assert inbox.pane.item is not None
    shown = inbox.pane.item.title
    qtbot.waitUntil(lambda: read_flags(paths)[shown], timeout=READ_AFTER_MS + 5000)
    stories_read = [t for t, read in read_flags(paths).items() if read and t.startswith("Story")]
    inbox.item_action("all-read").trigger()
    qtbot.waitUntil(lambda: inbox.status.text().startswith("Marked 3 items as read."),
                    timeout=10_000)
    flags = read_flags(paths)
    assert all(flags[f"Other {n}"] for n in range(1, 5))
    assert [t for t in flags if t.startswith("Story") and flags[t]] == stories_read  # untouched


def test_unread_rows_are_bold_and_read_ones_are_not(qtbot: QtBot, paths: Paths) -> None:
    """Bold means unread (not read, no reaction), whether or not it was notified."""
    fill(paths.db, 30)
    conn = connect(paths.db)
    conn.execute("UPDATE items SET read = 1 WHERE id IN (29, 30)")  # 30 was notified
    conn.close()
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.model.rowCount() == 30)
        titles = [window.model.index(r, 0).data() for r in range(4)]
        assert titles[0].startswith("Item number 30") and titles[2].startswith("Item number 28")
        assert not is_bold(window, 0) and not is_bold(window, 1)  # read
        assert is_bold(window, 2) and is_bold(window, 3)  # unread, never notified
        bell = window.model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
        assert bell is not None and not bell.isNull()  # notified: the bell, not bold
        assert window.model.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is None
    finally:
        reader.close()


def test_no_bridge_no_marking(qtbot: QtBot, paths: Paths) -> None:
    """Without an engine (the window alone) nothing is written: the GUI never writes SQLite."""
    fill(paths.db, 3)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.pane.item is not None)
        qtbot.wait(READ_AFTER_MS + 300)
        assert not any(read_flags(paths).values())
    finally:
        reader.close()

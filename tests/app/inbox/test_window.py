"""The inbox window over a real database file (offscreen), without an engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import SIZE_IN_TEXT, InboxWindow
from notify.app.text_size import text_size
from tests.app.conftest import assert_not_blank, fill


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)
    yield r
    r.close()


@pytest.fixture
def window(qtbot: QtBot, reader: Reader) -> InboxWindow:
    w = InboxWindow(None, reader)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.model.rowCount() > 0)
    return w


def test_loads_incrementally_and_selects_the_newest(qtbot: QtBot, window: InboxWindow) -> None:
    model = window.model
    assert model.rowCount() == query.PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 2 * query.PAGE_SIZE)
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 1000)
    assert not model.canFetchMore(QModelIndex())
    qtbot.waitUntil(lambda: window.pane.item is not None)
    assert window.pane.item is not None and window.pane.item.id == 1000


def test_keyboard_moves_and_search(qtbot: QtBot, window: InboxWindow) -> None:
    qtbot.waitUntil(lambda: window.pane.item is not None)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == 999)
    qtbot.keyClick(window.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == 1000)
    qtbot.keyClick(window.view, Qt.Key.Key_Slash)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "topic3")
    qtbot.waitUntil(lambda: window.model.filter.search == "topic3", timeout=3000)
    qtbot.waitUntil(lambda: 0 < window.model.rowCount() < 1000)
    for r in range(window.model.rowCount()):
        assert "topic3" in window.model.index(r, 0).data()
    # Escape ends the search: every item again, the keyboard back in the list (it kept the
    # search and stayed in the field)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.model.filter.search == ""
    qtbot.waitUntil(window.view.hasFocus)
    qtbot.waitUntil(lambda: window.model.rowCount() >= 100, timeout=3000)


def test_filter_menu_lists_views_groups_and_sources(qtbot: QtBot, window: InboxWindow) -> None:
    qtbot.waitUntil(lambda: window.filter_box.count() == 6 + 2 + 3)  # 6 views
    window.set_view(query.VIEW_LIKED)
    qtbot.waitUntil(lambda: window.model.rowCount() == 40)
    assert all(window.model.index(r, 0).data().startswith("♥")
               for r in range(window.model.rowCount()))


def test_item_pane_blocks_remote_images(qtbot: QtBot, window: InboxWindow) -> None:
    qtbot.waitUntil(lambda: window.pane.item is not None)
    browser = window.pane.browser
    assert browser.refused == ["https://tracker.example/p1000.gif"]
    assert window.pane.images_button.isVisibleTo(window.pane)
    assert "Summary" in browser.toPlainText()
    with qtbot.waitSignal(window.pane.imagesRequested) as blocker:
        window.pane.images_button.click()
    assert blocker.args == [["https://tracker.example/p1000.gif"]]
    # images arrive only after that click, and only what was asked for is shown
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    window.pane.images_arrived({"https://tracker.example/p1000.gif": bytes(data.data())})
    assert browser.loadResource(2, "https://tracker.example/p1000.gif") is not None
    assert browser.loadResource(2, "https://other.example/x.gif") is None


def test_new_items_are_inserted_at_the_top(qtbot: QtBot, window: InboxWindow,
                                           small_db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(small_db)
    conn.execute("INSERT INTO items (id, source_id, key, title, first_seen) "
                 "VALUES (5001, 1, 'k5001', 'Fresh news', 1780009999)")
    conn.commit()
    conn.close()
    window.model.items_added((5001,))
    qtbot.waitUntil(lambda: window.model.index(0, 0).data() == "Fresh news")


def test_a_new_item_with_an_older_date_arrives_in_its_place(
        qtbot: QtBot, window: InboxWindow, small_db: Path) -> None:
    """Newest first is by the item's own date: a poll can bring an item dated before the top
    rows. It goes where it sorts; one that sorts below the loaded pages comes with its page."""
    import sqlite3

    from tests.app.conftest import BASE_TIME

    model = window.model
    assert model.rowCount() == query.PAGE_SIZE  # ids 1000..601, one per second
    conn = sqlite3.connect(small_db)
    conn.executemany(
        "INSERT INTO items (id, source_id, key, title, published, first_seen) "
        "VALUES (?, 1, ?, ?, ?, ?)",
        [(5001, "late", "Late story", BASE_TIME + 900.5, BASE_TIME + 2000),
         (5002, "old", "Old story", BASE_TIME + 100.5, BASE_TIME + 2000),
         (5003, "fresh", "Fresh story", BASE_TIME + 1999, BASE_TIME + 2000)])
    conn.commit()
    conn.close()
    model.items_added((5001, 5002, 5003))
    qtbot.waitUntil(lambda: model.rowCount() == query.PAGE_SIZE + 2)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles[0] == "Fresh story"
    assert titles.index("Late story") == 1 + 100  # below 1000..901, above 900
    assert "Old story" not in titles  # below the loaded rows: not yet
    row = model.row_at(model.index(titles.index("Late story"), 0))
    assert row is not None and row.sort_time == BASE_TIME + 900.5
    while model.canFetchMore(QModelIndex()):
        n = model.rowCount()
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda n=n: model.rowCount() > n or not model.canFetchMore(QModelIndex()))
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(titles) == 1003 and len(set(titles)) == 1003
    assert titles.index("Old story") == 2 + (1000 - 100)  # after item 101, before item 100
    model.items_added(())  # nothing new since: nothing moves, nothing doubles
    qtbot.wait(100)
    assert model.rowCount() == 1003


def test_items_of_one_round_with_one_time_all_arrive(qtbot: QtBot, window: InboxWindow,
                                                     small_db: Path) -> None:
    """Regression: 300 items from 671 sources listed 12 rows. A round stores its sources one
    after another, all with the round's clock time (a test's clock stands still, a real one
    can step back): the list asked only for items first seen *after* the newest it had seen,
    and every batch after the first was never listed."""
    import sqlite3

    from tests.app.conftest import BASE_TIME

    model = window.model
    shown = model.rowCount()
    at = BASE_TIME + 5000  # the round's time
    conn = sqlite3.connect(small_db)
    try:
        for batch in range(5):  # each committed, then its event, as the engine does
            ids = [6000 + 10 * batch + n for n in range(10)]
            conn.executemany(
                "INSERT INTO items (id, source_id, key, title, first_seen) "
                "VALUES (?, ?, ?, ?, ?)",
                [(i, 1 + i % 3, f"round-{i}", f"Round story {i}", at) for i in ids])
            conn.commit()
            model.items_added(tuple(ids))
            listed = shown + 10 * (batch + 1)
            qtbot.waitUntil(lambda n=listed: model.rowCount() == n, timeout=3000)
        # and one stored as the clock stepped back: its event brings it
        conn.execute("INSERT INTO items (id, source_id, key, title, first_seen) "
                     "VALUES (6100, 2, 'back', 'Clock stepped back', ?)", (at - 30,))
        conn.commit()
    finally:
        conn.close()
    model.items_added((6100,))
    qtbot.waitUntil(lambda: model.rowCount() == shown + 51, timeout=3000)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(set(titles)) == len(titles)  # nothing twice
    assert "Clock stepped back" in titles


def test_the_count_in_the_footer_follows_items_arriving(qtbot: QtBot, window: InboxWindow,
                                                       small_db: Path) -> None:
    """Regression: after a poll brought 25 more items the footer still said "55 items loaded"
    over 80 rows; and it said "400 items loaded" (the rows paged in) of an inbox of 26,547.
    It says how many the view holds, with thousands separators. A result said in the footer
    ("Polling…") is not replaced by the count."""
    import sqlite3

    model, footer = window.model, window.footer
    rows = model.rowCount()
    assert rows < 1000  # a page of the 1,000 items
    qtbot.waitUntil(lambda: footer.status.text() == "1,000 items")
    conn = sqlite3.connect(small_db)
    try:
        conn.executemany("INSERT INTO items (id, source_id, key, title, first_seen) "
                         "VALUES (?, 1, ?, 'Fresh', 1780009999)",
                         [(7001, "k7001"), (7002, "k7002")])
        conn.commit()
        model.items_added((7001, 7002))
        qtbot.waitUntil(lambda: footer.status.text() == "1,002 items")
        footer.say("Polling…")
        conn.execute("INSERT INTO items (id, source_id, key, title, first_seen) "
                     "VALUES (7003, 1, 'k7003', 'Fresher', 1780010000)")
        conn.commit()
    finally:
        conn.close()
    model.items_added((7003,))
    qtbot.waitUntil(lambda: model.rowCount() == rows + 3)
    assert footer.status.text() == "Polling…"


def test_screenshot_is_not_blank(qtbot: QtBot, window: InboxWindow, shots_dir: Path) -> None:
    qtbot.waitUntil(lambda: window.pane.item is not None)
    qtbot.wait(50)
    assert_not_blank(window, shots_dir / "inbox.png")


@pytest.mark.slow
def test_hundred_thousand_items_page_quickly(qtbot: QtBot, paths: object,
                                             tmp_path: Path) -> None:
    import time

    db = tmp_path / "big.sqlite3"
    fill(db, 100_000)
    reader = Reader(db)
    try:
        w = InboxWindow(None, reader)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitUntil(lambda: w.model.rowCount() > 0)
        started = time.monotonic()
        for _ in range(10):
            n = w.model.rowCount()
            w.view.scrollToBottom()
            qtbot.waitUntil(lambda n=n: w.model.rowCount() > n, timeout=2000)
        per_page = (time.monotonic() - started) / 10
        assert per_page < 0.25, f"a page of the inbox took {per_page:.3f} s"
    finally:
        reader.close()


def test_a_burst_of_new_items_is_inserted_in_chunks_in_order(
        qtbot: QtBot, window: InboxWindow, small_db: Path) -> None:
    import sqlite3

    from notify.app.inbox.model import INSERT_CHUNK

    n = INSERT_CHUNK * 2 + 37
    conn = sqlite3.connect(small_db)
    conn.executemany("INSERT INTO items (id, source_id, key, title, first_seen) "
                     "VALUES (?, 1, ?, ?, ?)",
                     [(10_000 + i, f"b{i}", f"Burst {i}", 1_790_000_000 + i) for i in range(n)])
    conn.commit()
    conn.close()
    before = window.model.rowCount()
    window.model.items_added(())
    qtbot.waitUntil(lambda: window.model.rowCount() == before + n, timeout=5000)
    titles = [window.model.index(r, 0).data() for r in range(n + 1)]
    assert titles[:n] == [f"Burst {i}" for i in range(n - 1, -1, -1)]
    assert titles[n] == "♥ Item number 1000 about topic6"  # the old top, now below them


def test_every_inbox_control_has_an_accessible_name(window: InboxWindow) -> None:
    from tests.app.conftest import unnamed_controls

    assert unnamed_controls(window) == []


def test_opened_before_the_database_exists_it_fills_once_items_arrive(
        qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "later.sqlite3"
    reader = Reader(db)
    try:
        w = InboxWindow(None, reader)
        qtbot.addWidget(w)
        w.show()
        failures: list[str] = []
        reader.failed.connect(failures.append)
        with qtbot.waitSignal(w.model.pageLoaded, timeout=5000):
            w.model.reload()  # no database yet: an empty inbox, said as such, no error
        assert w.model.rowCount() == 0 and failures == []
        assert "No items yet" in w.status.text()
        fill(db, 10)
        w.model.items_added((10,))
        qtbot.waitUntil(lambda: w.model.rowCount() == 10, timeout=5000)
    finally:
        reader.close()


def test_reader_failures_are_signalled_on_the_gui_thread(qtbot: QtBot, tmp_path: Path) -> None:
    """Regression: ``failed`` was emitted on the reader thread, so a plain-callable receiver
    (pytest-qt's waitSignal, a lambda) ran there and crashed Qt about one run in five."""
    import threading

    reader = Reader(tmp_path / "missing" / "never.sqlite3")
    seen: list[str | None] = []
    reader.failed.connect(lambda _m: seen.append(threading.current_thread().name))
    try:
        with qtbot.waitSignal(reader.failed, timeout=5000):
            reader.submit(lambda conn: conn.execute("select * from no_such_table"),
                          lambda _v: None)
        assert seen == [threading.main_thread().name]
    finally:
        reader.close()


def test_a_search_that_finds_nothing_empties_the_item_pane(qtbot: QtBot,
                                                           window: InboxWindow) -> None:
    qtbot.waitUntil(lambda: window.pane.item is not None)
    window.search.setText("nothing-has-this-word")
    qtbot.waitUntil(lambda: window.status.text()
                    == "No item matches “\u2068nothing-has-this-word\u2069”.", timeout=3000)
    assert window.pane.item is None
    # what to do next (test_pane_empty.py), not the footer's "Nothing matches" again
    assert window.pane.title.text() == "Clear the filter to see every item"
    assert not window.pane.buttons["like"].isEnabled()


def test_the_when_column_is_drawn_again_as_time_passes(qtbot: QtBot,
                                                        window: InboxWindow) -> None:
    """"0 min ago" stayed on the rows of a round for as long as nothing else redrew them (a
    live session showed "3 min ago" and "0 min ago" side by side for items of one round)."""
    from notify.app.inbox.row_cells import COL_TIME
    from notify.app.inbox.window import TIME_TICK_MS

    assert window.clock.isActive() and window.clock.interval() == TIME_TICK_MS
    window.clock.setInterval(50)
    with qtbot.waitSignal(window.model.dataChanged, timeout=2000) as blocker:
        pass
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert top_left.column() == bottom_right.column() == COL_TIME
    assert (top_left.row(), bottom_right.row()) == (0, window.model.rowCount() - 1)
    window.hide()
    assert not window.clock.isActive()  # a hidden inbox wakes nobody


def test_tab_goes_through_the_item_pane_in_the_order_it_is_seen(
        qtbot: QtBot, window: InboxWindow) -> None:
    """From the list, Tab reached the item's text first, then the Like / Dismiss / Open buttons
    drawn above it. Now: the buttons (Save last), Show images (this item has a remote image), the
    text."""
    qtbot.waitUntil(lambda: window.pane.images_button.isVisible())
    window.view.setFocus()
    pane = window.pane
    expected = [pane.buttons["like"], pane.buttons["dismiss"], pane.buttons["open"],
                pane.save_button, pane.images_button, pane.browser]
    seen = []
    for _ in expected:
        window.focusNextChild()
        seen.append(window.focusWidget())
    assert seen == expected


def test_an_item_of_the_last_minute_is_just_now() -> None:
    """Not "0 min ago" (as if something had been measured as nothing)."""
    from notify.app.inbox.row_cells import when_text

    now = 1_780_000_000.0
    assert when_text(now - 30, now) == "just now"
    assert when_text(now + 5, now) == "just now"  # a clock a little ahead
    assert when_text(now - 90, now) == "1 min ago"
    assert when_text(now - 7200, now) == "2 h ago"


def select_deep_item(qtbot: QtBot, window: InboxWindow, item_id: int) -> int:
    """Load pages until ``item_id`` is listed, select it as a click would, with a few rows
    above it on screen; its row."""
    model, view = window.model, window.view
    while model.row_of(item_id) is None:
        n = model.rowCount()
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda n=n: model.rowCount() > n)
    row = model.row_of(item_id)
    assert row is not None and row >= query.PAGE_SIZE  # beyond the first page
    view.setCurrentIndex(model.index(row, 0))
    view.scrollTo(model.index(row - 3, 0), view.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == item_id)
    assert view.rowAt(0) == row - 3
    return row


def selected_ids(window: InboxWindow) -> list[int]:
    rows = [window.model.row_at(i) for i in window.view.selectionModel().selectedRows()]
    return [r.id for r in rows if r is not None]


def test_a_reload_keeps_the_item_shown_selected_where_it_was(qtbot: QtBot,
                                                             window: InboxWindow) -> None:
    """Regression: a reload of the list (items arriving, a filter changed) cleared the selection
    and then selected the top row, while the pane went on showing the item read."""
    model, view = window.model, window.view
    select_deep_item(qtbot, window, 500)
    browser = window.pane.browser
    for reload in (model.reload, lambda: model.set_filter(query.InboxFilter(source_id=3))):
        shown = window.pane.item
        reload()  # item 500 is of source 3: still listed
        qtbot.waitUntil(lambda: selected_ids(window) == [500], timeout=3000)
        row = model.row_of(500)
        assert row is not None and view.currentIndex().row() == row
        assert window.pane.item is shown  # the same item, not read and drawn again
        assert view.rowAt(0) == row - 3  # at the same place on screen
        qtbot.wait(50)  # nothing moves it afterwards
        assert selected_ids(window) == [500] and window.pane.item is shown
    assert browser.toPlainText().startswith("Summary 500")


def test_a_reload_without_the_item_shown_moves_list_and_pane_to_its_neighbour(
        qtbot: QtBot, window: InboxWindow) -> None:
    """The list and the pane agree: the item in the old one's place (the next older one)."""
    model, view = window.model, window.view
    select_deep_item(qtbot, window, 500)
    model.set_filter(query.InboxFilter(source_id=1))  # ids 999, 996, …: 500 is not one
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == 498)
    assert selected_ids(window) == [498]
    row = model.row_of(498)
    assert row is not None and view.currentIndex().row() == row
    assert view.rowAt(0) <= row <= view.rowAt(view.viewport().height() - 1)
    window.search.setText("nothing-has-this-word")  # nothing left: neither shows anything
    qtbot.waitUntil(lambda: window.pane.item is None, timeout=3000)
    assert selected_ids(window) == [] and not view.currentIndex().isValid()


def test_tab_leaves_the_list_and_reaches_the_why_panel_after_the_text(
        qtbot: QtBot, window: InboxWindow) -> None:
    """Tab in the list moved between its cells: the keyboard never left it. And the Why panel's
    buttons, made after the rest of the window, came after the toolbar's controls."""
    from notify.core.ranking.explain import build

    qtbot.waitUntil(lambda: window.pane.item is not None)
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.pane.buttons["like"]
    pane = window.pane
    pane.show_explanation(build([("w:crypto", -3.5), ("src:LWN", 0.4)], 0.2,
                                decision="silent", decision_reason="not likely enough"))
    buttons = pane.why.findChildren(QPushButton)
    assert buttons and buttons[-1].objectName() == "why-mute"
    qtbot.waitUntil(lambda: all(b.isVisible() for b in buttons))
    pane.browser.setFocus()
    after_text = []
    for _ in buttons:
        window.focusNextChild()
        after_text.append(window.focusWidget())
    assert after_text == buttons


def test_at_800x600_the_title_has_the_room_and_source_gives_way(
        qtbot: QtBot, small_db: Path, shots_dir: Path) -> None:
    """Regression: at 800×600 the Title column was heavily cut (about a third of the list)
    because Source stayed 180 px wide."""
    from notify.app.inbox.row_cells import COL_SOURCE, COL_TIME, COL_TITLE

    reader = Reader(small_db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.resize(800, 600)
        window.show()
        qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=5000)
        header = window.view.horizontalHeader()
        width = window.view.viewport().width()
        qtbot.waitUntil(lambda: header.sectionSize(COL_TITLE) >= 0.5 * width, timeout=2000)
        source = header.sectionSize(COL_SOURCE)
        shown = window.view.fontMetrics().horizontalAdvance("Source 3")
        assert shown <= source <= 0.25 * width  # what it shows, and no more than its share
        assert header.sectionSize(COL_TIME) <= 0.25 * width
        window.grab().save(str(shots_dir / "inbox-800x600.png"))
        window.resize(1400, 800)  # wider: Source no wider than what it shows needs
        qtbot.waitUntil(lambda: header.sectionSize(COL_TITLE) > 0.6
                        * window.view.viewport().width(), timeout=2000)
    finally:
        reader.close()


def test_ctrl_w_closes_the_window_wherever_the_focus_is(qtbot: QtBot, reader: Reader) -> None:
    """Ctrl+W (Close window) is a shortcut of the whole window, as the app opens it (shown,
    raised, activated: ``Shell._raise``), with the keyboard in the list or in the search field.
    (Under a bare X server without a window manager, xdotool's Ctrl+W reaches only a window
    that was activated: the app activates the inbox it opens.)"""
    from notify.app.actions import AppActions

    w = InboxWindow(None, reader, actions=AppActions())
    qtbot.addWidget(w)
    close = w.item_action("close")
    assert close.shortcut() == QKeySequence("Ctrl+W")
    assert close.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    assert close in w.actions()
    for field in (w.view, w.search):
        w.show()
        w.raise_()
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=5000)
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not w.isVisible(), timeout=5000)


def test_the_window_opens_sized_from_its_font_and_on_the_screen(
        qtbot: QtBot, qapp: Any, reader: Reader) -> None:
    """Regression: it opened at 1,100×700 pixels whatever the font (cut at 14 pt) and larger
    than a small screen (800×800 here: 1,100 wide)."""
    from tests.app.test_text_size import screen_room, with_font

    windows = {points: with_font(qapp, points, lambda: InboxWindow(None, reader))
               for points in (9, 14)}
    for window in windows.values():
        qtbot.addWidget(window)
    room = screen_room()
    small, large = windows[9].size(), windows[14].size()
    assert large.width() <= room.width() and large.height() <= room.height()
    assert small.width() <= room.width() and small.height() <= room.height()
    assert large.width() > small.width() or large.width() == room.width()
    assert large.height() > small.height() or large.height() == room.height()
    assert windows[9].size() == text_size(windows[9], *SIZE_IN_TEXT)


def _at_smallest(qtbot: QtBot, window: InboxWindow) -> None:
    """The window shown at its minimum size, its rows and column widths settled."""
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    window.resize(window.minimumSizeHint())
    qtbot.waitUntil(lambda: window.size() == window.minimumSizeHint(), timeout=2000)
    qtbot.wait(200)  # the columns fitted (``columns.SETTLE_MS``)


def test_at_a_large_font_the_smallest_window_fits_an_800_px_screen(
        qtbot: QtBot, large_font: Any, reader: Reader, shots_dir: Path) -> None:
    """Regression: at 14 pt the inbox could not get narrower than 899 px (the Why panel's
    Mute button with a 24-character name, and its rows, asked for 559 px beside the list)."""
    from notify.app.actions import AppActions

    window = InboxWindow(None, reader, actions=AppActions())
    qtbot.addWidget(window)
    _at_smallest(qtbot, window)
    assert window.minimumSizeHint().width() <= 800
    assert window.width() <= 800
    window.grab().save(str(shots_dir / "inbox-smallest-14pt.png"))


def test_at_the_smallest_size_a_long_title_and_images_never_grow_the_window(
        qtbot: QtBot, reader: Reader, shots_dir: Path) -> None:
    """Regression: at its minimum size, an item with "Show images" or a title of 2–3 lines
    raised the pane's minimum and the window grew by itself (27 px wide, 19 px tall)."""
    from dataclasses import replace

    from notify.app.inbox.pane import TITLE_LINES

    window = InboxWindow(None, reader)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    detail = window.pane.item
    assert detail is not None
    plain = replace(detail, title="Short", summary_html="<p>No images</p>")
    window.pane.show_item(plain)
    assert not window.pane.images_button.isVisibleTo(window)
    _at_smallest(qtbot, window)
    window.pane.show_item(plain)
    qtbot.wait(50)
    smallest = window.size()
    long_title = " ".join(["A long title that wraps"] * 12)
    window.pane.show_item(replace(detail, title=long_title))
    assert window.pane.images_button.isVisibleTo(window)
    qtbot.wait(100)
    assert window.size() == smallest
    assert window.minimumSizeHint().width() <= smallest.width()
    assert window.minimumSizeHint().height() <= smallest.height()
    assert window.pane.title.text().endswith("…")  # elided, the whole in the tooltip
    window.grab().save(str(shots_dir / "inbox-smallest-long-title.png"))
    window.resize(text_size(window, *SIZE_IN_TEXT))  # with the room: all its lines again
    qtbot.waitUntil(lambda: window.pane.title.text().count("\n") == TITLE_LINES - 1,
                    timeout=2000)


def test_at_the_smallest_size_search_and_when_keep_their_text(
        qtbot: QtBot, reader: Reader) -> None:
    """Regression: at the minimum size the search field was ~50 px and the When column cut
    a date to "201…"."""
    from PySide6.QtGui import QFont, QFontMetrics

    from notify.app.actions import AppActions
    from notify.app.inbox.filters import SEARCH_CHARS
    from notify.app.inbox.row_cells import COL_TIME
    from notify.app.text_size import text_width

    window = InboxWindow(None, reader, actions=AppActions())  # a toolbar as full as the app's
    qtbot.addWidget(window)
    _at_smallest(qtbot, window)
    assert window.search.width() >= text_width(window.search, SEARCH_CHARS)
    view = window.view
    when = view.horizontalHeader().sectionSize(COL_TIME)
    for row in range(max(view.rowAt(0), 0), view.rowAt(view.viewport().height() - 1)):
        index = window.model.index(row, COL_TIME)
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else view.fontMetrics()
        assert metrics.horizontalAdvance(str(index.data())) < when, index.data()

"""The inbox's Show menu (views, groups, sources) over the real engine: rebuilt when a name
changes, left alone when a poll round or a disabled source changes nothing it lists."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from notify.app.inbox import filters, query
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import call, fill


def read_done(qtbot: QtBot, window: InboxWindow) -> None:
    """Wait until the reader thread answered everything asked before (it answers in order)."""
    done: list[object] = []
    window.reader.submit(lambda _conn: None, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)


@contextmanager
def shown_inbox(qtbot: QtBot, paths: Paths, items: int, sources: int) -> Iterator[InboxWindow]:
    """An inbox window (no engine) over ``items`` items of ``sources`` sources, shown, its Show
    menu filled."""
    fill(paths.db, items, n_sources=sources)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.filter_box.count() == len(query.VIEWS) + 2 + sources,
                        timeout=5000)
        yield window
    finally:
        reader.close()


def test_the_menu_is_rebuilt_only_when_what_it_lists_changed(
        qtbot: QtBot, paths: Paths) -> None:
    fill(paths.db, 50, n_sources=200)
    from notify.app.bridge import EngineBridge, default_factory

    bridge = EngineBridge(default_factory(str(paths.data_dir)))
    with qtbot.waitSignal(bridge.started, timeout=10_000):
        bridge.start()
    reader = Reader(paths.db)
    try:
        window = InboxWindow(bridge, reader)
        qtbot.addWidget(window)
        box = window.filter_box
        qtbot.waitUntil(lambda: box.count() == len(query.VIEWS) + 2 + 200,
                        timeout=5000)  # the views, the groups
        inserted: list[int] = []
        box.model().rowsInserted.connect(lambda _p, first, last: inserted.append(last - first))
        with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000):
            call(qtbot, bridge, lambda e: e.update_source(5, enabled=False))
        read_done(qtbot, window)
        assert inserted == []  # the same names: the 205 entries were not made again
        with qtbot.waitSignal(bridge.sourcesChanged, timeout=5000):
            call(qtbot, bridge, lambda e: e.update_source(5, title="Renamed five"))
        qtbot.waitUntil(lambda: any("Renamed five" in box.itemText(i)
                                    for i in range(box.count())), timeout=5000)
    finally:
        reader.close()
        bridge.stop()


def test_a_source_is_found_by_typing_part_of_its_name(qtbot: QtBot, paths: Paths) -> None:
    with shown_inbox(qtbot, paths, 300, 200) as window:
        box = window.filter_box
        completer = box.completer()
        completer.setCompletionPrefix("source 17")  # typed, any case: 17 and 170 … 179
        offered = [completer.completionModel().index(r, 0).data()
                   for r in range(completer.completionCount())]
        assert len(offered) == 11 and all("Source" in t and "17" in t for t in offered)
        completer.setCompletionPrefix("SOURCE 170")
        assert completer.completionCount() == 1
        completer.activated[QModelIndex].emit(completer.completionModel().index(0, 0))
        qtbot.waitUntil(lambda: window.model.filter.source_id == 170, timeout=5000)
        # typing something that is no entry and leaving puts the shown entry back
        field = box.lineEdit()
        field.setText("no such source")
        field.editingFinished.emit()
        assert field.text() == box.itemText(box.currentIndex()) and "Source 170" in field.text()


def test_a_window_deleted_while_a_name_is_typed_in_the_menu_says_nothing(
        qtbot: QtBot, paths: Paths) -> None:
    """The field loses the keyboard as it is destroyed; putting the shown entry back then must
    not touch the deleted field (a traceback at exit, or wherever a window is deleted)."""
    fill(paths.db, 30, n_sources=20)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        window.show()
        window.activateWindow()
        box = window.filter_box
        qtbot.waitUntil(lambda: box.count() == len(query.VIEWS) + 2 + 20, timeout=5000)
        field = box.lineEdit()
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        field.setText("Sour")
        shiboken6.delete(window)  # pytest-qt fails the test on an exception in a slot
        assert not shiboken6.isValid(field)
    finally:
        reader.close()


def test_the_open_menu_shows_whole_names(qtbot: QtBot, paths: Paths) -> None:
    """The open Show menu was as narrow as the box: "Source: heise de…eueste Meldungen"."""
    fill(paths.db, 5, n_sources=2)
    from notify.core.store.db import connect

    long_name = "heise developer neueste Meldungen und Nachrichten"
    conn = connect(paths.db)
    conn.execute("UPDATE sources SET title = ? WHERE id = 1", (long_name,))
    conn.close()
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.show()
        box = window.filter_box
        qtbot.waitUntil(lambda: any(long_name in box.itemText(i) for i in range(box.count())),
                        timeout=5000)
        text = next(box.itemText(i) for i in range(box.count()) if long_name in box.itemText(i))
        view = box.view()
        assert view.minimumWidth() > view.fontMetrics().horizontalAdvance(text)
        assert view.minimumWidth() > box.width()
    finally:
        reader.close()


def test_a_changed_name_fills_the_menu_at_once_with_the_same_entries_in_order(
        qtbot: QtBot, paths: Paths) -> None:
    """1,000 sources: the entries were added one by one (each told the box, its list and its
    completer), a GUI-thread stall each time a source was added or removed. Now the renamed
    source's one entry moves to its sorted place in the same model: the same entries, in the
    same order, the choice kept, and the completer finds the renamed source."""
    fill(paths.db, 50, n_sources=1000)
    from notify.core.store.db import connect

    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.show()
        box = window.filter_box
        qtbot.waitUntil(lambda: box.count() == len(query.VIEWS) + 2 + 1000, timeout=5000)
        box.setCurrentIndex(box.findData("source:700"))
        qtbot.waitUntil(lambda: window.model.filter.source_id == 700, timeout=5000)
        old = box.model()
        inserted: list[int] = []
        old.rowsInserted.connect(lambda _p, first, last: inserted.append(last - first + 1))
        conn = connect(paths.db)
        conn.execute("UPDATE sources SET title = 'Zebra news' WHERE id = 3")
        conn.close()
        window.filters.fill()
        qtbot.waitUntil(lambda: "Zebra news" in box.itemText(box.count() - 1), timeout=5000)
        assert inserted == [1]  # its one entry, not 1,007 added one by one
        assert box.model() is old
        names = sorted((f"Source {i}" for i in range(1, 1001) if i != 3), key=str.lower)
        expected = (["All items", "Unread", "Notified", "Liked", "Saved", "Over today's budget",
                     "Group: \u2068news\u2069", "Group: \u2068tech\u2069"]
                    + [f"Source: \u2068{name}\u2069" for name in [*names, "Zebra news"]])
        assert [box.itemText(i) for i in range(box.count())] == expected
        assert box.itemData(box.count() - 1) == "source:3"
        assert box.currentData() == "source:700" and window.model.filter.source_id == 700
        completer = box.completer()
        assert completer.model() is box.model()
        completer.setCompletionPrefix("zebra")
        assert completer.completionCount() == 1
    finally:
        reader.close()


def test_fills_asked_while_one_is_read_make_one_more_read_and_the_menu_is_current(
        qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A removal asked for the menu three times (its source changed, twice, and the database
    changed): three reads of 1,000 sources competing with the GUI thread. Asked while a read
    is on its way, one more read follows it, and the menu shows the last names; a read that
    failed does not stop the next ones."""
    fill(paths.db, 20, n_sources=30)
    from notify.core.store.db import connect

    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        box = window.filter_box
        qtbot.waitUntil(lambda: box.count() == len(query.VIEWS) + 2 + 30, timeout=5000)
        read_done(qtbot, window)
        reads: list[int] = []

        def counted(conn: sqlite3.Connection) -> filters.MenuEntries:
            reads.append(1)
            return real(conn)

        real = filters.menu_entries
        monkeypatch.setattr(filters, "menu_entries", counted)
        conn = connect(paths.db)
        conn.execute("UPDATE sources SET title = 'Zebra news' WHERE id = 3")
        conn.close()
        for _ in range(3):
            window.filters.fill()
        qtbot.waitUntil(lambda: "Zebra news" in box.itemText(box.count() - 1), timeout=5000)
        read_done(qtbot, window)
        assert len(reads) == 2

        def failing(_conn: sqlite3.Connection) -> filters.MenuEntries:
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(filters, "menu_entries", failing)
        window.filters.fill()
        read_done(qtbot, window)
        monkeypatch.setattr(filters, "menu_entries", real)
        conn = connect(paths.db)
        conn.execute("UPDATE sources SET title = 'Zulu news' WHERE id = 4")
        conn.close()
        window.filters.fill()
        qtbot.waitUntil(lambda: "Zulu news" in box.itemText(box.count() - 1), timeout=5000)
    finally:
        reader.close()


def test_adding_removing_or_renaming_one_of_1000_sources_edits_one_entry_in_place(
        qtbot: QtBot, paths: Paths) -> None:
    """Regression: removing one of 1,000 sources made the Show menu's 1,007 entries again on
    the GUI thread (12–16 ms). One source added, removed or renamed now inserts, removes or
    moves its one entry in its sorted place, with no Python run per entry; the menu equals a
    fresh build, and the choice is kept."""
    import sys

    from notify.core.store.db import connect

    fill(paths.db, 50, n_sources=1000)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        box = window.filter_box
        qtbot.waitUntil(lambda: box.count() == len(query.VIEWS) + 2 + 1000, timeout=5000)
        box.setCurrentIndex(box.findData("source:700"))
        qtbot.waitUntil(lambda: window.model.filter.source_id == 700, timeout=5000)
        read_done(qtbot, window)
        model = box.model()
        calls: list[int] = []
        real = window.filters._got_choices

        def counted(change: filters.MenuChange) -> None:
            count = 0

            def profile(_frame: object, event: str, _arg: object) -> None:
                nonlocal count
                count += event in ("call", "c_call")

            sys.setprofile(profile)
            try:
                real(change)
            finally:
                sys.setprofile(None)
            calls.append(count)

        window.filters._got_choices = counted  # type: ignore[method-assign]
        for change in ("INSERT INTO sources (kind, url, title, created_at) "
                       "VALUES ('feed', 'https://new.example/feed', 'Middle news', 0)",
                       "DELETE FROM sources WHERE id = 5",
                       "UPDATE sources SET title = 'Aardvark' WHERE id = 900"):
            conn = connect(paths.db)
            conn.execute(change)
            conn.close()
            answered = len(calls) + 1
            window.filters.fill()
            qtbot.waitUntil(lambda: len(calls) == answered, timeout=5000)  # noqa: B023
            conn = connect(paths.db, readonly=True)
            fresh = filters.menu_entries(conn)
            conn.close()
            assert [box.itemText(i) for i in range(box.count())] == list(fresh.texts)
            assert [box.itemData(i) for i in range(box.count())] == list(fresh.keys)
            assert box.currentData() == "source:700" and window.model.filter.source_id == 700
            assert box.model() is model  # edited in place, not made again
        # the popup's width: its 64 longest texts measured; made again: several per entry
        assert max(calls) < 300, calls
        assert box.itemText(len(query.VIEWS) + 2) == "Source: \u2068Aardvark\u2069"
        box.completer().setCompletionPrefix("middle")
        assert box.completer().completionCount() == 1
        # the source shown removed: every item is shown
        conn = connect(paths.db)
        conn.execute("DELETE FROM sources WHERE id = 700")
        conn.close()
        window.filters.fill()
        qtbot.waitUntil(lambda: window.model.filter.source_id is None, timeout=5000)
        assert box.currentIndex() == 0 and box.findData("source:700") == -1
    finally:
        reader.close()


def test_a_narrow_box_shows_the_start_of_the_entry_chosen(qtbot: QtBot, paths: Paths,
                                                          shots_dir: Path) -> None:
    """Regression (s15, 800 px at 14 pt): the Show box read "r today's budget": Qt leaves the
    field's cursor after the text it sets, so a box narrower than the entry showed its end."""
    with shown_inbox(qtbot, paths, 30, 3) as window:
        box = window.filter_box
        field = box.lineEdit()
        window.view.setFocus()
        box.setMinimumContentsLength(4)
        box.setFixedWidth(box.fontMetrics().horizontalAdvance("Over tod") + 30)
        for index in range(box.count()):
            box.setCurrentIndex(index)
            assert field.cursorPosition() == 0, box.itemText(index)
        box.grab().save(str(shots_dir / "show-box-narrow.png"))
        # typed, then left (Enter, or the keyboard elsewhere): the start again
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        field.setText("Unr")
        window.view.setFocus()
        qtbot.waitUntil(lambda: not field.hasFocus())
        assert field.cursorPosition() == 0 and field.text() == box.itemText(box.currentIndex())

"""The inbox's Show choice comes back after a restart (a new window over the same data folder,
as the shell restores one), and View → Unread only (Ctrl+U) toggles Unread: on, the list shows
the unread items; off, what it showed before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions, key_text
from notify.app.inbox import query
from notify.app.inbox.filters import UNREAD_ONLY_KEY
from notify.app.inbox.reader import Reader
from notify.app.inbox.row_cells import is_unread
from notify.app.inbox.window import InboxWindow
from notify.app.window_state import WindowState
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, dark_palette


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)
    yield r
    r.close()


def opened(qtbot: QtBot, reader: Reader, paths: Paths, *, restore: bool = False,
           actions: AppActions | None = None) -> InboxWindow:
    """An inbox window shown, its menu filled and its list loaded; ``restore``: put back as
    the last one was left, before it shows (as ``shell.open_inbox`` does)."""
    window = InboxWindow(None, reader, actions=actions)
    qtbot.addWidget(window)
    if restore:
        WindowState(paths.window_state).restore(window, "inbox")
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.filters.box.count() > 6, timeout=5000)
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    window.view.setFocus()
    return window


def unread_only_key(window: InboxWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)


def shows(window: InboxWindow) -> str:
    return str(window.filters.box.currentData())


def all_unread(window: InboxWindow) -> bool:
    rows = [window.model.row_at(window.model.index(r, 0))
            for r in range(window.model.rowCount())]
    return bool(rows) and all(row is not None and is_unread(row) for row in rows)


def test_a_restart_comes_back_showing_unread_only(qtbot: QtBot, reader: Reader,
                                                  paths: Paths) -> None:
    """Regression: every restart opened on All items, whatever the person had chosen."""
    first = opened(qtbot, reader, paths)
    assert shows(first) == "view:all" and not first.filters.unread_only.isChecked()
    unread_only_key(first, qtbot)
    qtbot.waitUntil(lambda: first.model.filter.view == query.VIEW_UNREAD, timeout=5000)
    qtbot.waitUntil(lambda: all_unread(first), timeout=5000)
    WindowState(paths.window_state).save(first, "inbox")  # as the shell does on close
    first.close()

    second = opened(qtbot, reader, paths, restore=True)
    qtbot.waitUntil(lambda: second.model.filter.view == query.VIEW_UNREAD, timeout=5000)
    qtbot.waitUntil(lambda: all_unread(second), timeout=5000)
    assert second.filters.box.currentText() == "Unread"
    assert second.filters.unread_only.isChecked()  # the menu entry says so
    # and the key takes it back to every item
    unread_only_key(second, qtbot)
    qtbot.waitUntil(lambda: second.model.filter == query.InboxFilter(), timeout=5000)
    assert not second.filters.unread_only.isChecked()


def test_a_source_shown_comes_back_and_one_removed_since_shows_all(
        qtbot: QtBot, reader: Reader, paths: Paths) -> None:
    first = opened(qtbot, reader, paths)
    first.filters.box.setCurrentIndex(first.filters.box.findData("source:2"))
    qtbot.waitUntil(lambda: first.model.filter.source_id == 2, timeout=5000)
    WindowState(paths.window_state).save(first, "inbox")
    first.close()
    second = opened(qtbot, reader, paths, restore=True)
    qtbot.waitUntil(lambda: second.model.filter.source_id == 2, timeout=5000)
    assert second.filters.box.currentText() == "Source: \u2068Source 2\u2069"
    second.close()

    # a source that is no more (removed while Notify was not running), or an edited file
    for choice in ("source:99", "view:everything", "nonsense"):
        settings = QSettings(str(paths.window_state), QSettings.Format.IniFormat)
        settings.setValue("inbox/choice-show", choice)
        settings.sync()
        third = opened(qtbot, reader, paths, restore=True)
        qtbot.wait(100)  # (any later change of the filter would come now)
        assert shows(third) == "view:all", choice
        assert third.model.filter == query.InboxFilter()
        third.close()


def test_the_key_toggles_unread_and_then_what_was_shown_before(qtbot: QtBot, reader: Reader,
                                                               paths: Paths) -> None:
    window = opened(qtbot, reader, paths)
    window.filters.box.setCurrentIndex(window.filters.box.findData("group:tech"))
    qtbot.waitUntil(lambda: window.model.filter.group == "tech", timeout=5000)
    unread_only_key(window, qtbot)
    qtbot.waitUntil(lambda: window.model.filter.view == query.VIEW_UNREAD, timeout=5000)
    assert window.filters.unread_only.isChecked()
    unread_only_key(window, qtbot)
    qtbot.waitUntil(lambda: window.model.filter.group == "tech", timeout=5000)
    assert shows(window) == "group:tech" and not window.filters.unread_only.isChecked()
    # Unread chosen in the Show menu checks the entry too; the key then shows every item
    window.filters.box.setCurrentIndex(window.filters.box.findData("view:unread"))
    assert window.filters.unread_only.isChecked()
    unread_only_key(window, qtbot)
    assert shows(window) == "group:tech"  # (what was shown before Unread)
    window.filters.box.setCurrentIndex(window.filters.box.findData("view:liked"))
    window.filters.box.setCurrentIndex(window.filters.box.findData("view:unread"))
    unread_only_key(window, qtbot)
    assert shows(window) == "view:liked"


def test_the_view_menu_shows_the_key_and_no_other_command_has_it(
        qtbot: QtBot, reader: Reader, paths: Paths, shots_dir: Path) -> None:
    actions = AppActions()
    window = opened(qtbot, reader, paths, actions=actions)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "&View" in menus
    entry = menus["&View"].actions()[0]
    assert entry is window.filters.unread_only
    assert entry.text() == "Unread only" and entry.isCheckable()
    assert key_text(entry) == QKeySequence(UNREAD_ONLY_KEY).toString(
        QKeySequence.SequenceFormat.NativeText) == "Ctrl+U"
    # every key the window answers to, once (the app's commands, the item actions, Undo…)
    keys: dict[str, str] = {}
    for action in window.actions():
        assert isinstance(action, QAction)
        for key in action.shortcuts():
            text = key.toString()
            assert text not in keys, f"{text}: {keys.get(text)} and {action.text()}"
            keys[text] = action.text()
    assert keys["Ctrl+U"] == "Unread only"
    # look at it: the open View menu, its entry checked, light and dark
    unread_only_key(window, qtbot)
    qtbot.waitUntil(lambda: all_unread(window), timeout=5000)
    for name, palette in (("light", None), ("dark", dark_palette())):
        if palette is not None:
            window.setPalette(palette)
            menus["&View"].setPalette(palette)
        menus["&View"].popup(window.mapToGlobal(window.rect().center()))
        qtbot.waitUntil(menus["&View"].isVisible, timeout=2000)
        assert_not_blank(window, shots_dir / f"inbox-unread-only-{name}.png")
        menus["&View"].grab().save(str(shots_dir / f"view-menu-{name}.png"))
        menus["&View"].hide()

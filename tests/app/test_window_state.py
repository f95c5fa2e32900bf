"""Windows come back where they were: size, position, the inbox's list/pane split and column
widths, kept in the data folder; a place on no screen now is not used."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget
from pytestqt.qtbot import QtBot

from notify.app.inbox.reader import Reader
from notify.app.inbox.row_cells import COL_SOURCE, COL_TIME
from notify.app.inbox.window import SIZE_IN_TEXT, InboxWindow
from notify.app.text_size import text_size
from notify.app.window_state import WindowState, fits_on_a_screen
from notify.core.paths import Paths


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)
    yield r
    r.close()


def inbox(qtbot: QtBot, reader: Reader) -> InboxWindow:
    window = InboxWindow(None, reader)
    qtbot.addWidget(window)
    return window


def splitter_of(window: QWidget) -> QSplitter:
    found = window.findChild(QSplitter, "list-and-pane")
    assert isinstance(found, QSplitter)
    return found


def test_the_inbox_comes_back_as_it_was_left(qtbot: QtBot, reader: Reader,
                                             paths: Paths) -> None:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    first = inbox(qtbot, reader)
    first.show()
    # (no less than the window's least height: below it the splitter's parts are squeezed
    # under their minimums and the sizes read back differ)
    first.setGeometry(screen.x() + 40, screen.y() + 30, 600, 500)
    splitter_of(first).setSizes([200, 380])
    first.view.horizontalHeader().resizeSection(COL_SOURCE, 77)
    sizes = splitter_of(first).sizes()
    WindowState(paths.window_state).save(first, "inbox")
    first.close()

    second = inbox(qtbot, reader)
    # the default (in text units, within the screen), before restoring
    assert second.size() == text_size(second, *SIZE_IN_TEXT) != QSize(600, 500)
    assert WindowState(paths.window_state).restore(second, "inbox")
    second.show()
    assert second.geometry() == QRect(screen.x() + 40, screen.y() + 30, 600, 500)
    assert splitter_of(second).sizes() == sizes
    # the Source width given is the person's, as they left it (columns.py)
    assert second.columns.given == {COL_SOURCE: 77}
    assert second.view.horizontalHeader().sectionSize(COL_SOURCE) == 77


def test_column_widths_given_come_back_as_left_restart_after_restart(
        qtbot: QtBot, reader: Reader, paths: Paths) -> None:
    """Regression: the Source width was saved as fitted (at most a quarter of the list, at most
    what the rows show), then taken back as the person's: every restart made it narrower."""
    screen = QGuiApplication.primaryScreen().availableGeometry()
    first = inbox(qtbot, reader)
    first.show()
    first.setGeometry(screen.x() + 10, screen.y() + 10, screen.width() - 40, 500)
    qtbot.waitUntil(lambda: first.model.rowCount() > 0, timeout=5000)
    # the pane shows the first item (its buttons, Show images): the list's width is settled
    qtbot.waitUntil(lambda: first.pane.item is not None, timeout=5000)
    qtbot.wait(50)
    header = first.view.horizontalHeader()
    list_width = first.view.viewport().width()
    wide, when = int(list_width * 0.4), 150  # wider than Source's share, than its names
    header.resizeSection(COL_SOURCE, wide)
    header.resizeSection(COL_TIME, when)
    qtbot.wait(150)  # rows settle: the widths are fitted again
    first.columns.fit()  # as when the list is resized
    assert (header.sectionSize(COL_SOURCE), header.sectionSize(COL_TIME)) == (wide, when)
    WindowState(paths.window_state).save(first, "inbox")
    first.close()
    for _restart in range(3):
        again = inbox(qtbot, reader)
        assert WindowState(paths.window_state).restore(again, "inbox")
        again.show()
        qtbot.waitUntil(lambda w=again: w.model.rowCount() > 0, timeout=5000)
        qtbot.wait(150)
        shown = again.view.horizontalHeader()
        assert (shown.sectionSize(COL_SOURCE), shown.sectionSize(COL_TIME)) == (wide, when)
        WindowState(paths.window_state).save(again, "inbox")
        again.close()


def test_a_place_on_no_current_screen_is_not_used(qtbot: QtBot, reader: Reader,
                                                  paths: Paths) -> None:
    """Saved on a monitor unplugged since: the window would open out of sight."""
    first = inbox(qtbot, reader)
    first.show()
    first.resize(500, 300)
    state = WindowState(paths.window_state)
    state.save(first, "inbox")
    first.close()
    settings = QSettings(str(paths.window_state), QSettings.Format.IniFormat)
    settings.setValue("inbox/normal", QRect(5000, 4000, 500, 300))
    settings.sync()

    second = inbox(qtbot, reader)
    assert not WindowState(paths.window_state).restore(second, "inbox")
    assert second.size() == text_size(second, *SIZE_IN_TEXT)  # the default


def test_fits_on_a_screen() -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert fits_on_a_screen(QRect(area.x() + 10, area.y() + 10, 300, 200))
    assert not fits_on_a_screen(QRect(area.right() + 500, area.y(), 300, 200))
    # larger than any screen now (saved on a bigger monitor)
    assert not fits_on_a_screen(QRect(area.x(), area.y(), area.width() * 3, area.height()))


def test_any_window_size_is_remembered_and_nothing_saved_restores_nothing(
        qtbot: QtBot, paths: Paths) -> None:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    state = WindowState(paths.window_state)
    window = QWidget()
    qtbot.addWidget(window)
    assert not state.restore(window, "settings")
    window.show()
    window.setGeometry(screen.x() + 20, screen.y() + 20, 420, 310)
    state.save(window, "settings")
    again = QWidget()
    qtbot.addWidget(again)
    assert WindowState(paths.window_state).restore(again, "settings")
    again.show()
    assert again.size().width() == 420 and again.size().height() == 310

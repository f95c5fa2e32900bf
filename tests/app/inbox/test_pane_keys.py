"""The item text is one stop in the keyboard's order: Tab goes past it whatever links it
holds; Enter there walks its links with Tab and Shift+Tab (Enter opens the one focused), Esc
goes back to the text as one stop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from notify.app.inbox.pane import ItemPane
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from tests.app.inbox.test_blocked_images import item

LINKS = "".join(f'<p><a href="https://example.org/{n}">Link {n}</a></p>' for n in range(30))


@pytest.fixture
def window(qtbot: QtBot, small_db: Path) -> Iterator[InboxWindow]:
    reader = Reader(small_db)
    w = InboxWindow(None, reader)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitActive(w)
    qtbot.waitUntil(lambda: w.pane.item is not None)
    w.pane.show_item(item(LINKS))
    yield w
    w.close()
    reader.close()


def focused_link(pane: ItemPane) -> str:
    return pane.browser.textCursor().selectedText()


def test_tab_goes_past_the_item_text_in_one_press_whatever_its_links(
        qtbot: QtBot, window: InboxWindow) -> None:
    """Regression: an item with 30 links needed 30 Tab presses to leave the pane."""
    pane, after = window.pane, window.filter_box
    pane.browser.setFocus(Qt.FocusReason.TabFocusReason)
    assert window.focusWidget() is pane.browser
    qtbot.keyClick(pane.browser, Qt.Key.Key_Tab)
    assert window.focusWidget() is after
    qtbot.keyClick(after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert window.focusWidget() is pane.browser and focused_link(pane) == ""
    qtbot.keyClick(pane.browser, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.focusWidget() is pane.save_button  # the last of Like, Dismiss, Open, Save


def test_enter_walks_the_links_and_esc_goes_back_to_the_text(
        qtbot: QtBot, window: InboxWindow) -> None:
    pane, after = window.pane, window.filter_box
    opened: list[str] = []
    pane.browser.anchorClicked.disconnect()
    pane.browser.anchorClicked.connect(lambda url: opened.append(url.toString()))
    pane.browser.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(pane.browser, Qt.Key.Key_Return)  # into the links
    assert focused_link(pane) == "Link 0" and not opened
    qtbot.keyClick(pane.browser, Qt.Key.Key_Tab)
    qtbot.keyClick(pane.browser, Qt.Key.Key_Tab)
    assert focused_link(pane) == "Link 2" and window.focusWidget() is pane.browser
    qtbot.keyClick(pane.browser, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused_link(pane) == "Link 1"
    qtbot.keyClick(pane.browser, Qt.Key.Key_Return)  # opens the link focused
    assert opened == ["https://example.org/1"]
    qtbot.keyClick(pane.browser, Qt.Key.Key_Escape)  # back to the text as one stop
    assert focused_link(pane) == "" and window.focusWidget() is pane.browser
    qtbot.keyClick(pane.browser, Qt.Key.Key_Tab)
    assert window.focusWidget() is after
    # a new item starts as one stop again
    pane.browser.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(pane.browser, Qt.Key.Key_Return)
    pane.show_item(item(LINKS))
    assert focused_link(pane) == ""
    qtbot.keyClick(pane.browser, Qt.Key.Key_Tab)
    assert window.focusWidget() is after

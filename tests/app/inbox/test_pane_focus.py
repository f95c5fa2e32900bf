"""The keyboard stays where the person was when a button of the item pane goes or changes:
Mute made anew as Unmute (and back), a feature's "Less of this", Show images (hidden once
pressed). Regression: after "Mute this source" the keyboard landed in the toolbar's Show menu
with its text selected, so the next j, k or m replaced the menu's text instead of acting on
the list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import RSS, call, open_inbox


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[InboxWindow]:
    feed = RSS.replace("<description>About rust and compilers</description>",
                       "<description><![CDATA[<p>Tips</p><img src=\"http://127.0.0.1:9/p.png\">"
                       "]]></description>")
    yield from open_inbox(qtbot, bridge, paths, httpserver, "/feed.xml", feed)


def why_button(inbox: InboxWindow, name: str) -> QPushButton | None:
    button = inbox.pane.why.findChild(QPushButton, name)
    return button if button is not None and not button.isHidden() else None


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(qtbot: QtBot, inbox: InboxWindow, button: QPushButton) -> None:
    """The person Tabs to ``button`` and presses Space."""
    inbox.activateWindow()
    qtbot.waitUntil(inbox.isActiveWindow, timeout=2000)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus, timeout=2000)
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_the_keyboard_stays_on_mute_made_anew_as_unmute(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any, shots_dir: Path) -> None:
    qtbot.waitUntil(lambda: why_button(inbox, "why-mute") is not None, timeout=5000)
    mute = why_button(inbox, "why-mute")
    assert mute is not None
    press(qtbot, inbox, mute)
    qtbot.waitUntil(lambda: why_button(inbox, "why-unmute") is not None, timeout=5000)
    unmute = why_button(inbox, "why-unmute")
    assert call(qtbot, bridge, lambda e: e.sources()[0].muted) is True
    qtbot.waitUntil(lambda: focused() is not inbox.view, timeout=2000)  # (list meanwhile)
    assert focused() is unmute, f"the keyboard went to {focused()!r}"
    inbox.grab().save(str(shots_dir / "unmute-focused.png"))
    assert unmute is not None
    qtbot.keyClick(unmute, Qt.Key.Key_Space)  # again: back to Mute, the keyboard on it
    qtbot.waitUntil(lambda: why_button(inbox, "why-mute") is not None, timeout=5000)
    qtbot.waitUntil(lambda: focused() is not inbox.view, timeout=2000)
    assert focused() is why_button(inbox, "why-mute")
    # the list's keys act on the list: j goes to the next item, the Show menu keeps its text
    first = inbox.selection.current_id()
    qtbot.keyClick(focused(), Qt.Key.Key_J)
    qtbot.waitUntil(lambda: inbox.selection.current_id() != first, timeout=5000)
    assert inbox.filters.box.currentText() == "All items"


def test_the_keyboard_stays_on_a_features_less_of_this(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any) -> None:
    assert inbox.pane.item is not None
    # a Like: its words push it up, each with "Less of this" (a Dismiss's offer "Forget this")
    call(qtbot, bridge, lambda e: e.feedback(inbox.pane.item.id, "like"))
    inbox.step(1)
    inbox.step(-1)  # re-selected: its explanation has learned weights now

    def less_buttons() -> list[QPushButton]:
        return [b for b in inbox.pane.why.findChildren(QPushButton)
                if b.accessibleName().startswith("Less of word") and b.isVisibleTo(inbox)]

    qtbot.waitUntil(lambda: bool(less_buttons()), timeout=5000)
    button = less_buttons()[0]
    name = button.accessibleName()
    press(qtbot, inbox, button)
    qtbot.waitUntil(lambda: inbox.status.text().startswith("Less of"), timeout=5000)
    # the panel is made anew once the profile changed: the same feature's button has it
    qtbot.waitUntil(lambda: button not in less_buttons(), timeout=5000)
    qtbot.waitUntil(lambda: any(b.hasFocus() for b in less_buttons()), timeout=5000)
    now = focused()
    assert isinstance(now, QPushButton) and now.accessibleName() == name


def test_show_images_leaves_the_keyboard_in_the_text(qtbot: QtBot,
                                                     inbox: InboxWindow) -> None:
    assert inbox.pane.item is not None and inbox.pane.item.title == "First story"
    qtbot.waitUntil(lambda: not inbox.pane.images_button.isHidden(), timeout=5000)
    press(qtbot, inbox, inbox.pane.images_button)
    assert inbox.pane.images_button.isHidden()
    assert focused() is inbox.pane.browser


def test_a_button_greyed_for_the_next_item_leaves_the_keyboard_in_the_list(
        qtbot: QtBot, inbox: InboxWindow) -> None:
    """Open, with the keyboard, on an item whose next has no link (Open greys): the list."""
    from dataclasses import replace

    shown = inbox.pane.item
    assert shown is not None
    open_button = inbox.pane.buttons["open"]
    inbox.activateWindow()
    open_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(open_button.hasFocus, timeout=2000)
    inbox.pane.show_item(replace(shown, link=None))
    assert not open_button.isEnabled()
    assert focused() is inbox.view

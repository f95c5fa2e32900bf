"""The Item menu says what its keys do: Like and Dismiss also go to the next item (as mail and
feed readers do), so "l then j" skips one; the labels must not hide it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import RSS, open_inbox


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[InboxWindow]:
    yield from open_inbox(qtbot, bridge, paths, httpserver, "/feed.xml", RSS)


def item_menu_entries(window: InboxWindow) -> dict[str, Any]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Item")
    return {a.text(): a for a in menu.actions() if not a.isSeparator()}


def test_like_and_dismiss_say_they_go_to_the_next_item(qtbot: QtBot,
                                                       inbox: InboxWindow) -> None:
    entries = item_menu_entries(inbox)
    like, dismiss = entries["Like and go to next"], entries["Dismiss and go to next"]
    assert like.shortcut() == QKeySequence("L") and dismiss.shortcut() == QKeySequence("D")
    assert "next item" in like.toolTip() and "next item" in dismiss.toolTip()
    # and they do: L likes the current item and shows the next
    assert inbox.view.currentIndex().row() == 0
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_L)
    assert inbox.view.currentIndex().row() == 1
    qtbot.waitUntil(lambda: inbox.status.text().startswith("Liked “"), timeout=5000)

"""The feed picker (``feed_picker.py``: which of a web page's feeds to use) from the keyboard
alone: the list has the keyboard at once and is ringed, the arrows move, Enter chooses, Escape
cancels, Tab reaches its buttons (each ringed). It was Qt's item dialog, a combo box whose
focus Fusion marked by no pixel of 3:1. The real dialog, run modal as the app runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from notify.app.settings.address_check import pick_feed
from notify.app.settings.feed_picker import FeedPicker
from notify.core.discovery import DiscoveredFeed
from tests.app.test_message_boxes import while_modal

FEEDS = [DiscoveredFeed("https://site.example/news.xml", "News"),
         DiscoveredFeed("https://site.example/blog.xml", "Blog"),
         DiscoveredFeed("https://site.example/pod.xml", "Podcast")]


@pytest.mark.parametrize("keys, chosen", [
    ([Qt.Key.Key_Down, Qt.Key.Key_Return], "https://site.example/pod.xml"),
    ([Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Enter], "https://site.example/news.xml"),
    ([Qt.Key.Key_Down, Qt.Key.Key_Escape], None)])
def test_the_arrows_move_enter_chooses_and_escape_cancels(
        qtbot: QtBot, keys: list[Qt.Key], chosen: str | None, shots_dir: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    rings: list[bool] = []

    def act(box: QWidget) -> None:
        assert isinstance(box, FeedPicker)
        qtbot.waitUntil(box.list.hasFocus, timeout=2000)  # the keyboard in the list at once
        assert box.list.currentRow() == 1  # the first feed not in the sources yet
        rings.append(box.focus_ring.target is box.list and box.focus_ring.isVisible())
        box.grab().save(str(shots_dir / "feed-picker.png"))
        for key in keys:
            qtbot.keyClick(box.list, key)

    raised = while_modal(qtbot, act)
    answer = pick_feed(parent, FEEDS, page="https://site.example/",
                       taken={"https://site.example/news.xml": "My news"})
    if raised:
        raise raised[0]
    assert answer == chosen
    assert rings == [True]


def test_every_stop_of_the_picker_is_ringed(qtbot: QtBot) -> None:
    from tests.app.test_focus_ring import faults, tab_through

    picker = FeedPicker(None, "Choose a feed", "https://site.example/ offers 3 feeds.",
                        [f"{f.title} — {f.url}" for f in FEEDS])
    qtbot.addWidget(picker)
    picker.show()
    picker.activateWindow()
    qtbot.waitUntil(picker.isActiveWindow, timeout=5000)
    qtbot.waitUntil(picker.list.hasFocus, timeout=2000)
    stops = tab_through(picker, qtbot)
    assert [s.widget for s in stops] == [picker.list, picker.ok_button, picker.cancel_button]
    assert faults(stops) == []
    assert picker.ok_button.isDefault() and picker.ok_button.text() == "Use this feed"

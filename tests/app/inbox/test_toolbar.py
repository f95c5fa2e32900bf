"""The inbox's toolbar in a narrow window (``toolbar.py``): where the commands' words do not fit,
symbols (↻ ❚❚ ☆ ↶ ⚙) with the words in their tooltips and accessible names; the last ones give
way first (Settings, then Undo and Save), never Poll now and Pause before them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox.pause_button import PAUSE_SYMBOL
from notify.app.inbox.reader import Reader
from notify.app.inbox.toolbar import POLL_SYMBOL, SAVE_SYMBOLS, UNDO_SYMBOL
from notify.app.inbox.window import InboxWindow
from tests.app.conftest import assert_not_blank


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)
    yield r
    r.close()


def opened(qtbot: QtBot, reader: Reader, width: int) -> InboxWindow:
    window = InboxWindow(None, reader, actions=AppActions())  # a toolbar as full as the app's
    qtbot.addWidget(window)
    window.resize(width, 600)
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.width() == width, timeout=2000)
    qtbot.wait(100)
    return window


def on_bar(window: InboxWindow) -> dict[str, QWidget]:
    """The commands on the bar (not in its "»" menu), by their words."""
    bar = window.findChild(QToolBar, "inbox-toolbar")
    assert bar is not None
    shown = {}
    for action in bar.actions()[2:]:  # after the Show menu and the search
        widget = bar.widgetForAction(action)
        if widget.isVisible():
            shown[widget.accessibleName()] = widget
    return shown


def test_at_480_px_and_14_pt_the_most_used_commands_stay_on_the_bar(
        qtbot: QtBot, large_font: Any, reader: Reader, shots_dir: Path) -> None:
    """Regression: at 480 px and 14 pt Settings, Save and Undo were in the toolbar's "»" menu
    (Undo already from 640 px). Now the commands are symbols there, their words in their
    tooltips and accessible names, and only Settings (also in the Notify menu, Ctrl+,) may
    give way."""
    window = opened(qtbot, reader, 480)
    shown = on_bar(window)
    assert window.toolbar.compact
    names = list(shown)
    assert names[:2] == ["Poll now", "Pause notifications"], names
    assert "Save for later" in names and any(n.startswith("Undo") for n in names), names
    texts = {name: widget.text() for name, widget in shown.items()}  # type: ignore[attr-defined]
    assert texts["Poll now"] == POLL_SYMBOL and texts["Pause notifications"] == PAUSE_SYMBOL
    assert texts["Save for later"] == SAVE_SYMBOLS[0]
    assert next(t for n, t in texts.items() if n.startswith("Undo")) == UNDO_SYMBOL
    for widget in shown.values():
        assert widget.toolTip() and widget.toolTip() not in (POLL_SYMBOL, UNDO_SYMBOL)
    # the menus keep the words
    assert window.item_action("save").text() == "Save for later"
    assert_not_blank(window, shots_dir / "inbox-14pt-480-toolbar.png")

    # saved: the star filled, as the pane's
    window.item_action("save").setChecked(True)
    assert shown["Save for later"].text() == SAVE_SYMBOLS[1]  # type: ignore[attr-defined]
    # paused: checked, the words in its name and tooltip
    window.set_paused(True, "until 14:30")
    qtbot.wait(50)
    pause = window.pause_button
    assert pause is not None and pause.isChecked() and pause.text() == PAUSE_SYMBOL
    assert "paused until 14:30" in pause.accessibleName()
    assert "paused until 14:30" in pause.toolTip()
    assert_not_blank(window, shots_dir / "inbox-14pt-480-toolbar-paused.png")

    # wide again: words, every command on the bar
    window.resize(900, 600)
    qtbot.waitUntil(lambda: not window.toolbar.compact, timeout=2000)
    qtbot.wait(50)
    shown = on_bar(window)
    assert len(shown) == 5
    assert pause.text() == "Paused"
    assert shown["Save for later"].text() == "Save"  # type: ignore[attr-defined]


def test_at_the_usual_font_480_px_keeps_the_words(qtbot: QtBot, reader: Reader) -> None:
    window = opened(qtbot, reader, 480)
    assert QApplication.font().pointSizeF() < 12
    assert not window.toolbar.compact
    shown = on_bar(window)
    assert len(shown) == 5
    assert {w.text() for w in shown.values()} >= {  # type: ignore[attr-defined]
        "Poll now", "Pause", "Save", "Undo", "Settings"}


def test_the_last_commands_give_way_first(qtbot: QtBot, large_font: Any,
                                          reader: Reader) -> None:
    """Narrower than the symbols need, Settings goes into "»" first, then Undo, then Save;
    Poll now and Pause stay longest (the bar's order is the order they give way)."""
    window = opened(qtbot, reader, 480)
    order = ["Poll now", "Pause notifications", "Save for later", "Undo", "Settings"]
    for width in (440, 400, 360):
        window.resize(width, 600)
        qtbot.waitUntil(lambda width=width: window.toolbar.width() == width, timeout=2000)
        qtbot.wait(50)
        names = [n if not n.startswith("Undo") else "Undo" for n in on_bar(window)]
        assert names == order[:len(names)], (width, names)

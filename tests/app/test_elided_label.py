"""The elided label's Copy / Copy all menu."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from notify.app.elided_label import ElidedLabel


def test_the_copy_menu_pops_up_without_a_nested_event_loop(qtbot: QtBot) -> None:
    """Regression: the menu ran ``QMenu.exec``, a nested event loop that waited until it
    closed (the toolbar's Pause menu did so too and hung a test)."""
    label = ElidedLabel(1)
    qtbot.addWidget(label)
    label.set_full_text("A title that is longer than the label is wide " * 5)
    label.resize(200, 40)
    label.show()
    qtbot.waitExposed(label)
    closed_waiting: list[bool] = []

    def close_it() -> None:  # only if the menu still blocked us here
        popup = QApplication.activePopupWidget()
        if popup is not None:
            closed_waiting.append(True)
            popup.close()

    QTimer.singleShot(1500, close_it)
    started = time.monotonic()
    label.contextMenuEvent(QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5),
                                             label.mapToGlobal(QPoint(5, 5))))
    assert time.monotonic() - started < 1.0 and not closed_waiting
    menu = label.findChild(QMenu, "elided-label-menu")
    assert menu is not None
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    actions = {action.text(): action for action in menu.actions()}
    assert not actions["Copy"].isEnabled()  # nothing selected
    actions["Copy all"].trigger()
    assert QGuiApplication.clipboard().text() == label.full_text
    menu.close()
    qtbot.waitUntil(lambda: label.findChild(QMenu, "elided-label-menu") is None, timeout=2000)


def test_each_line_of_the_text_starts_a_line_and_the_last_shown_is_elided(
        qtbot: QtBot) -> None:
    label = ElidedLabel(3)
    qtbot.addWidget(label)
    label.resize(300, 80)
    label.show()
    label.set_full_text("First line.\nSecond line.")
    assert label.text() == "First line.\nSecond line." and not label.elided
    label.set_full_text("One.\nTwo.\nThree.\nFour.")  # more lines: the last shown has all
    assert label.text() == "One.\nTwo.\nThree. Four." and not label.elided
    long = "A sentence long enough to need more than one line of this label. "
    label.set_full_text(f"One.\nTwo.\n{long}\n{long}")  # more lines than it shows
    assert label.text().split("\n")[:2] == ["One.", "Two."] and label.elided
    assert label.text().split("\n")[2].startswith("A sentence") and label.text().endswith("…")
    assert "One. Two. A sentence" in label.toolTip()  # the whole text
    label.clear()
    assert label.full_text == label.text() == "" and not label.elided

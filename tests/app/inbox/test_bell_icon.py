"""The bell on a notified row reads on a light and on a dark list, and on the selected row
(regression: the app's blue bell on the selection's blue was 1.1:1, all but invisible)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from pytestqt.qtbot import QtBot

from notify.app.contrast import contrast
from notify.app.inbox.bell_icon import bell_icon
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from tests.app.conftest import dark_palette


def drawn_colours(icon: QIcon, mode: QIcon.Mode) -> set[str]:
    image = icon.pixmap(32, 32, mode).toImage()
    return {image.pixelColor(x, y).name() for x in range(32) for y in range(32)
            if image.pixelColor(x, y).alpha() == 255}


def test_the_bell_reads_on_the_list_and_on_the_selected_row(qtbot: QtBot, qapp: Any) -> None:
    light = QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Highlight, QColor("#308cc6"))
    light.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    for palette in (light, dark_palette()):
        icon = bell_icon(palette)
        (normal,) = drawn_colours(icon, QIcon.Mode.Normal)
        assert contrast(QColor(normal), palette.color(QPalette.ColorRole.Base)) >= 3.0, normal
        (selected,) = drawn_colours(icon, QIcon.Mode.Selected)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        assert contrast(QColor(selected), highlight) >= 3.0, selected
        assert selected == palette.color(QPalette.ColorRole.HighlightedText).name()


def test_a_notified_row_of_the_inbox_carries_the_readable_bell(
        qtbot: QtBot, dark_theme: Any, small_db: Path) -> None:
    reader = Reader(small_db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.model.rowCount() > 0)
        notified = next(r for r in range(window.model.rowCount())
                        if window.model.row_at(window.model.index(r, 0)).notified_at)
        icon = window.model.index(notified, 0).data(Qt.ItemDataRole.DecorationRole)
        palette = window.view.palette()
        for mode, role in ((QIcon.Mode.Normal, QPalette.ColorRole.Base),
                           (QIcon.Mode.Selected, QPalette.ColorRole.Highlight)):
            colours = drawn_colours(icon, mode)
            assert colours and all(
                contrast(QColor(c), palette.color(role)) >= 3.0 for c in colours), (mode, colours)
    finally:
        reader.close()

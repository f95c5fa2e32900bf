"""An error under its field reads on the theme in use: light, dark, or switched while open."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from notify.app.contrast import READABLE, contrast
from notify.app.settings.field_error import FieldError
from tests.app.conftest import dark_palette


def a_field_with_its_error(qtbot: QtBot) -> tuple[QWidget, FieldError]:
    page = QWidget()
    layout = QVBoxLayout(page)
    field = QLineEdit()
    field.setObjectName("address")
    error = FieldError(field)
    layout.addWidget(field)
    layout.addWidget(error)
    qtbot.addWidget(page)
    page.show()
    error.show_error("“htp:/bad” is not a web address: type one starting with https://.")
    return page, error


def readable(error: FieldError) -> float:
    palette = error.palette()
    return contrast(palette.color(QPalette.ColorRole.WindowText),
                    palette.color(QPalette.ColorRole.Window))


def test_an_error_reads_on_a_light_theme(qtbot: QtBot) -> None:
    _page, error = a_field_with_its_error(qtbot)
    assert readable(error) >= READABLE
    assert error.colour().name() in error.field.styleSheet()  # the field's mark, same red


def test_an_error_reads_on_a_dark_theme(qtbot: QtBot, dark_theme: Any) -> None:
    """Regression: the dark red (#c62828) was 2.2:1 on a dark window, hard to read."""
    _page, error = a_field_with_its_error(qtbot)
    assert readable(error) >= READABLE
    assert error.colour().name() in error.field.styleSheet()


def test_the_error_follows_a_theme_switched_while_it_shows(qtbot: QtBot, qapp: Any) -> None:
    _page, error = a_field_with_its_error(qtbot)
    light = error.colour()
    before = qapp.palette()
    QApplication.setPalette(dark_palette())
    try:
        qtbot.waitUntil(lambda: error.colour() != light)
        assert readable(error) >= READABLE
        assert error.colour().name() in error.field.styleSheet()
    finally:
        QApplication.setPalette(before)
    qtbot.waitUntil(lambda: error.colour() == light)

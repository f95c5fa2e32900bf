"""An error said where it is: under the field it is about, the field marked and focused.

``FieldError(field)`` is a label the page puts right under ``field`` (hidden until needed).
``show_error(message)`` writes the message there, marks the field (a red frame; screen readers
get the message as its description), gives it the keyboard and selects what was typed, so the
person can type it again at once; editing the field takes the mark away (``clear``).

The red is the one of two that reads on the window's background (a dark red on a light theme,
a light red on a dark one), picked again when the theme changes while the page is open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit, QWidget

from notify.app.contrast import most_readable
from notify.app.untrusted_text import no_bidi_controls

ERROR_REDS = ("#c62828", "#ff8a80")  # on a light background, on a dark one (both over 4.5:1)


def error_colour(background: QColor) -> QColor:
    """The red an error is written in on ``background``."""
    return most_readable((QColor(c) for c in ERROR_REDS), background)


class FieldError(QLabel):
    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"error-{field.objectName()}" if field.objectName() else "error")
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.setWordWrap(True)
        self._description = field.accessibleDescription()
        self.marked = False
        self._follow_theme()
        self.hide()
        if isinstance(field, QLineEdit):
            field.textEdited.connect(lambda _text: self.clear_error())

    def show_error(self, message: str, *, focus: bool = True) -> None:
        """Say ``message`` under the field and mark it (``message`` empty: only mark it, the
        sentence being said under another field); ``focus``: give it the keyboard, with what
        was typed selected."""
        text = no_bidi_controls(message)
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
        self.marked = True
        self._mark_field()
        if text:
            self.field.setAccessibleDescription(text)
        if focus:
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(self.field, QLineEdit | QAbstractSpinBox):
                self.field.selectAll()

    def clear_error(self) -> None:
        if not self.marked:
            return
        self.marked = False
        self.clear()
        self.hide()
        self.field.setStyleSheet("")
        self.field.setAccessibleDescription(self._description)

    def colour(self) -> QColor:
        """The red the message is written in now."""
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _mark_field(self) -> None:
        self.field.setStyleSheet(f"{type(self.field).__name__} {{ border: 1px solid "
                                 f"{self.colour().name()}; border-radius: 2px; padding: 2px; }}")

    def _follow_theme(self) -> None:
        """The red that reads on the background the label has now (it changes with the
        theme); the field's mark in the same red."""
        palette = self.palette()
        red = error_colour(palette.color(QPalette.ColorRole.Window))
        if palette.color(QPalette.ColorRole.WindowText) == red:
            return  # also ends the change event that setting it sends
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.WindowText, red)
        self.setPalette(palette)
        if self.marked:
            self._mark_field()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_theme()
        super().changeEvent(event)

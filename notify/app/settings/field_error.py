"""An error said where it is: under the field it is about, the field marked and focused.

``FieldError(field)`` is a label the page puts right under ``field`` (hidden until needed).
``show_error(message)`` writes the message there, marks the field (a red frame; screen readers
get the message as its description), gives it the keyboard and selects what was typed, so the
person can type it again at once; editing the field takes the mark away (``clear``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit, QWidget

from notify.app.untrusted_text import no_bidi_controls

ERROR_COLOUR = "#c62828"  # readable on light and dark backgrounds; the tray's red is brighter
_MARK = f"border: 1px solid {ERROR_COLOUR}; border-radius: 2px; padding: 2px;"


class FieldError(QLabel):
    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"error-{field.objectName()}" if field.objectName() else "error")
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.setWordWrap(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
        self.setPalette(palette)
        self._description = field.accessibleDescription()
        self.marked = False
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
        self.field.setStyleSheet(f"{type(self.field).__name__} {{ {_MARK} }}")
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

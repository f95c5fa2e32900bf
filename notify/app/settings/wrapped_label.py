"""``WrappedLabel``: a word-wrapped text that is never cut mid-line.

A word-wrapped ``QLabel`` tells its layout the height of its text at a width of Qt's guessing;
a page squeezed into a short window (or given the least height a scroll area gives a page) cut
the text mid-line. This label's least height is the height its text needs at the width it has
(set again when its width changes, narrower or wider), so that the page scrolls instead."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrappedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        # its height never depends on its height: set once per width, no loop. A QLabel's
        # height for a width is at least its least height: that is cleared first, or a label
        # made narrow then wide kept the narrow width's height
        self.setMinimumHeight(0)
        self.setMinimumHeight(max(self.heightForWidth(width), 0) if width > 0 else 0)

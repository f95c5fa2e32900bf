"""One row of the Why panel: a feature's bar, its words, and its correction ("Not interested
any more", "Less of this"). The button sits beside the words when they fit there on one line,
else below them: at 14 pt, beside the wide "Not interested any more", the words wrapped into
4-line strips ("you said / you're / interested / in “rust”") and their least width made the
item pane, and so the window, wider than the list could spare."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QStyle, QWidget

WORDS_LEAST_CHARS = 8  # the words' least room beside the bar (they wrap)


class FeatureRow(QWidget):
    def __init__(self, bar: QWidget, words: QLabel, button: QPushButton | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar, self.words, self.button = bar, words, button
        self.beside = False  # the button beside the words (True) or below them
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(bar, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(words, 0, 1)
        grid.setColumnStretch(1, 1)
        self._grid = grid
        if button is not None:
            self._place(beside=False)

    def _spacing(self) -> int:
        spacing = self._grid.horizontalSpacing()
        if spacing < 0:
            spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        return max(spacing, 0)

    def fits_beside(self, width: int) -> bool:
        """Whether the words fit on one line beside the bar and the button at ``width``."""
        if self.button is None:
            return False
        words = self.words.fontMetrics().horizontalAdvance(self.words.text()) + 4
        need = (self.bar.sizeHint().width() + words + self.button.sizeHint().width()
                + 2 * self._spacing())
        return width >= need

    def _place(self, *, beside: bool) -> None:
        button = self.button
        assert button is not None
        self._grid.removeWidget(button)
        if beside:
            self._grid.addWidget(button, 0, 2, Qt.AlignmentFlag.AlignTop)
        else:
            # from under the bar: in a narrow pane the button's width is the row's least
            self._grid.addWidget(button, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        self.beside = beside

    def minimumSizeHint(self) -> QSize:
        """The least width with the button below the words: the wider of the bar and a few
        words, and the button."""
        words = (self.bar.sizeHint().width() + self._spacing()
                 + WORDS_LEAST_CHARS * self.words.fontMetrics().averageCharWidth())
        below = self.button.sizeHint().width() if self.button is not None else 0
        return QSize(max(words, below), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.button is not None:
            beside = self.fits_beside(event.size().width())
            if beside != self.beside:
                self._place(beside=beside)

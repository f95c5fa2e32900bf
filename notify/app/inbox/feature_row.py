"""One row of the Why panel: a feature's bar, its words, and its correction ("Not interested
any more", "Less of this"). The button sits beside the words when they fit there on one line,
else below them: at 14 pt, beside the wide "Not interested any more", the words wrapped into
4-line strips ("you said / you're / interested / in “rust”") and their least width made the
item pane, and so the window, wider than the list could spare.

The rows of one panel are placed alike (``RowGroup``): beside when every row's words fit,
else all below. Each row deciding alone put the short "media" row's button beside it and the
"journalism" row's below it, at the left edge right over the "technology" row: it read as
technology's. A button below its words is indented under them (not under the bar), so it
belongs to the row above it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QStyle, QWidget

WORDS_LEAST_CHARS = 8  # the words' least room beside the bar (they wrap)


class RowGroup:
    """The rows of one Why panel, placed alike: their buttons all beside their words, or all
    below them."""

    def __init__(self) -> None:
        self.rows: list[FeatureRow] = []

    def beside(self, width: int) -> bool:
        """Whether every row's words fit on one line beside its bar and button at ``width``
        (the rows of a panel are as wide as each other)."""
        with_button = [row for row in self.rows if row.button is not None]
        return bool(with_button) and all(row.fits_beside(width) for row in with_button)

    def place(self, width: int) -> None:
        beside = self.beside(width)
        for row in self.rows:
            if row.button is not None and row.beside != beside:
                row._place(beside=beside)


class FeatureRow(QWidget):
    def __init__(self, bar: QWidget, words: QLabel, button: QPushButton | None,
                 parent: QWidget | None = None, group: RowGroup | None = None) -> None:
        super().__init__(parent)
        self.bar, self.words, self.button = bar, words, button
        self.beside = False  # the button beside the words (True) or below them
        self.group = group if group is not None else RowGroup()  # alone: a group of one
        self.group.rows.append(self)
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
            # under the words, not the bar: the button is this row's, not the next one's
            self._grid.addWidget(button, 1, 1, Qt.AlignmentFlag.AlignLeft)
        self.beside = beside

    def minimumSizeHint(self) -> QSize:
        """The least width with the button below the words: the bar, then the wider of a few
        words and the button."""
        words = WORDS_LEAST_CHARS * self.words.fontMetrics().averageCharWidth()
        below = self.button.sizeHint().width() if self.button is not None else 0
        return QSize(self.bar.sizeHint().width() + self._spacing() + max(words, below),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.button is not None:
            self.group.place(event.size().width())

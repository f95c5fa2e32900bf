"""``SideBySide``: columns, each a heading over its widget, side by side when the page is wide
enough for each to hold ``chars`` characters, else one above the other.

Settings → Profile's More of and Less of: side by side in a window 480 px wide at 14 pt, each
list had about 200 px and its rows ("the word “rust” in source “LWN”  +6.3 (strong)") were
cut to a few letters each side of "…". Stacked, each has the page's width (the page scrolls);
in a wide window they sit side by side again. The arrangement follows the widget's own width
(its resize, a change of font); stacking only makes the page taller, so it never flips back
and forth (a scroll bar appearing takes width: it stays stacked)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


class SideBySide(QWidget):
    def __init__(self, columns: Sequence[tuple[QWidget, QWidget]], chars: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)  # (heading, body) each
        self.chars = chars  # the least width of a column, in average characters
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.side_by_side: bool | None = None  # None: not placed yet
        self._place(True)

    def least_width(self) -> int:
        """The width under which the columns go one above the other."""
        spacing = max(0, self.grid.horizontalSpacing())
        n = len(self.columns)
        return n * self.chars * self.fontMetrics().averageCharWidth() + (n - 1) * spacing

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(event.size().width() >= self.least_width())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._place(self.width() >= self.least_width())

    def _place(self, side_by_side: bool) -> None:
        if side_by_side == self.side_by_side:
            return
        self.side_by_side = side_by_side
        grid = self.grid
        for heading, body in self.columns:
            grid.removeWidget(heading)
            grid.removeWidget(body)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        for index, (heading, body) in enumerate(self.columns):
            if side_by_side:
                grid.addWidget(heading, 0, index, Qt.AlignmentFlag.AlignBottom)
                grid.addWidget(body, 1, index)
                grid.setColumnStretch(index, 1)
                grid.setRowStretch(1, 1)
            else:
                grid.addWidget(heading, 2 * index, 0)
                grid.addWidget(body, 2 * index + 1, 0)
                grid.setRowStretch(2 * index + 1, 1)
        grid.setColumnStretch(0, 1)

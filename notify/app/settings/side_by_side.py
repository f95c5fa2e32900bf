"""``SideBySide``: columns of sections, each a heading over its widget, side by side when the
page is wide enough for each column to hold ``chars`` characters, else every section one above
the other, in order.

Settings → Profile's More of on the left, Less of over Not a reason on its own on the right:
side by side in a window 480 px wide at 14 pt, each list had about 200 px and its rows ("the
word “rust” in source “LWN”  +6.3 (strong)") were cut to a few letters each side of "…".
Stacked, each has the page's width (the page scrolls); in a wide window they sit side by side
again, a column of one section as tall as its neighbour's sections together. The arrangement
follows the widget's own width (its resize, a change of font); stacking only makes the page
taller, so it never flips back and forth (a scroll bar appearing takes width: it stays
stacked)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

Section = tuple[QWidget, QWidget]  # (heading, body)


class SideBySide(QWidget):
    def __init__(self, columns: Sequence[Sequence[Section]], chars: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(tuple(column) for column in columns)  # sections, top to bottom
        self.chars = chars  # the least width of a column, in average characters
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.side_by_side: bool | None = None  # None: not placed yet
        self._stacks: list[QVBoxLayout] = []
        self._place(True)

    def least_width(self) -> int:
        """The width under which the sections go one above the other."""
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
        for stack in self._stacks:  # the columns' own layouts, side by side
            while stack.count():
                stack.takeAt(0)
            grid.removeItem(stack)
            stack.deleteLater()
        self._stacks = []
        for column in self.columns:
            for heading, body in column:
                grid.removeWidget(heading)
                grid.removeWidget(body)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        for index in range(grid.columnCount()):
            grid.setColumnStretch(index, 0)
        if side_by_side:
            # the first headings in one row, at their bottom, so that the lists' tops align;
            # under each, its column's sections one above the other in a layout of their own
            # (spanning rows of the grid, a tall list beside them spread its height over the
            # headings between them)
            for index, column in enumerate(self.columns):
                grid.addWidget(column[0][0], 0, index, Qt.AlignmentFlag.AlignBottom)
                stack = QVBoxLayout()
                stack.setContentsMargins(0, 0, 0, 0)
                for k, (heading, body) in enumerate(column):
                    if k:
                        stack.addWidget(heading)
                    stack.addWidget(body, 1)
                grid.addLayout(stack, 1, index)
                self._stacks.append(stack)
                grid.setColumnStretch(index, 1)
            grid.setRowStretch(1, 1)
        else:
            sections = [section for column in self.columns for section in column]
            for k, (heading, body) in enumerate(sections):
                grid.addWidget(heading, 2 * k, 0)
                grid.addWidget(body, 2 * k + 1, 0)
                grid.setRowStretch(2 * k + 1, 1)
        grid.setColumnStretch(0, 1)

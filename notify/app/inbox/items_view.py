"""The inbox's list of items: a table whose Home and End go to the first and the last item.

A ``QTableView`` moves Home and End along the row, to its first and last column (Ctrl+Home to
the first row): in a list of items, where a row is one item and the columns are its parts,
Home did nothing a person could see. Here Home goes to the first item and End to the last one
loaded; the next page is then loaded, as scrolling to the bottom does, so End again goes
further.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

CursorAction = QAbstractItemView.CursorAction


class ItemsView(QTableView):
    def moveCursor(self, cursorAction: CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        model = self.model()
        if model is not None and cursorAction in (CursorAction.MoveHome,
                                                  CursorAction.MoveEnd):
            rows = model.rowCount()
            if rows:
                column = max(self.currentIndex().column(), 0)
                row = 0 if cursorAction is CursorAction.MoveHome else rows - 1
                if (cursorAction is CursorAction.MoveEnd
                        and model.canFetchMore(QModelIndex())):
                    model.fetchMore(QModelIndex())  # the next page, for End again
                return model.index(row, column)
        return super().moveCursor(cursorAction, modifiers)

"""The inbox list's rows, as its model holds them: plain tuples (``tuple(query.Row)``: the
garbage collector untracks tuples of plain values, so 100,000 loaded rows do not lengthen its
full passes, each one a GUI stall), by position and by item id; their cells as ``row_cells.py``
says them; appended, removed and renamed in place with the Qt model's signals. ``model.py``'s
``InboxModel`` loads, reloads and changes them."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from notify.app.inbox import query
from notify.app.inbox.row_cells import COL_SOURCE, COL_TIME, RowCells, column_titles
from notify.app.qtcompat import emit

Index = QModelIndex | QPersistentModelIndex
ID = query.Row._fields.index("id")
SOURCE_ID = query.Row._fields.index("source_id")
SOURCE_NAME = query.Row._fields.index("source_name")


def key_of(row: tuple[Any, ...]) -> tuple[float, int]:
    """A row's (sort time, id): where it sorts, and which item it is."""
    return (row[query.SORT_TIME_FIELD], row[ID])


class RowTable(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, ...]] = []
        self._pos: dict[int, int] = {}  # item id: its row
        self._cells = RowCells()  # what a row's cells show (row_cells.py)

    # ----- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_titles()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self._cells.value(query.Row._make(self._rows[index.row()]), index.column(), role)

    def _append(self, rows: list[tuple[Any, ...]]) -> None:
        """``rows`` (plain tuples, in order, below the loaded ones) appended, but those
        already listed (arrived meanwhile)."""
        ids = list(map(itemgetter(ID), rows))
        if not self._pos.keys().isdisjoint(ids):
            rows = [r for r in rows if r[ID] not in self._pos]
            ids = list(map(itemgetter(ID), rows))
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._pos.update(zip(ids, range(start, start + len(rows)), strict=True))
            self._rows += rows
            self.endInsertRows()

    def _remove(self, ids: list[int]) -> None:
        places = sorted({self._pos[i] for i in ids if i in self._pos}, reverse=True)
        runs: list[list[int]] = []  # [last, first] of each run of adjacent rows, bottom first
        for at in places:
            if runs and runs[-1][1] == at + 1:
                runs[-1][1] = at
            else:
                runs.append([at, at])
        for last, first in runs:  # from the bottom: the places above stay valid
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first:last + 1]
            self.endRemoveRows()
        if places:
            self._pos = {r[ID]: i for i, r in enumerate(self._rows)}

    def source_ids(self) -> set[int]:
        """The sources of the loaded rows."""
        return {r[SOURCE_ID] for r in self._rows}

    def ids_of_sources(self, source_ids: set[int]) -> list[int]:
        """The loaded rows' items from these sources."""
        return [r[ID] for r in self._rows if r[SOURCE_ID] in source_ids]

    def sources_renamed(self, names: dict[int, str]) -> None:
        """Sources' names as listed now (id → name): rows that say another name say this one."""
        changed: list[int] = []
        for at, r in enumerate(self._rows):
            name = names.get(r[SOURCE_ID])
            if name is not None and r[SOURCE_NAME] != name:
                self._rows[at] = (*r[:SOURCE_NAME], name, *r[SOURCE_NAME + 1:])
                changed.append(at)
        if changed:
            emit(self.dataChanged, self.index(changed[0], COL_SOURCE),
                 self.index(changed[-1], COL_SOURCE))

    def times_passed(self) -> None:
        """The clock moved on: "0 min ago" said a minute ago is wrong now. The When column
        is drawn again (the view asks only its visible rows)."""
        if self._rows:
            emit(self.dataChanged, self.index(0, COL_TIME),
                 self.index(len(self._rows) - 1, COL_TIME), [Qt.ItemDataRole.DisplayRole])


    # ----- helpers for the window
    def row_at(self, index: Index) -> query.Row | None:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return query.Row._make(self._rows[index.row()])

    def row_of(self, item_id: int) -> int | None:
        return self._pos.get(item_id)

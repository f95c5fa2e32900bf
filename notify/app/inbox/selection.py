"""Where the inbox's selection is: moving it (``step``: j/k, like and dismiss going on to the
next item; ``show_item``: a notification's item), and keeping it across a reload of the list
(a filter or search changed, items arrived): the item the pane shows stays selected, at the
same height in the list as before when it was on screen; when the new list does not have it,
the item now in its place is selected (the model works out which: ``InboxModel.keep_item``).
The row the list is about to lose while current (unsaved in Saved) is held until the selection
moves off it (``InboxModel.hold_current``).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableView

from notify.app.inbox.model import InboxModel
from notify.app.inbox.pane import ItemPane
from notify.app.qtcompat import emit

MORE_BEFORE_END = 5  # stepping this near the last loaded row loads the next page


class ListSelection(QObject):
    """The current row of ``view`` (a list of ``model``) and the item ``pane`` shows."""

    lost = Signal()  # a reload left the item shown nowhere: no row to select

    def __init__(self, model: InboxModel, view: QTableView, pane: ItemPane,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = view
        self.pane = pane
        self._kept_offset: int | None = None  # its row's distance from the list's top row
        self.reselecting = False  # selecting again the item shown, after a reload
        # a reload of the list keeps the item the pane shows, selected where it was on screen
        model.keep_item(self._shown_key)
        # a row that leaves its view (unsaved in Saved) stays while current (model.py)
        model.hold_current(self.current_id)
        model.modelAboutToBeReset.connect(self._before_reload)
        model.settled.connect(self._reloaded)

    def select(self, index: QModelIndex) -> None:
        """Make ``index``'s row the current and only selected one."""
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def current_id(self) -> int | None:
        row = self.model.row_at(self.view.currentIndex())
        return row.id if row is not None else None

    def step(self, step: int) -> None:
        """``step`` rows down (up when negative), within the list; the next page is loaded as
        the selection nears the last loaded row."""
        current = self.view.currentIndex()
        row = (current.row() + step) if current.isValid() else 0
        if 0 <= row < self.model.rowCount():
            self.select(self.model.index(row, 0))
            if (row >= self.model.rowCount() - MORE_BEFORE_END
                    and self.model.canFetchMore(QModelIndex())):
                self.model.fetchMore(QModelIndex())

    def show_item(self, item_id: int) -> None:
        """Select an item the list has (e.g. after a click on its notification)."""
        row = self.model.row_of(item_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.scrollTo(self.model.index(row, 0))

    def _shown_key(self) -> tuple[float, int] | None:
        """The (sort time, id) of the item the pane shows: what a reload keeps."""
        item = self.pane.item
        return (item.sort_time, item.id) if item is not None else None

    def _before_reload(self) -> None:
        """The list is about to be emptied and read again: remember how far below the top
        visible row the selected one was, to show it there again."""
        current = self.view.currentIndex()
        top = self.view.rowAt(0)
        bottom = self.view.rowAt(self.view.viewport().height() - 1)
        bottom = self.model.rowCount() - 1 if bottom < 0 else bottom
        visible = current.isValid() and 0 <= top <= current.row() <= bottom
        self._kept_offset = current.row() - top if visible else None

    def _reloaded(self, row: int) -> None:
        """The reloaded list has the item shown at ``row``, or there the item that now stands
        where it was: selected (the pane follows), at the same height on
        screen as before when it was on screen. No row: ``lost`` (the pane is emptied too)."""
        offset, self._kept_offset = self._kept_offset, None
        if row < 0:
            if self.pane.item is not None:
                emit(self.lost)
            return
        index = self.model.index(row, 0)
        self.reselecting = True
        try:
            self.select(index)
        finally:
            self.reselecting = False
        if offset is not None:
            self.view.scrollTo(self.model.index(max(row - offset, 0), 0),
                               QAbstractItemView.ScrollHint.PositionAtTop)
        self.view.scrollTo(index)  # (on screen whatever happened)


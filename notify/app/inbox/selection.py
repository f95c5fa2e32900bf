"""Where the inbox's selection is: moving it (``step``: j/k, like and dismiss going on to the
next item; ``go_to``: an item, loaded first when the list has not loaded it yet: a
notification's item, ``jump.py``), and keeping it across a reload of the list
(a filter or search changed, items arrived): the item the pane shows stays selected, at the
same height in the list as before when it was on screen, except that a list that showed its
top shows its top again when the item is on screen there (a search cleared left the newest
items scrolled out above, unseen); when the new list does not have it,
the item now in its place is selected (the model works out which: ``InboxModel.keep_item``).
The row the list is about to lose while current (unsaved in Saved) is held until the selection
moves off it (``InboxModel.hold_current``). While ``go_to`` waits for its item, a reload keeps
that item, not the one shown; the person moving the selection meanwhile (j/k, a click, Ctrl+Z)
gives it up (``moved``): the item is not selected when it comes, no more pages are loaded for
it, and the person keeps their place.
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
    arrived = Signal(int)  # the item ``go_to`` went to is selected (its id)
    missed = Signal(int)  # the list, loaded past where it sorts, does not have it (its id)
    # the current row moved, not by ``go_to``, ``place`` nor a reload: the person's move (j/k,
    # a click, …); a ``go_to`` on its way is given up
    moved = Signal()

    def __init__(self, model: InboxModel, view: QTableView, pane: ItemPane,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = view
        self.pane = pane
        self._kept_offset: int | None = None  # its row's distance from the list's top row
        self._was_at_top = False  # the list showed its first row before the reload
        self.reselecting = False  # selecting again the item shown, after a reload
        self._placing = False  # selecting a row the list chose (``place``, ``go_to``'s item)
        self._target: tuple[float, int] | None = None  # (sort time, id) ``go_to`` waits for
        # a reload of the list keeps the item the pane shows, selected where it was on screen
        model.keep_item(self._shown_key)
        # a row that leaves its view (unsaved in Saved) stays while current (model.py)
        model.hold_current(self.current_id)
        model.modelAboutToBeReset.connect(self._before_reload)
        model.settled.connect(self._reloaded)
        view.selectionModel().currentRowChanged.connect(self._current_moved)

    def select(self, index: QModelIndex) -> None:
        """Make ``index``'s row the current and only selected one."""
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def place(self, index: QModelIndex) -> None:
        """Select ``index``'s row as the list's own choice (its first row once loaded), not
        the person's: a ``go_to`` on its way goes on."""
        self._placing = True
        try:
            self.select(index)
        finally:
            self._placing = False

    def give_up(self) -> None:
        """The item ``go_to`` waits for is no longer gone to: not selected when it comes, and
        no more pages loaded for it (a reload on its way keeps the item shown instead)."""
        target, self._target = self._target, None
        if target is not None:
            self.model.give_up(target)

    def _current_moved(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if self._placing or self.reselecting:
            return
        self.give_up()
        emit(self.moved)

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

    def go_to(self, key: tuple[float, int]) -> None:
        """Select the item whose (sort time, id) is ``key``, in the list as it shows: at once
        when its row is loaded, else once the pages down to it are (read on the reader
        thread: the GUI thread never waits); ``arrived`` then, or ``missed`` when the list
        does not have it. A reload meanwhile (the view changed) goes for it too."""
        self._target = key
        row = self.model.row_of(key[1])
        if row is not None and not self.model.settling:
            self._arrive(row)
        else:
            self.model.load_until(key)

    @property
    def going_to(self) -> int | None:
        """The id of the item ``go_to`` waits for, if any."""
        return self._target[1] if self._target is not None else None

    def _arrive(self, row: int) -> None:
        target, self._target = self._target, None
        index = self.model.index(row, 0)
        self.place(index)
        if not self.view.viewport().rect().contains(self.view.visualRect(index)):
            # off screen: brought to the middle, with the items around it (not at an edge)
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        if target is not None:
            emit(self.arrived, target[1])

    def _shown_key(self) -> tuple[float, int] | None:
        """The (sort time, id) of the item a reload keeps: the one ``go_to`` waits for, else
        the one the pane shows."""
        if self._target is not None:
            return self._target
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
        self._was_at_top = top == 0

    def _reloaded(self, row: int) -> None:
        """The reloaded list has the item shown at ``row``, or there the item that now stands
        where it was: selected (the pane follows), at the same height on
        screen as before when it was on screen. No row: ``lost`` (the pane is emptied too)."""
        offset, self._kept_offset = self._kept_offset, None
        target = self._target
        if target is not None and row >= 0 and self.model.row_of(target[1]) == row:
            self._arrive(row)  # (on screen, not where the item shown before was)
            return
        if target is not None:  # not in the list as it shows: where it would be, selected
            self._target = None
            emit(self.missed, target[1])
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
            # a list that showed its top shows its top again when the item is on screen there
            # (a search cleared: the newest items were scrolled out above, unseen, under a
            # scroll bar that looked at the top); else the item at the same height
            top = 0 if self._was_at_top and self._on_first_screen(row) else max(row - offset, 0)
            self.view.scrollTo(self.model.index(top, 0),
                               QAbstractItemView.ScrollHint.PositionAtTop)
        self.view.scrollTo(index)  # (on screen whatever happened)

    def _on_first_screen(self, row: int) -> bool:
        """Whether ``row`` is wholly on screen with the list scrolled to its top."""
        header = self.view.verticalHeader()
        return (header.sectionPosition(row) + header.sectionSize(row)
                <= self.view.viewport().height())


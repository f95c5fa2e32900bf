"""Items deleted under the open inbox leave it at once: a source removed (in Settings, or with
``notify sources remove`` in a terminal) deletes its items, and its rows must not stay listed,
selectable, with actions that then fail.

The app's own engine says a source changed (``SourcesChanged``: removed, renamed, disabled,
polled); another process's removal shows at the window's next look for outside changes
(``outside_changes.py``). Either way one query on the reader thread says which of the listed
rows' sources are still stored, with their names, and whether the current item is: the rows of
a source that is gone leave the list, the current one too (a row that merely left its view stays
while current, ``InboxModel.hold_current``, a deleted one never does), after the selection moved
to the next item still listed (the one below, else the one above), so the pane never shows a
deleted item. A renamed source's rows say its new name. A disabled source's items stay: disabling
stops its polls only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QObject
from PySide6.QtWidgets import QTableView

from notify.app.inbox import query
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader

log = logging.getLogger(__name__)


class DeletedItems(QObject):
    def __init__(self, reader: Reader, model: InboxModel, view: QTableView,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.model = model
        self.view = view

    def sources_changed(self, source_ids: tuple[int, ...] = ()) -> None:
        """These sources changed (none named: any of them): look whether they are still
        stored, and the current item."""
        listed = self.model.source_ids()
        asked = sorted(listed & set(source_ids) if source_ids else listed)
        current = self.model.row_at(self.view.currentIndex())
        if not asked and current is None:
            return
        item_id = current.id if current is not None else None
        self.reader.submit(lambda conn: query.stored(conn, asked, item_id),
                           lambda found: self._got(asked, item_id, found), self._failed,
                           owner=self)

    def _failed(self, message: str) -> None:
        log.warning("could not look whether the inbox lists deleted items: %s", message)

    def _got(self, asked: list[int], item_id: int | None, found: query.Stored) -> None:
        gone = set(asked) - set(found.source_names)
        ids = self.model.ids_of_sources(gone) if gone else []
        if not found.item_stored and item_id is not None:
            ids.append(item_id)
        if ids:
            log.info("%d items left the inbox: their source was removed", len(ids))
            self._move_off(set(ids))
            self.model.drop(ids)
        self.model.sources_renamed(found.source_names)

    def _move_off(self, going: set[int]) -> None:
        """The current row is going: the next row that stays (below, else above) becomes
        current, so the pane follows it at once."""
        current = self.model.row_at(self.view.currentIndex())
        if current is None or current.id not in going:
            return
        at = self.view.currentIndex().row()
        count = self.model.rowCount()
        for row in [*range(at + 1, count), *range(at - 1, -1, -1)]:
            candidate = self.model.row_at(self.model.index(row, 0))
            if candidate is not None and candidate.id not in going:
                self.view.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                return
        # nothing stays: the list empties, and the pane with it (``InboxWindow._rows_left``)
        self.view.selectionModel().clearCurrentIndex()

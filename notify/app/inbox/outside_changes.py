"""Changes another process made to the database while the inbox is open (``notify save ITEM``,
``notify feedback ITEM like``, ``notify sources add`` in a terminal): no engine event says them.

SQLite's ``PRAGMA data_version`` on the reader's own connection changes when any other connection
committed since it last looked: one cheap read on the reader thread, asked only when the person
comes to the inbox (the window becomes active) or when a round ended while the inbox shows, never
on a timer (an idle Notify stays idle). When it changed, ``changed`` is emitted and the window
re-reads what could be stale: the loaded rows (``InboxModel.refresh``: one query, differences
applied in place), the Show menu's sources and groups, what Undo offers and the Why panel.
The app's own engine is another connection too, so its writes count as well: a refresh after a
round re-reads a list that its events had already updated, which costs one query and changes
nothing on screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit

log = logging.getLogger(__name__)


class OutsideChanges(QObject):
    changed = Signal()  # the database changed since the last look (not at the first look)

    def __init__(self, reader: Reader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self._seen: tuple[int, int] | None = None  # (connection, data_version) at the last look
        self._asking = False  # a look is on its way: another one adds nothing

    def check(self) -> None:
        """Look whether another connection wrote since the last look (the first look only sets
        what later ones compare with)."""
        if self._asking:
            return
        self._asking = True
        self.reader.submit(query.data_version, self._got, self._failed, owner=self)

    def _failed(self, message: str) -> None:
        self._asking = False
        log.warning("could not look for changes made by another program: %s", message)

    def _got(self, version: tuple[int, int]) -> None:
        self._asking = False
        seen, self._seen = self._seen, version
        if seen is None:
            return
        if seen[0] != version[0]:  # another connection (the database file opened since)
            log.debug("the inbox's reader reads a new connection: changes looked for again")
        if seen != version:
            emit(self.changed)

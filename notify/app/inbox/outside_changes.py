"""Changes another process made to the database while the inbox is open (``notify save ITEM``,
``notify feedback ITEM like``, ``notify sources add`` in a terminal): no engine event says them.

SQLite's ``PRAGMA data_version`` changes, on a connection, when another connection committed
since that connection last looked. It is asked of the engine's own connection (the app's only
writer, ``Engine.data_version``): there it changes for another process's writes only, never for
the engine's own, which its events already report (asked of the inbox's reader connection, it
changed for every round and every Save made here, and the list was read again for nothing).
Without a running engine (it has not started yet) the reader's connection is asked: no one in
the app writes then. One cheap look, asked only when the person comes to the inbox (the window
becomes active) or when a round ended while the inbox shows, never on a timer (an idle Notify
stays idle). When it changed, ``changed`` is emitted and the window re-reads what could be
stale: the rows of a source removed there (``deleted_items.py``), the loaded rows
(``InboxModel.refresh``: one query, differences applied in place), the Show menu's sources and
groups, what Undo offers and the Why panel.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit

log = logging.getLogger(__name__)

Look = tuple[str, int, int]  # (whose connection: "engine" or "reader", its identity, version)


class OutsideChanges(QObject):
    changed = Signal()  # another process changed the database since the last look

    def __init__(self, reader: Reader, bridge: EngineBridge | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.bridge = bridge
        self._seen: Look | None = None  # at the last look
        self._asking = False  # a look is on its way: another one adds nothing

    def check(self) -> None:
        """Look whether another process wrote since the last look (the first look only sets
        what later ones compare with)."""
        if self._asking:
            return
        self._asking = True
        if self.bridge is not None and self.bridge.running:
            ops.Op(self, _engine_look, self._got).failure(
                lambda err: self._failed(str(err))).run_in_background(self.bridge)
        else:
            self.reader.submit(_reader_look, self._got, self._failed, owner=self)

    def _failed(self, message: str) -> None:
        self._asking = False
        log.warning("could not look for changes made by another program: %s", message)

    def _got(self, look: Look) -> None:
        self._asking = False
        seen, self._seen = self._seen, look
        if seen is None or seen == look:
            return
        if seen[0] != look[0]:
            # the engine started (or stopped): its connection is asked from now on, and the
            # window read everything again as it started
            log.debug("changes by other programs are looked for on the %s's connection",
                      look[0])
            return
        if seen[1] != look[1]:  # another connection (the database file opened since)
            log.debug("the %s's connection is a new one: changes looked for again", look[0])
        emit(self.changed)


def _engine_look(engine: Any) -> Look:
    """On the engine's thread: its connection's ``data_version``."""
    return ("engine", id(engine), int(engine.data_version()))


def _reader_look(conn: Any) -> Look:
    """On the reader's thread: its connection's ``data_version``."""
    identity, version = query.data_version(conn)
    return ("reader", identity, version)

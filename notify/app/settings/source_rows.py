"""The rows of Settings → Sources' list, read on the engine thread: ``read_rows`` (a source,
its health and its default interval), and ``ChangedRows``, which reads the sources changed
close together in one read (a poll round, many saves) and hands the rows to the page, which
gives them to ``source_list.SourceList.update_rows``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QObject, QTimer

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.core.errors import UnknownSourceError
from notify.core.models import Source, SourceState

SourceRow = tuple[Source, SourceState | None, int]
"""A source, its health (None: never polled) and its default interval in seconds."""
READ_ALL_OVER = 100  # more changed sources than this: one read of the whole table is cheaper
READ_DELAY_MS = 50  # changes to sources this close together are read and shown together


def read_rows(engine: Any, source_ids: Collection[int] | None = None
              ) -> tuple[list[SourceRow], list[int]]:
    """On the engine thread: the rows of ``source_ids`` (None: of every source) and which of
    them no longer exist. The default interval is what "Poll every: default" means for the
    source (the settings' default, or its kind's), as the engine schedules it."""
    if source_ids is None or len(source_ids) > READ_ALL_OVER:
        sources = engine.sources()
        if source_ids is not None:
            wanted = set(source_ids)
            sources = [s for s in sources if s.id in wanted]
    else:
        sources = []
        for source_id in source_ids:
            with contextlib.suppress(UnknownSourceError):  # removed meanwhile: gone, below
                sources.append(engine.source(source_id))
    found = {s.id for s in sources}
    gone = [] if source_ids is None else [i for i in source_ids if i not in found]
    return [(s, engine.source_state(s.id), engine.default_interval(s)) for s in sources], gone


class ChangedRows(QObject):
    """The sources changed since the list last read them, read together on the engine thread
    ``READ_DELAY_MS`` after the first change (a poll round, many saves: one read). ``read``
    gets ``(rows, gone, complete)`` (``read_rows``' answer; ``complete``: every source was
    read), ``failed`` the error."""

    def __init__(self, bridge: EngineBridge,
                 read: Callable[[list[SourceRow], list[int], bool], None],
                 failed: Callable[[BaseException], None], parent: QObject) -> None:
        super().__init__(parent)
        self._bridge, self._read, self._failed = bridge, read, failed
        self._ids: set[int] = set()
        self._all = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(READ_DELAY_MS)
        self._timer.timeout.connect(self._read_now)

    def add(self, source_ids: Collection[int] | None) -> None:
        """``source_ids`` changed (None: any source may have)."""
        if source_ids is None:
            self._all = True
        else:
            self._ids.update(source_ids)
        if not self._timer.isActive():
            self._timer.start()

    def _read_now(self) -> None:
        every, ids = self._all, tuple(self._ids)
        self._all, self._ids = False, set()

        def done(got: tuple[list[SourceRow], list[int]]) -> None:
            rows, gone = got
            self._read(rows, gone, every)

        ops.Op(self, lambda engine: read_rows(engine, None if every else ids), done
               ).failure(self._failed).run_in_background(self._bridge)

"""The names of sources and groups Settings → Profile offers while a person types an alert's or
a block's value (a source pin matches the source's name exactly: ``source_names.source_name``,
the name its items carry), read on the engine thread.

Sources change often (added, removed, renamed, a poll round's health). While the page is
hidden, a change only marks the names to be read when it is shown (removing one of 1,000
sources read them all on the engine thread while the Sources page and the inbox ran: a GUI
stall); while it is shown, the changed sources alone are read (up to
``NAMES_READ_ONE_BY_ONE``; more, one read of all)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.core.errors import UnknownSourceError
from notify.core.source_names import source_name

log = logging.getLogger(__name__)
NAMES_READ_ONE_BY_ONE = 50  # sources changed while the page is shown: more, one read of all


class SourceNames(QObject):
    """``names``: per pin kind ("source", "group"), the names to offer, sorted; ``changed``
    when they are different."""

    changed = Signal()

    def __init__(self, bridge: EngineBridge, parent: QObject) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.names: dict[str, list[str]] = {"source": [], "group": []}
        self._by_id: dict[int, tuple[str, str]] = {}  # source id -> (its name, its group)
        self._stale = True  # sources changed since the names were read (or never read)

    def shown(self) -> None:
        """The page is shown: read the names if they may have changed."""
        if self._stale and self._bridge.running:
            self.load()

    def sources_changed(self, event: Any, *, visible: bool) -> None:
        """Sources changed: read the changed ones now if the page is ``visible``, else later."""
        if not visible:
            self._stale = True
            return
        ids = tuple(getattr(event, "source_ids", ()) or ())
        few = not self._stale and 0 < len(ids) <= NAMES_READ_ONE_BY_ONE
        self.load(ids if few else None)

    def load(self, source_ids: tuple[int, ...] | None = None) -> None:
        """Read the name and group of ``source_ids`` (None: of every source) on the engine
        thread."""
        if source_ids is None:
            self._stale = False

        def read(engine: Any) -> tuple[dict[int, tuple[str, str]], list[int]]:
            if source_ids is None:
                sources = engine.sources()
                return {s.id: (source_name(s), s.group) for s in sources}, []
            got: dict[int, tuple[str, str]] = {}
            gone: list[int] = []
            for source_id in source_ids:
                try:
                    s = engine.source(source_id)
                except UnknownSourceError:  # removed
                    gone.append(source_id)
                else:
                    got[s.id] = (source_name(s), s.group)
            return got, gone

        def done(got: tuple[dict[int, tuple[str, str]], list[int]]) -> None:
            read_now, gone = got
            if source_ids is None:
                self._by_id = read_now
            else:
                self._by_id.update(read_now)
                for source_id in gone:
                    self._by_id.pop(source_id, None)
            self._got()

        def failed(err: BaseException) -> None:
            self._stale = True  # read again when next shown
            log.warning("no source names to offer in Settings → Profile: %s", err)

        ops.Op(self, read, done).failure(failed).run_in_background(self._bridge)

    def _got(self) -> None:
        entries = self._by_id.values()
        names = {"source": sorted({name for name, _g in entries}, key=str.lower),
                 "group": sorted({group for _n, group in entries if group}, key=str.lower)}
        if names == self.names:  # a poll round or a source disabled: no new name to offer
            return
        self.names = names
        self.changed.emit()

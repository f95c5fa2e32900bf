"""The sources that fail now, watched from round to round: the tray's tooltip names them, and a
source that keeps failing is said once as a notice (``NoticeBoard.sources_failed``: what failed,
for which source, what to do), until it works again, is removed or the person dismisses it.

A round polls only the sources due, so the failing ones are kept across rounds
(``poll_report.FailingSources``): a source that failed at 14:00 and is not due before 15:00
still fails at 14:30. At start they are read from the store; after a change to the sources (one
removed, re-enabled, given a new address) the store says again which still fail.

A source is said once per run of failures, also across restarts: the run is the source state's
``consecutive_failures`` (a poll that reads the source ends it), and a run that had reached the
point where it is said (``SourceFailure.to_tell``: its second failure, or Notify stopped polling
the source) when the app starts was said before, by this app or by ``notify poll``'s summary. It
is said again only once the source worked and failed anew; no second record of what was said
is kept beside the count (a record in memory only said the same dead feed at every start).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from notify.app import operations as ops
from notify.app.notices import NoticeBoard
from notify.app.poll_report import FailingSources, SourceFailure, failing_sources
from notify.app.qtcompat import emit
from notify.core import events as ev

log = logging.getLogger(__name__)


class FailingWatch(QObject):
    """``changed`` carries the names of the sources failing now, when they changed other than
    by a round (the round's end says them with its result)."""

    changed = Signal(list)

    def __init__(self, bridge: Any, board: NoticeBoard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._board = board
        self._sources = FailingSources()
        # failing since before this start, their run already said: not said again until it ends
        self._said_before: set[int] = set()
        bridge.sourcesChanged.connect(self._sources_changed)

    @property
    def names(self) -> list[str]:
        return self._sources.names

    def read(self, done: Callable[[float | None], None]) -> None:
        """At start: the failing sources as stored, then ``done(last poll time)``."""
        def read(result: tuple[float | None, list[SourceFailure]]) -> None:
            last_poll, failing = result
            known = self._sources.ids  # (a round that ended first knows them better)
            self._sources.seed(failing)
            self._said_before |= {f.source_id for f in failing
                                  if f.to_tell and f.source_id not in known}
            done(last_poll)

        ops.Op(self, lambda engine: (engine.status().last_poll, failing_sources(engine)),
               read).failure(self._not_read).run_in_background(self._bridge)

    def round_finished(self, summary: ev.PollSummary) -> None:
        failed, working = self._sources.update(summary)
        for source_id in working:
            self._said_before.discard(source_id)
            self._board.source_works(source_id)
        self._board.sources_failed([f for f in failed if f.source_id not in self._said_before])

    def _sources_changed(self, event: ev.SourcesChanged) -> None:
        """Only the failing sources the change is about are read again (every round says its
        sources changed: a round of 1,000 sources must not read 1,000 states once more)."""
        tracked = self._sources.ids
        asked = tracked & set(event.source_ids) if event.source_ids else tracked
        if not asked:
            return

        def still_failing(engine: Any) -> set[int]:
            present = {source.id for source in engine.sources()}
            out = set()
            for source_id in asked & present:
                state = engine.source_state(source_id)
                if state.consecutive_failures or state.disabled_reason:
                    out.add(source_id)
            return out

        def read(still: set[int]) -> None:
            gone = (asked - still) & self._sources.ids
            if not gone:
                return
            self._sources.forget(gone)
            self._said_before -= gone
            for source_id in gone:
                self._board.source_works(source_id)
            emit(self.changed, self._sources.names)

        ops.Op(self, still_failing, read).failure(self._not_read).run_in_background(
            self._bridge)

    @staticmethod
    def _not_read(err: BaseException) -> None:
        log.warning("could not read which sources fail: %s", err)


__all__ = ["FailingWatch"]

"""Notices the person must act on ("Poll now failed: …", "No desktop notification service…"):
they stand in the inbox's footer (now, or when the inbox opens) until they no longer hold or
the person dismisses them; a later result or hint does not replace them.

With the inbox not showing, a new notice also pops up, once while it stands: as a desktop
notification of Notify (``Notifier.announce``), else as the tray's message. A Poll now that
failed is one notice, replaced by a newer failure and gone once polling works again. A source
that keeps failing (``poll_report.SourceFailure.to_tell``) is one notice, said once while it
fails (dismissed, it does not come back at its next failure), gone once it works again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from notify.app.notifier import Notifier
from notify.app.poll_report import SourceFailure
from notify.app.qtcompat import emit

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("Shell", text)


class NoticeBoard(QObject):
    """``inbox_showing``: whether the inbox is on screen (it says the notices itself);
    ``balloon``: the tray's message, where a tray shows Notify (False: none). ``changed``
    carries the notices standing, oldest first."""

    changed = Signal(list)

    def __init__(self, notifier: Notifier, inbox_showing: Callable[[], bool],
                 balloon: Callable[[str], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.items: list[str] = []
        self._inbox_showing = inbox_showing
        self._balloon = balloon
        self._poll_failure = ""  # the notice of a Poll now that failed: until a round ends
        self._sources_told: dict[int, str] = {}  # failing source id -> the notice said

    def add(self, text: str) -> None:
        log.warning("%s", text)
        new = text not in self.items
        if new:
            self.items.append(text)
            emit(self.changed, list(self.items))
        if not new or self._inbox_showing():
            return
        if not self.notifier.announce(text):
            self._balloon(text)

    def clear(self, text: str) -> None:
        """``text`` no longer holds: the footer stops saying it."""
        if text and text in self.items:
            self.items.remove(text)
            emit(self.changed, list(self.items))

    def dismissed(self) -> None:
        """The person dismissed the footer's notices."""
        self.items.clear()
        self._poll_failure = ""

    def poll_failed(self, err: BaseException) -> None:
        self.clear(self._poll_failure)  # the newer failure says it
        self._poll_failure = tr("Poll now failed: {0}").format(err)
        self.add(self._poll_failure)

    def polling_works(self) -> None:
        self.clear(self._poll_failure)

    def source_failed(self, failure: SourceFailure) -> None:
        """A round found the source failing: said once it keeps failing, and once only (a
        failure every round is the same news; the footer keeps saying it until it works)."""
        if failure.source_id in self._sources_told or not failure.to_tell:
            return
        text = failure.notice()
        self._sources_told[failure.source_id] = text
        self.add(text)

    def source_works(self, source_id: int) -> None:
        """The source was polled fine again (or is gone): its notice no longer holds."""
        self.clear(self._sources_told.pop(source_id, ""))

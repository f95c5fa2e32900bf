"""Notices the person must act on ("Poll now failed: …", "No desktop notification service…"):
they stand in the inbox's footer (now, or when the inbox opens) until they no longer hold or
the person dismisses them; a later result or hint does not replace them.

With the inbox not showing, a new notice also pops up, once while it stands: as a desktop
notification of Notify (``Notifier.announce``), else as the tray's message. A Poll now that
failed is one notice, replaced by a newer failure and gone once polling works again. A source
that keeps failing (``poll_report.SourceFailure.to_tell``) is one notice, said once while it
fails (dismissed, it does not come back at its next failure), gone once it works again.

A click on the notice of sources that keep failing (the desktop's bubble, or the tray's
message) asks for Settings → Sources with the source selected (``sourcesAsked``: the sources
it names now, the one whose error it quotes first, also from a bubble that said it before a
source joined it or left it); other notices have no click: no place fixes "Poll now failed" or
a missing notification service. A notice that no longer stands (dismissed in the inbox, or no
longer true) has no click left: its bubble is withdrawn, and a click on it, or on the tray's
message that said it, does nothing (once dismissed, the bubble still opened Settings until
another notice came).
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
    carries the notices standing, oldest first; ``sourcesAsked`` the ids of the sources a
    clicked notice named, the first the one to show."""

    changed = Signal(list)
    sourcesAsked = Signal(list)

    def __init__(self, notifier: Notifier, inbox_showing: Callable[[], bool],
                 balloon: Callable[[str], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.items: list[str] = []
        self._inbox_showing = inbox_showing
        self._balloon = balloon
        self._poll_failure = ""  # the notice of a Poll now that failed: until a round ends
        # sources said to be failing (until they work again), and the notice standing for them
        self._sources_told: dict[int, SourceFailure] = {}
        self._sources_in_notice: list[int] = []
        self._sources_notice = ""
        # the sources each notice standing names, for a click on its bubble
        self._named: dict[str, list[int]] = {}
        # the words a bubble may still say for a notice standing in other words now (a source
        # joined the failing sources' notice, or left it): the words it stands in
        self._now_says: dict[str, str] = {}
        self._balloon_text = ""  # the tray's last message, for a click on it
        notifier.noticeClicked.connect(self.clicked)

    def add(self, text: str, sources: list[int] | None = None) -> None:
        """Say ``text``; ``sources``: the sources it is about (a click on it shows them)."""
        log.warning("%s", text)
        new = text not in self.items
        if new:
            self.items.append(text)
            emit(self.changed, list(self.items))
        if sources:
            self._named[text] = list(sources)
        if not new or self._inbox_showing():
            return
        action = tr("Show in Settings") if sources else ""
        if not self.notifier.announce(text, action) and self._balloon(text):
            self._balloon_text = text

    def clicked(self, text: str) -> None:
        """The person clicked the bubble of notice ``text``: the sources it names, if any,
        while it stands."""
        text = self._now_says.get(text, text)
        if text not in self.items:
            log.info("a notice no longer standing was clicked: nothing to show")
            return
        sources = self._named.get(text)
        if sources:
            emit(self.sourcesAsked, list(sources))

    def balloon_clicked(self) -> None:
        """The person clicked the tray's message (the last one shown)."""
        self.clicked(self._balloon_text)

    def clear(self, text: str) -> None:
        """``text`` no longer holds: the footer stops saying it, and its bubble goes."""
        if text and text in self.items:
            self.items.remove(text)
            self._gone(text)
            emit(self.changed, list(self.items))

    def _gone(self, text: str) -> None:
        """The notice ``text`` no longer stands: its bubble (in whatever words it said it) is
        withdrawn, and nothing is left to click."""
        self._named.pop(text, None)
        said = [old for old, now in self._now_says.items() if now == text]
        for old in said:
            del self._now_says[old]
        for words in (text, *said):
            self.notifier.withdraw(words)
        if self._balloon_text in (text, *said):
            self._balloon_text = ""

    def dismissed(self) -> None:
        """The person dismissed the footer's notices."""
        for text in self.items:
            self._gone(text)
        self.items.clear()
        self._poll_failure = ""
        self._sources_notice = ""  # the sources in it stay said: not again while they fail
        self._sources_in_notice = []

    def poll_failed(self, err: BaseException) -> None:
        self.clear(self._poll_failure)  # the newer failure says it
        self._poll_failure = tr("Poll now failed: {0}").format(err)
        self.add(self._poll_failure)

    def polling_works(self) -> None:
        self.clear(self._poll_failure)

    def sources_failed(self, failures: list[SourceFailure]) -> None:
        """A round's failing sources: each said once it keeps failing, and once only (a
        failure every round is the same news). The sources said stand in one notice: one that
        comes to be said while that notice stands joins it, without a bubble of its own (the
        network down fails every source, each when it is due: one bubble, not one each)."""
        tell = [f for f in failures if f.to_tell and f.source_id not in self._sources_told]
        if not tell:
            return
        for failure in tell:
            self._sources_told[failure.source_id] = failure
        if self._sources_notice in self.items:
            self._say_sources([*self._sources_in_notice, *(f.source_id for f in tell)])
            return
        self._sources_in_notice = [f.source_id for f in tell]
        self._sources_notice = failing_notice(tell)
        self.add(self._sources_notice, self._sources_in_notice)

    def source_works(self, source_id: int) -> None:
        """The source was polled fine again (or is gone): the notice no longer names it, and
        goes once it names none."""
        self._sources_told.pop(source_id, None)
        if source_id in self._sources_in_notice:
            self._say_sources([i for i in self._sources_in_notice if i != source_id])

    def _say_sources(self, source_ids: list[int]) -> None:
        """The failing sources' notice, standing, now about ``source_ids`` (none: it goes)."""
        old = self._sources_notice
        self._sources_in_notice = source_ids
        failures = [self._sources_told[i] for i in source_ids if i in self._sources_told]
        self._sources_notice = failing_notice(failures) if failures else ""
        if old not in self.items:
            return
        if self._sources_notice:
            new = self._sources_notice
            self.items[self.items.index(old)] = new
            self._named.pop(old, None)
            self._named[new] = list(source_ids)
            # its bubble, if still shown, says the old words: a click on it shows these
            for said, now in list(self._now_says.items()):
                if now == old:
                    self._now_says[said] = new
            self._now_says[old] = new
            self._now_says.pop(new, None)  # (words said again are no other words)
            emit(self.changed, list(self.items))
        else:
            self.clear(old)


def failing_notice(failures: list[SourceFailure]) -> str:
    """One source: its own notice (``SourceFailure.notice``); several: which, the first one's
    error, and where each one's error is."""
    if len(failures) == 1:
        return failures[0].notice()
    return several_failing(failures)


def several_failing(failures: list[SourceFailure]) -> str:
    """One notice for several sources that keep failing: which, the first one's error, where
    each one's error is."""
    from notify.app.poll_report import named
    from notify.app.untrusted_text import isolated

    first = failures[0]
    # a source Notify stopped polling: the core's reason names it already ("Gone feed is gone:
    # …"), and "Gone feed: Gone feed is gone" said the name twice
    said = first.message.rstrip(".") + "."
    error = said if first.disabled else f"{isolated(first.title, 60)}: {said}"
    return tr("{0} sources keep failing: {1}. {2} Settings → Sources says each one's "
              "error.").format(len(failures), named([f.title for f in failures]), error)

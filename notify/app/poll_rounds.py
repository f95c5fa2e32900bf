"""The rounds as the person sees them: Poll now ("Polling…" in the inbox's footer, then how
many sources are read of how many, then what the round found; a Poll now that failed is a
notice), and each round's end, whoever ran it (the
tray's tooltip says when the last poll ran and what it found, the sources that keep failing are
said once, today's budget is read again, Poll now is enabled again)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from notify.app import operations as ops
from notify.app.actions import AppActions
from notify.app.bridge import EngineBridge
from notify.app.failing_watch import FailingWatch
from notify.app.inbox.budget import BudgetWatch
from notify.app.notices import NoticeBoard
from notify.app.poll_report import round_result, round_sentence
from notify.app.tray import Tray
from notify.core import events as ev

PROGRESS_EVERY_S = 0.2  # the footer's "Polling… 320 of 751 sources" said at most this often


def tr(text: str) -> str:
    return QCoreApplication.translate("Shell", text)


def progress_text(done: int, total: int) -> str:
    return tr("Polling… {0:,} of {1:,} sources").format(done, total)


class PollRounds(QObject):
    """``inbox()``: the inbox window, when it was made (None before)."""

    def __init__(self, bridge: EngineBridge, actions: AppActions, tray: Tray | None,
                 board: NoticeBoard, failing: FailingWatch, budget: BudgetWatch,
                 inbox: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.actions, self.tray = bridge, actions, tray
        self.board, self.failing, self.budget = board, failing, budget
        self._inbox = inbox
        self._asked = False  # a Poll now runs: its progress is said in the footer
        self._said_at = 0.0  # when the progress was said last
        bridge.sourcePolled.connect(self._polled)

    def started(self, _event: ev.PollStarted) -> None:
        self.actions.set_polling(True)
        if self.tray is not None:
            self.tray.set_polling(True)

    def finished(self, event: ev.PollFinished) -> None:
        self.actions.set_polling(False)
        self.budget.read()  # the round's decisions may have used (or exceeded) the budget
        self.board.polling_works()
        self.failing.round_finished(event.summary)  # a source that keeps failing: said once
        if self.tray is not None and not event.summary.reports:
            # a scheduled round with no source due (at the end of quiet hours, for the digest;
            # one with nothing to do at all is not run): it polled nothing, the last poll stands
            self.tray.set_polling(False)
        elif self.tray is not None:
            self.tray.set_poll_status(event.summary.finished, self.failing.names,
                                      round_result(event.summary))

    def poll_now(self) -> None:
        """Every enabled source now, due or not; "Polling…", then what the round found, in the
        inbox's footer (the tray's tooltip says it too, through ``finished``)."""
        self.actions.set_polling(True)
        if self.tray is not None:
            self.tray.set_polling(True)
        inbox = self._inbox()
        if inbox is not None:
            inbox.say(tr("Polling…"))
        self._asked, self._said_at = True, 0.0

        def done(summary: ev.PollSummary) -> None:
            self._asked = False
            self.actions.set_polling(False)
            self.board.polling_works()
            inbox = self._inbox()
            if inbox is not None:
                inbox.say(round_sentence(summary))

        def failed(err: BaseException) -> None:
            self._asked = False
            self.actions.set_polling(False)
            if self.tray is not None:
                self.tray.set_polling(False)
            self.board.poll_failed(err)

        ops.poll_now(self, done).failure(failed).run_in_background(self.bridge)

    def _polled(self, event: ev.SourcePolled) -> None:
        """A source read during Poll now: "Polling… 320 of 751 sources" (a round of hundreds
        said "Polling…" alone for half a minute), at most every ``PROGRESS_EVERY_S``; the
        last one is left to the round's result."""
        now = time.monotonic()
        if not self._asked or event.done >= event.total or now - self._said_at < PROGRESS_EVERY_S:
            return
        inbox = self._inbox()
        if inbox is not None:
            self._said_at = now
            inbox.say(progress_text(event.done, event.total))

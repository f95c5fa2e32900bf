"""Settings → Profile's "Undo last reaction": takes back the newest Like or Dismiss (wherever
it was made: the inbox, a notification, a terminal), as ``notify profile undo`` does. Its tooltip
names the reaction and the item; it is disabled when there is none to undo."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from notify.app import operations as ops
from notify.app.advice_words import said
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.untrusted_text import clipped
from notify.core.errors import NotifyError

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfileUndo", text)


def _last(engine: Any) -> tuple[str, str] | None:
    """On the engine thread: (the reaction, the item's title) Undo would take back."""
    last = engine.ranking().last_reaction()
    if last is None:
        return None
    item_id, label = last
    title = ""
    if item_id is not None:
        try:
            title = engine.item(item_id).title or ""
        except NotifyError:  # the item is gone (its source removed): the reaction still counts
            title = ""
    return str(label), title


def _offer(engine: Any) -> tuple[tuple[str, str] | None, str]:
    """On the engine thread: what Undo would take back, and when none, why the newest reaction
    can no longer be undone ("" when there is none: given before a reset or an import)."""
    last = _last(engine)
    return last, "" if last is not None else engine.ranking().cannot_undo()


class UndoReactionButton(QPushButton):
    """Undo the last reaction; ``message`` says what was undone (or why not)."""

    message = Signal(str)

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(tr("Undo last reaction"), parent)
        self.bridge = bridge
        self.setObjectName("profile-undo")
        self.setAccessibleName(tr("Undo your last reaction"))
        self.setEnabled(False)
        self.last: tuple[str, str] | None = None
        self.clicked.connect(self.undo)

    def refresh(self) -> None:
        """Ask the engine which reaction Undo would take back now."""
        ops.Op(self, _offer, self._got).failure(
            lambda err: log.warning("could not look for a reaction to undo: %s", err)
        ).run_in_background(self.bridge)

    def _got(self, offer: tuple[tuple[str, str] | None, str]) -> None:
        last, why_not = offer
        self.last = last
        self.setEnabled(last is not None)
        if last is None:
            self.setToolTip(why_not or tr("No reaction to undo."))
            return
        label, title = last
        self.setToolTip(tr("Undo your {0} of “{1}”: what it taught is taken back.").format(
            label, clipped(title, 80)) if title else
            tr("Undo your last {0}: what it taught is taken back.").format(label))

    def undo(self) -> None:
        def run(engine: Any) -> tuple[tuple[str, str] | None, Any, str]:
            last = _last(engine)  # the one it takes back, named
            undone = engine.undo_feedback()
            return last, undone, "" if undone is not None else engine.ranking().cannot_undo()

        def done(result: tuple[tuple[str, str] | None, Any, str]) -> None:
            last, undone, why_not = result
            if undone is None or last is None:
                emit(self.message, why_not or tr("No reaction to undo."))
            elif last[1]:
                emit(self.message, tr("Undone: your {0} of “{1}”.").format(
                    last[0], clipped(last[1], 80)))
            else:
                emit(self.message, tr("Undone: {0}.").format(undone.what))
            self.refresh()

        self.setEnabled(False)  # one click, one undo

        def failed(err: BaseException) -> None:
            log.warning("profile: could not undo the last reaction: %s", err)
            emit(self.message, said(err))
            self.refresh()

        ops.Op(self, run, done).failure(failed).run_in_background(self.bridge)

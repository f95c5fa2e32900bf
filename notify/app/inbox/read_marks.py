"""Read and unread in the inbox, as a mail client does: an item shown in the pane for
``READ_AFTER_MS`` is marked read (scrolling past with j/k does not mark what was only glimpsed);
``m`` toggles the current item read/unread (a step ``Ctrl+Z`` takes back: ``undo_stack.py``);
"Mark all as read" marks the source or group shown (else every source), one step too: the
engine says which items it marked, and ``Ctrl+Z`` marks exactly those unread again, a page of
``MARK_READ_PAGE`` at a time as marking them read went (each its own engine call, transaction
and change event; the next page on the next turn of the event loop, so the window stays live
with 100,000 of them), the footer saying how far it is when that takes more than
``PROGRESS_AFTER_S``. The marks go to the engine (``engine.mark_read`` / ``mark_all_read``),
whose ``ItemsChanged`` re-reads the rows (bold or not).
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QTableView

from notify.app import operations as ops
from notify.app.actions import key_text
from notify.app.bridge import EngineBridge
from notify.app.inbox.asked import Asked
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.model import InboxModel
from notify.app.inbox.row_cells import is_unread
from notify.app.inbox.undo_stack import Step, UndoStack, quoted
from notify.core.engine_items import MARK_READ_PAGE

READ_AFTER_MS = 1000  # an item shown this long is marked read
PROGRESS_AFTER_S = 0.5  # an undo of Mark all as read taking longer says how far it is


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class ReadMarks(QObject):
    def __init__(self, bridge: EngineBridge | None, model: InboxModel, view: QTableView,
                 footer: InboxFooter, undo: UndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = model
        self.view = view
        self.footer = footer
        self.undo = undo
        self.asked = Asked()  # a second M before the row is re-read marks it back
        undo.handle(("read", "unread"), self._undo)
        undo.handle(("all-read",), self._undo_all)
        self._timer = QTimer(self)  # marks the shown item read after READ_AFTER_MS
        self._timer.setSingleShot(True)
        self._timer.setInterval(READ_AFTER_MS)
        self._timer.timeout.connect(self._mark_shown_read)
        self._shown_id: int | None = None

    def shown(self, item_id: int, unread: bool) -> None:
        """The pane shows ``item_id`` now: read once it stays there ``READ_AFTER_MS``."""
        self._shown_id = item_id
        if unread:
            self._timer.start()

    def left(self) -> None:
        """The pane no longer shows the item it showed: it was only glimpsed."""
        self._timer.stop()
        self._shown_id = None

    def _mark_shown_read(self) -> None:
        """The shown item stayed on screen for READ_AFTER_MS: it has been read."""
        row = self.model.row_at(self.view.currentIndex())
        if row is None or row.id != self._shown_id or not is_unread(row):
            return
        self._set_read(row.id, True)

    def toggle_read(self) -> None:
        """``m``: mark the current item unread again, or read."""
        row = self.model.row_at(self.view.currentIndex())
        if row is None:
            return
        self._timer.stop()  # marked unread on purpose: do not mark it read again
        read = not self.asked.now(row.id, not is_unread(row))  # M twice quickly: back again
        self._set_read(row.id, read, (tr("Marked as read. {0} undoes it.") if read else
                                      tr("Marked as unread. M marks it read again."))
                       .format(key_text(self.undo.action)),
                       step=Step("read" if read else "unread", row.id, row.title))

    def _undo(self, step: Step) -> None:
        """Ctrl+Z took back a Mark as read (or as unread) made with ``m``."""
        self._timer.stop()  # unread again on purpose: not marked read again by the timer
        title = quoted(step.title)
        said = (tr("{0} is unread again: your Mark as read was undone.") if step.kind == "read"
                else tr("{0} is read again: your Mark as unread was undone.")).format(title)
        self._set_read(step.item_id, step.kind != "read", said[:1].upper() + said[1:])

    def _undo_all(self, step: Step) -> None:
        """Ctrl+Z took back a Mark all as read: exactly the items it marked are unread again
        (those read before it stay read), ``MARK_READ_PAGE`` per engine call, the next page on
        the next turn of the event loop."""
        self._timer.stop()  # the shown item is unread again: not marked read by the timer
        if self.bridge is None:
            return
        self._unread_page(step, 0, time.monotonic())

    def _unread_page(self, step: Step, done_count: int, started: float) -> None:
        """Mark the page of ``step``'s items from ``done_count`` on unread; then the next, or
        say that the undo is done. A failure leaves the items not yet unread a step to take
        back (Ctrl+Z again)."""
        bridge = self.bridge
        if bridge is None:
            return
        ids = step.item_ids
        page = list(ids[done_count:done_count + MARK_READ_PAGE])
        total = len(ids)

        def done(_ids: Any) -> None:
            self._timer.stop()  # (a page's change may show an unread item meanwhile)
            for item_id in page:
                self.asked.forget(item_id)  # unread now, whatever M asked before
            count = done_count + len(page)
            if count < total:
                if time.monotonic() - started >= PROGRESS_AFTER_S:
                    self.footer.say(tr("Marking items unread again… {0} of {1}").format(
                        f"{count:,}", f"{total:,}"))
                QTimer.singleShot(0, self, lambda: self._unread_page(step, count, started))
                return
            self.footer.say(
                tr("1 item is unread again: your Mark all as read was undone.") if total == 1
                else tr("{0} items are unread again: your Mark all as read was undone.")
                .format(f"{total:,}"))

        def failed(err: BaseException) -> None:
            left = ids[done_count:]
            self.undo.push(Step("all-read", 0, "", left))  # still there to take back
            self.footer.failed(err)

        ops.mark_read(self, page, False, done).failure(failed).run_in_background(bridge)

    def _set_read(self, item_id: int, read: bool, message: str = "", *,
                  step: Step | None = None) -> None:
        """Mark ``item_id`` read or unread; ``message`` said once done; ``step``: what Undo
        takes back then (None: no step, e.g. the read timer's mark or an undo)."""
        if self.bridge is None:
            return

        def done(_ids: Any) -> None:
            if step is not None:
                self.undo.push(step)
            if message:
                self.footer.say(message)

        def failed(error: BaseException) -> None:
            self.asked.forget(item_id)
            self.footer.failed(error)

        self.asked.ask(item_id, read)
        # the engine reports ItemsChanged: the row is re-read and loses (or gets) its bold
        ops.mark_read(self, [item_id], read, done).failure(failed).run_in_background(
            self.bridge)

    def mark_all_read(self) -> None:
        """Every unread item of the source or group shown (else of every source) is read."""
        if self.bridge is None:
            return
        filt = self.model.filter
        self._timer.stop()
        self.footer.say(tr("Marking items as read…"))

        def done(ids: tuple[int, ...]) -> None:
            for item_id in ids:
                self.asked.forget(item_id)  # read now, whatever M asked before
            count = len(ids)
            if not count:
                self.footer.say(tr("No unread items."))
                return
            self.undo.push(Step("all-read", 0, "", tuple(ids)))
            undo_key = key_text(self.undo.action)
            self.footer.say(tr("Marked 1 item as read. {0} undoes it.").format(undo_key)
                            if count == 1 else
                            tr("Marked {0} items as read. {1} undoes it.").format(
                                f"{count:,}", undo_key))

        ops.mark_all_read(self, source_id=filt.source_id, group=filt.group, success=done
                          ).failure(self.footer.failed).run_in_background(self.bridge)

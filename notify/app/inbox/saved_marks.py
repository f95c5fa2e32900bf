"""Save for later in the inbox: ``S`` (the Item menu, the toolbar, the list's menu, the pane's
☆) saves the current item or unsaves it. A saved item is kept past ``store.retention_days``
and listed by the Show menu's "Saved"; saving is no reaction (the profile learns nothing). The
change goes to the engine (``engine.set_saved``), whose ``ItemsChanged`` re-reads the row (its
★); each save or unsave is a step ``Ctrl+Z`` takes back (``undo_stack.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QTableView

from notify.app import operations as ops
from notify.app.actions import key_text
from notify.app.bridge import EngineBridge
from notify.app.inbox.asked import Asked
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reactions import Reactions
from notify.app.inbox.undo_stack import Step, UndoStack, quoted


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class SavedMarks(QObject):
    def __init__(self, bridge: EngineBridge | None, model: InboxModel, view: QTableView,
                 footer: InboxFooter, reactions: Reactions, undo: UndoStack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = model
        self.view = view
        self.footer = footer
        self.reactions = reactions
        self.undo = undo
        self.asked = Asked()  # a second S before the row is re-read unsaves what the first saved
        undo.handle(("save", "unsave"), self._undo)

    def _undo(self, step: Step) -> None:
        """Ctrl+Z took back a save (or an unsave)."""
        self.set_saved(step.item_id, step.kind == "unsave", undoing=True,
                       title=quoted(step.title))

    def toggle(self, item_id: int | None = None) -> None:
        """``S``: save the current item (or ``item_id``) for later, or unsave it."""
        at = self.model.row_of(item_id) if item_id is not None else None
        index = self.model.index(at, 0) if at is not None else self.view.currentIndex()
        row = self.model.row_at(index)
        if row is not None and (item_id is None or row.id == item_id):
            self.set_saved(row.id, not self.asked.now(row.id, row.saved))

    def set_saved(self, item_id: int, saved: bool, *, undoing: bool = False,
                  title: str = "") -> None:
        """Save (or unsave) ``item_id``; ``undoing``: Ctrl+Z took back the opposite (``title``:
        the item's, as said when it was done: an unsaved row left the Saved view since)."""
        if self.bridge is None:
            return
        raw = self.reactions.raw_title_of(item_id)  # now: the row may go meanwhile
        title = title or quoted(raw)
        undo_key = key_text(self.undo.action)

        def done(changed: bool) -> None:
            if undoing:
                said = (tr("Saved {0} again.") if saved
                        else tr("{0} is no longer saved: your save was undone."))
            elif not changed:
                said = (tr("{0} is already saved: nothing changed.") if saved
                        else tr("{0} is not saved: nothing changed."))
            else:
                self.undo.push(Step("save" if saved else "unsave", item_id, raw))
                said = (tr("Saved {0} for later: kept however old it gets (Show → Saved lists "
                           "it). {1} undoes it.") if saved
                        else tr("{0} is no longer saved. {1} saves it again."))
            said = said.format(title, undo_key)
            self.footer.say(said[:1].upper() + said[1:])

        def failed(error: BaseException) -> None:
            self.asked.forget(item_id)
            self.footer.failed(error)

        self.asked.ask(item_id, saved)
        # the engine reports ItemsChanged: the row is re-read and gets (or loses) its star
        ops.set_saved(self, item_id, saved, done).failure(failed).run_in_background(
            self.bridge)

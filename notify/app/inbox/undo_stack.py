"""Undo in the inbox (``Ctrl+Z``, the Item menu, the toolbar): a stack of what was done here,
taken back newest first, one step per press: a reaction (like, dismiss, open), a Save for
later or an unsave, a Mark as read or unread (``m``). The Undo entry names the step it takes
back ("Undo Save “Title…”") and is greyed when there is none.

Reactions are the engine's to take back (``engine.undo_feedback`` undoes the last reaction
recorded, wherever it was made): a reaction made meanwhile on a notification's bubble or in a
terminal (``notify feedback``) is pushed when the engine says it (``ProfileChanged``, or the
window's look for outside changes), so it is taken back first; one taken back elsewhere since
is said so, never another one in its place. With nothing done here, Undo offers the engine's last
reaction, and after it the one before (as ``notify profile undo`` does). The other steps are
taken back by the part that made them (``handle``): ``saved_marks.py``, ``read_marks.py``. Mark
all as read is one step ("Undo Mark all as read (37 items)"): the engine says which items it
marked, and the undo marks exactly those unread again (a page at a time, as they were marked
read: ``read_marks.py``). The read mark given by showing an item
a second (``read_marks.READ_AFTER_MS``) is not a step: it is no act of the person's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.inbox import query
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit
from notify.app.untrusted_text import clipped, mnemonic_free, one_line
from notify.core.errors import NotifyError

log = logging.getLogger(__name__)
MAX_STEPS = 100  # the oldest steps are forgotten beyond this
MENU_TITLE_CHARS = 40  # an item's title in the Undo entry's text
REACTIONS = ("like", "dismiss", "open", "ignore")


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


# what each step is called in the Undo entry ("Undo Save “…”")
STEP_NAMES = {"like": "Like", "dismiss": "Dismiss", "open": "Open", "ignore": "Ignore",
              "save": "Save", "unsave": "Unsave", "read": "Mark as read",
              "unread": "Mark as unread", "all-read": "Mark all as read"}


@dataclass(frozen=True)
class Step:
    """One thing Undo takes back: ``kind`` (a reaction's label, "save", "unsave", "read",
    "unread") done to ``item_id``, whose title was ``title`` then (its row may go since); or
    "all-read" (Mark all as read), done to ``item_ids`` (``item_id`` 0, no title)."""

    kind: str
    item_id: int
    title: str
    item_ids: tuple[int, ...] = ()

    @property
    def is_reaction(self) -> bool:
        return self.kind in REACTIONS

    @property
    def key(self) -> tuple[int, str]:
        return (self.item_id, self.kind)


def quoted(title: str, limit: int = 80) -> str:
    """An item's title as a sentence names it ("“…”", clipped), "the item" without one."""
    return f"“{clipped(title, limit)}”" if one_line(title) else tr("the item")


class UndoStack(QObject):
    # Undo took back the reaction to this item: (item id, its label, "" when not known); the
    # window shows that item, or says what was undone when its list does not show it
    undone = Signal(int, str)

    def __init__(self, bridge: EngineBridge | None, reader: Reader, model: InboxModel,
                 footer: InboxFooter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.reader = reader
        self.model = model
        self.footer = footer
        self._steps: list[Step] = []
        self._handlers: dict[str, Callable[[Step], None]] = {}
        self._engine_last: Step | None = None  # the engine's last reaction, wherever made
        self._revealed = False  # an undo was done: the engine's next last is an older one
        self._undoing = 0  # undos on their way: the engine's answers meanwhile wait
        self.action = QAction(tr("Undo"), parent)
        self.action.setObjectName("undo")
        self.action.setShortcut(QKeySequence.StandardKey.Undo)
        self.action.triggered.connect(self.undo)
        self._update()
        if bridge is not None:
            bridge.profileChanged.connect(lambda _e: self.check())
            bridge.started.connect(self.check)
            self.check()

    # ----- what is on the stack
    def handle(self, kinds: Iterable[str], handler: Callable[[Step], None]) -> None:
        """``handler(step)`` takes back steps of these kinds (no reactions)."""
        for kind in kinds:
            self._handlers[kind] = handler

    def push(self, step: Step) -> None:
        """``step`` was done here: Undo takes it back next."""
        self._steps.append(step)
        del self._steps[:-MAX_STEPS]
        if step.is_reaction:
            self._engine_last = step
        self._update()

    @property
    def next_step(self) -> Step | None:
        """What Undo takes back next (None: nothing)."""
        return self._steps[-1] if self._steps else self._engine_last

    @property
    def last_reaction(self) -> tuple[int, str] | None:
        """(item id, label) of the newest reaction Undo can take back."""
        for step in reversed(self._steps):
            if step.is_reaction:
                return step.key
        return self._engine_last.key if self._engine_last is not None else None

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    def _update(self) -> None:
        """The Undo entry names the step it takes back ("Undo Save “…”"); the toolbar's button
        stays "Undo" (a title would stretch it), its tooltip names the step."""
        step = self.next_step
        key = self.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if step is None:
            text = tr("Undo")
            tip = tr("Nothing to undo: likes, dismisses, saves, read marks and Mark all as "
                     "read made here can be undone ({0})").format(key)
        else:
            title = clipped(step.title, MENU_TITLE_CHARS) if one_line(step.title) else ""
            name = tr(STEP_NAMES.get(step.kind, step.kind))
            count = len(step.item_ids)
            said = (tr("Undo {0} (1 item)").format(name) if count == 1
                    else tr("Undo {0} ({1} items)").format(name, f"{count:,}") if count
                    else tr("Undo {0} “{1}”").format(name, title) if title
                    else tr("Undo {0}").format(name))
            text = mnemonic_free(said)  # a title's "&" is shown, no mnemonic
            tip = f"{said} ({key})"
        self.action.setText(text)  # (on the toolbar "Undo" or ↶: ``toolbar.py``)
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.setEnabled(step is not None)

    # ----- taking back
    def undo(self) -> None:
        """Take back the newest step: a reaction through the engine, another through the part
        that made it."""
        step = self.next_step
        if step is None:
            self.footer.say(tr("There is nothing to undo."))
            return
        if self._steps and self._steps[-1] == step:
            self._steps.pop()  # at once: a second Ctrl+Z meanwhile takes the step before
        if self._engine_last == step:
            self._engine_last = None
        self._update()
        if not step.is_reaction:
            handler = self._handlers.get(step.kind)
            if handler is None:
                log.error("no one takes back a %s step", step.kind)
                return
            handler(step)
            return
        self._undo_reaction(step)

    def _undo_reaction(self, step: Step) -> None:
        if self.bridge is None:
            return

        def run(engine: Any) -> tuple[Any, tuple[int, str] | None]:
            """On the engine's thread: undo the last reaction when it is this one, or a newer
            one made elsewhere meanwhile while this one stands; never an older one."""
            last = engine.ranking().last_reaction()
            taken = (last[0] or 0, last[1]) if last is not None else None
            if taken is None:  # taken back elsewhere, or given before a reset (why not, then)
                return engine.ranking().cannot_undo() or None, None
            if taken != step.key:
                try:
                    stands = engine.item(step.item_id).reaction == step.kind
                except NotifyError:  # the item is gone (its source removed)
                    stands = False
                if not stands:
                    return None, None
            return engine.undo_feedback(), taken

        def failed(err: BaseException) -> None:
            self._undoing -= 1
            self.push(step)  # still there to take back
            self.footer.failed(err)

        def done(result: tuple[Any, tuple[int, str] | None]) -> None:
            undone, taken = result
            self._undoing -= 1
            if taken is not None and taken != step.key:  # a newer one made elsewhere went
                self._steps = [s for s in self._steps if s.key != taken]
                self.push(step)  # first: this one is next
            self._revealed = True  # the engine's last reaction is now the one before
            self._update()
            self.check()
            if isinstance(undone, str):  # given before the profile was reset or replaced
                self.footer.say(undone)
                return
            if undone is None:
                self.footer.say(tr("Your {0} of {1} was already taken back elsewhere (on a "
                                   "notification or in a terminal): nothing was undone.").format(
                    step.kind, quoted(step.title)))
                return
            ids = tuple(int(i) for i in getattr(undone, "item_ids", ()))
            self.model.items_changed(ids)
            # the item whose reaction it was (a Dismiss also unmarks the story's copies)
            assert taken is not None
            if taken[0] in ids:
                emit(self.undone, taken[0], taken[1])
            elif ids:
                emit(self.undone, ids[0], "")
            else:
                self.footer.say(tr("Your last reaction was undone."))

        self._undoing += 1
        ops.Op(self, run, done).failure(failed).run_in_background(self.bridge)

    # ----- the engine's last reaction
    def check(self) -> None:
        """Ask the engine which reaction it would take back (one made on a bubble or in a
        terminal since): Undo offers it."""
        if self.bridge is None or not self.bridge.running:
            return
        ops.Op(self, lambda engine: engine.ranking().last_reaction(), self._got_last).failure(
            lambda err: log.warning("could not look for a reaction to undo: %s", err)
        ).run_in_background(self.bridge)

    def _got_last(self, last: tuple[int | None, str] | None) -> None:
        if self._undoing:
            return  # asked before the undo: its ``done`` asks again
        revealed, self._revealed = self._revealed, False
        if last is None:  # none left (undone elsewhere, the profile reset): none to offer
            self._steps = [s for s in self._steps if not s.is_reaction]
            self._engine_last = None
            self._update()
            return
        key = (last[0] or 0, last[1])
        if self._known(key):
            return
        self.reader.submit(lambda conn: query.rows_by_id(conn, [key[0]]),
                           lambda rows: self._named(key, rows[0].title if rows else "",
                                                    foreign=not revealed),
                           lambda _message: self._named(key, "", foreign=not revealed),
                           owner=self)

    def _known(self, key: tuple[int, str]) -> bool:
        """Whether the engine's last reaction, ``key``, is one Undo knows already (done here,
        or said before): it becomes the one Undo offers for it."""
        known = next((s for s in reversed(self._steps) if s.key == key), None)
        if known is None and self._engine_last is not None and self._engine_last.key == key:
            return True
        if known is None:
            return False
        self._engine_last = known
        self._update()
        return True

    def _named(self, key: tuple[int, str], title: str, *, foreign: bool) -> None:
        """The engine's last reaction, ``key``, with its item's title: made elsewhere since
        (``foreign``: taken back before what was done here earlier), or one from before."""
        if self._undoing or self._known(key):  # (an undo since: asked again; pushed meanwhile)
            return
        step = Step(key[1], key[0], title)
        if foreign:
            self.push(step)
        else:
            self._engine_last = step
            self._update()

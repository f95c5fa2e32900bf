"""What the person tells the ranking from the inbox: reactions (like, dismiss, open) recorded by
the engine, the undo of the last one, and the Why panel: the explanation of the shown item's
rank, and its corrections (mute or unmute the source, less of a feature, no longer an
interest), after which the explanation is asked again.

Undo also takes back a change that is no reaction when it was the last thing done here (a Save
for later: ``saved_marks.py`` offers it with ``offer_undo``); once that is undone, Undo offers the
last reaction again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from notify.app import operations as ops
from notify.app.actions import key_text
from notify.app.bridge import EngineBridge
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.model import InboxModel
from notify.app.inbox.pane import ItemPane
from notify.app.profile_words import interest_of, term_of, term_text
from notify.app.qtcompat import emit
from notify.app.untrusted_text import clipped, one_line
from notify.core.ranking.outcomes import DONE

log = logging.getLogger(__name__)
TITLE_CHARS = 80  # an item's title inside a sentence of the footer


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class Reactions(QObject):
    # Undo took back the reaction to this item: (item id, its label, "" when not known); the
    # window shows that item, or says what was undone when its list does not show it
    undone = Signal(int, str)

    def __init__(self, bridge: EngineBridge | None, model: InboxModel, pane: ItemPane,
                 footer: InboxFooter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = model
        self.pane = pane
        self.footer = footer
        self.last: tuple[int, str] | None = None  # (item id, label) that Undo takes back
        # a change that is no reaction, done last here (a save): Undo calls it instead, once;
        # ``_before_other``: what ``last`` was before it (the engine saying that again is no
        # newer reaction)
        self._undo_other: Callable[[], None] | None = None
        self._before_other: tuple[int, str] | None = None
        self.undo_action = QAction(tr("Undo reaction"), parent)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setToolTip(tr("Undo your last Like, Dismiss or Save ({0})").format(
            self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)))
        self.undo_action.triggered.connect(self.undo)
        self.undo_action.setEnabled(False)
        if bridge is not None:
            # what was learned changed (a bubble's Like, Ctrl+Z, Settings → Profile): the shown
            # item's Why panel says it again, never the words of before, and Undo is offered
            # when there is a reaction to take back (made here, on a bubble or in a terminal)
            bridge.profileChanged.connect(self._profile_changed)
            bridge.started.connect(self._check_undo)
            self._check_undo()

    def record(self, item_id: int, label: str) -> bool:
        """Send the reaction to the engine; False without one (nothing was sent)."""
        if self.bridge is None:
            return False
        self.footer.say(tr("Saving your reaction…"))
        title = self.title_of(item_id)  # now: Like and Dismiss move the list on

        def done(reacted: Any) -> None:
            if not getattr(reacted, "learned", True):  # the same again: nothing changed
                self.footer.say(reacted.summary(title))
                return
            self._set_last((item_id, label))
            earlier = getattr(reacted, "earlier", None)
            did = DONE.get(label, label)
            # in words, with the item's title: "Saved: dismiss." said neither what nor which
            saved = (tr("{0} {1} (it was {2}).").format(did[:1].upper() + did[1:], title,
                                                        DONE.get(earlier, earlier))
                     if earlier else tr("{0} {1}.").format(did[:1].upper() + did[1:], title))
            self.footer.say(saved + " " + tr("{0} undoes it.").format(
                key_text(self.undo_action)))
            self.model.items_changed((item_id,))

        ops.feedback(self, item_id, label, done).failure(self.footer.failed).run_in_background(
            self.bridge)
        return True

    def title_of(self, item_id: int) -> str:
        """The item's title as a sentence names it ("“…”", clipped)."""
        at = self.model.row_of(item_id)
        row = self.model.row_at(self.model.index(at, 0)) if at is not None else None
        title = row.title if row is not None else ""
        return f"“{clipped(title, TITLE_CHARS)}”" if one_line(title) else tr("the item")

    def offer_undo(self, item_id: int, label: str, undo: Callable[[], None],
                   text: str) -> None:
        """A change that is no reaction was made here (``label``: "save", "unsave"): Undo
        (named ``text``) takes it back with ``undo``, until a reaction is made."""
        if self._undo_other is None:
            self._before_other = self.last
        self.last = (item_id, label)
        self._undo_other = undo
        self.undo_action.setText(text)
        self.undo_action.setEnabled(True)

    def _set_last(self, last: tuple[int, str] | None) -> None:
        """The reaction Undo takes back (None: none); a change offered before is forgotten."""
        self.last = last
        self._undo_other = self._before_other = None
        self.undo_action.setText(tr("Undo reaction"))
        self.undo_action.setEnabled(last is not None)

    def undo(self) -> None:
        """Take back the last change made here that was no reaction (``offer_undo``), else the
        last reaction, wherever it was made (``notify profile undo``)."""
        if self.bridge is None:
            return
        other = self._undo_other
        if other is not None:
            self._set_last(None)
            other()
            self._check_undo()  # the reaction before it can be undone next
            return
        taken = self.last  # what Undo offered to take back: (item id, label)

        def done(undone: Any) -> None:
            self._set_last(None)  # until the engine says there is another
            if undone is None:
                self.footer.say(tr("There is no reaction to undo."))
                return
            ids = tuple(int(i) for i in getattr(undone, "item_ids", ()))
            self.model.items_changed(ids)
            # the item whose reaction it was (a Dismiss also unmarks the story's copies)
            if taken is not None and taken[0] in ids:
                emit(self.undone, taken[0], taken[1])
            elif ids:
                emit(self.undone, ids[0], "")
            else:
                self.footer.say(tr("Your last reaction was undone."))

        ops.undo_feedback(self, done).failure(self.footer.failed).run_in_background(
            self.bridge)

    def check_undo(self) -> None:
        """Ask the engine whether there is a reaction to undo (one made in a terminal since,
        ``notify feedback``): Undo is offered when there is."""
        self._check_undo()

    def _check_undo(self) -> None:
        """Ask the engine whether there is a reaction to undo; Undo is offered when there is."""
        if self.bridge is None or not self.bridge.running:
            return
        ops.Op(self, lambda engine: engine.ranking().last_reaction(), self._got_last).failure(
            lambda err: log.warning("could not look for a reaction to undo: %s", err)
        ).run_in_background(self.bridge)

    def _got_last(self, last: tuple[int | None, str] | None) -> None:
        said = (last[0] or 0, last[1]) if last is not None else None
        if self._undo_other is not None and said == self._before_other:
            return  # no reaction since the change Undo offers: it stays offered
        self._set_last(said)

    # ----- the Why panel
    def _profile_changed(self, _event: object) -> None:
        self.explain()
        self._check_undo()

    def explain(self) -> None:
        """Ask the engine why the shown item ranked where it did (again after a correction)."""
        item = self.pane.item
        if item is None or self.bridge is None or not self.bridge.running:
            return
        item_id, source_id = item.id, item.source_id

        def got(found: tuple[Any, bool]) -> None:
            shown = self.pane.item
            if shown is not None and shown.id == item_id:  # not an item scrolled past since
                self.pane.show_explanation(*found)

        ops.explain(self.pane, item_id, source_id, got).failure(
            lambda err: log.info("no explanation for item %d: %s", item_id, err)
        ).run_in_background(self.bridge)

    def correct(self, kind: str, value: object) -> None:
        """A correction from the Why panel: ``mute`` or ``unmute`` (a source id), ``less`` or
        ``uninterest`` (a feature)."""
        if self.bridge is None:
            return
        if kind in ("mute", "unmute") and isinstance(value, int):
            muting = kind == "mute"

            def done(_source: Any) -> None:
                self.footer.say(tr("Source muted: its items still reach the inbox, never "
                                   "notified.") if muting else
                                tr("Source unmuted: its items can be notified again."))
                self.explain()  # the panel offers the other one now

            ops.update_source(self, value, {"muted": muting}, done
                              ).failure(self.footer.failed).run_in_background(self.bridge)
        elif kind == "less":
            term = term_of(str(value))
            if term is None:
                log.error("no profile term behind the feature %r", value)
                return

            def lowered(weight: float) -> None:
                self.footer.say(tr("Less of {0} from now on (weight {1:+.2f}).").format(
                    term_text(term), weight))
                self.explain()

            self._profile(lambda engine: engine.ranking().less_of(term), lowered)
        elif kind == "uninterest":
            interest = interest_of(str(value))
            if interest is None:
                log.error("no stated interest behind the feature %r", value)
                return

            def removed(_interests: Any) -> None:
                self.footer.say(tr("{0} is no longer one of your interests (Settings → Profile "
                                   "adds it back).").format(term_text(interest)))
                self.explain()

            self._profile(lambda engine: engine.ranking().interests(remove=[interest]), removed)

    def _profile(self, change: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        """Change the profile on the engine's thread (``engine.ranking()``), then ``done``."""
        assert self.bridge is not None
        ops.Op(self, change, done).failure(self.footer.failed).run_in_background(
            self.bridge)

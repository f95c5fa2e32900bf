"""What the person tells the ranking from the inbox: reactions (like, dismiss, open) recorded by
the engine, each a step Undo takes back (``undo_stack.py``), and the Why panel: the explanation
of the shown item's rank, and its corrections (mute or unmute the source, less of a feature,
forget one, no longer an interest), after which the explanation is asked again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from notify.app import operations as ops
from notify.app.actions import key_text
from notify.app.bridge import EngineBridge
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.model import InboxModel
from notify.app.inbox.pane import ItemPane
from notify.app.inbox.undo_stack import Step, UndoStack, quoted
from notify.app.profile_words import interest_of, term_of, term_text
from notify.core.ranking.explain import percent
from notify.core.ranking.outcomes import DONE
from notify.core.ranking.profile_groups import Lowered

log = logging.getLogger(__name__)
TITLE_CHARS = 80  # an item's title inside a sentence of the footer


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class Reactions(QObject):
    def __init__(self, bridge: EngineBridge | None, model: InboxModel, pane: ItemPane,
                 footer: InboxFooter, undo: UndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.model = model
        self.pane = pane
        self.footer = footer
        self.undo = undo
        if bridge is not None:
            # what was learned changed (a bubble's Like, Ctrl+Z, Settings → Profile): the shown
            # item's Why panel says it again, never the words of before
            bridge.profileChanged.connect(self._profile_changed)
            # the inbox opened before the engine ran (no tray: it is the app's home) asked
            # nobody: the item shown is explained once the engine can say why
            bridge.started.connect(self.explain)

    def record(self, item_id: int, label: str) -> bool:
        """Send the reaction to the engine; False without one (nothing was sent)."""
        if self.bridge is None:
            return False
        self.footer.say(tr("Saving your reaction…"))
        raw = self.raw_title_of(item_id)  # now: Like and Dismiss move the list on
        title = quoted(raw, TITLE_CHARS)

        def done(reacted: Any) -> None:
            if not getattr(reacted, "learned", True):  # the same again: nothing changed
                self.footer.say(reacted.summary(title))
                return
            self.undo.push(Step(label, item_id, raw))
            earlier = getattr(reacted, "earlier", None)
            did = DONE.get(label, label)
            # in words, with the item's title: "Saved: dismiss." said neither what nor which
            saved = (tr("{0} {1} (it was {2}).").format(did[:1].upper() + did[1:], title,
                                                        DONE.get(earlier, earlier))
                     if earlier else tr("{0} {1}.").format(did[:1].upper() + did[1:], title))
            self.footer.say(saved + " " + tr("{0} undoes it.").format(
                key_text(self.undo.action)))
            self.model.items_changed((item_id,))

        ops.feedback(self, item_id, label, done).failure(self.footer.failed).run_in_background(
            self.bridge)
        return True

    def raw_title_of(self, item_id: int) -> str:
        """The item's title as listed ("" when the list does not show it)."""
        at = self.model.row_of(item_id)
        row = self.model.row_at(self.model.index(at, 0)) if at is not None else None
        return row.title if row is not None else ""

    def title_of(self, item_id: int) -> str:
        """The item's title as a sentence names it ("“…”", clipped)."""
        return quoted(self.raw_title_of(item_id), TITLE_CHARS)

    # ----- the Why panel
    def _profile_changed(self, _event: object) -> None:
        self.explain()

    def explain(self) -> None:
        """Ask the engine why the shown item ranked where it did (again after a correction)."""
        item = self.pane.item
        if item is None:
            return
        item_id, source_id = item.id, item.source_id
        if self.bridge is None:
            self.pane.why.clear()  # nobody to ask: no "Working out why…" for ever
            return
        if not self.bridge.running:
            return  # asked again once it runs (``bridge.started``): working out why till then

        def got(found: tuple[Any, bool]) -> None:
            # dropped by the pane when the list has moved to another item since
            self.pane.show_explanation(*found, item_id=item_id)

        def failed(err: BaseException) -> None:
            log.warning("no explanation for item %d: %s", item_id, err)
            self.pane.why.unknown(item_id, str(err))

        ops.explain(self.pane, item_id, source_id, got).failure(failed).run_in_background(
            self.bridge)

    def correct(self, kind: str, value: object) -> None:
        """A correction from the Why panel: ``mute`` or ``unmute`` (a source id), ``less``,
        ``forget`` or ``uninterest`` (a feature)."""
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

            said = term_text(term)

            def lowered(done: Lowered) -> None:  # the panel reads again at ProfileChanged
                if done.was_reason:
                    self.footer.say(tr("Less of {0}: on its own it now makes an item {1} likely "
                                       "to interest you (it was {2}).").format(
                        said, percent(done.after), percent(done.before)))
                else:
                    self.footer.say(tr("{0} is no reason to notify, so nothing changed: less "
                                       "of never pushes items down. To keep them away, block it "
                                       "(Settings → Profile, Never notify).").format(
                        said[:1].upper() + said[1:]))

            self._profile(lambda engine: engine.change_profile(lambda r: r.less_of(term)),
                          lowered)
        elif kind == "forget":
            term = term_of(str(value))
            if term is None:
                log.error("no profile term behind the feature %r", value)
                return

            def forgot(_rows: int) -> None:  # the panel reads again at ProfileChanged
                self.footer.say(tr("Forgot what Notify learned about {0}: it counts as unknown "
                                   "again.").format(term_text(term)))

            self._profile(lambda engine: engine.change_profile(lambda r: r.forget(term)),
                          forgot)
        elif kind == "uninterest":
            interest = interest_of(str(value))
            if interest is None:
                log.error("no stated interest behind the feature %r", value)
                return

            def removed(_interests: Any) -> None:
                self.footer.say(tr("{0} is no longer one of your interests (Settings → Profile "
                                   "adds it back).").format(term_text(interest)))

            self._profile(lambda engine: engine.change_profile(
                lambda r: r.interests(remove=[interest])), removed)

    def _profile(self, change: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        """Change the profile on the engine's thread (``engine.change_profile``: announced, so
        Settings → Profile and this panel read it again), then ``done``."""
        assert self.bridge is not None
        ops.Op(self, change, done).failure(self.footer.failed).run_in_background(
            self.bridge)

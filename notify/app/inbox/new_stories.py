"""The new stories shown when the person opens the inbox for them (the tray's "Open inbox (3
new)", its icon, the menu's Open inbox, a second launch): ``NewStories.show``.

The inbox may still show what the person left it on (a search "celebrity", Show → Liked, a
source): it would hide the very stories the badge counts, and the badge would clear as if they
had been seen. So the reader thread says which of the stories' items the list as it shows
lists (``query.matching``); when it hides any story (none of its items listed), the list
shows All items with the search cleared and the footer says what hid them ("The search
“celebrity” is cleared: it hid the 3 new stories."); either way the newest of them is selected,
the list scrolled to it (``ItemJump``), and ``shown`` tells the shell they can be seen: the
badge clears then, not before (``pending`` until then).

The view may change while the answer is on its way (the Show choice of the last run put back
as the menu fills): the answer for another view is asked again, at most ``MOST_ASKED`` times.
The person choosing another view meanwhile (``InboxFilters.chosen``) ends it: they are in the
inbox and chose what it shows. A read that fails is said in the footer and ends it too: the
badge is never kept for ever.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal

from notify.app.inbox import query
from notify.app.inbox.filters import InboxFilters
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.jump import ItemJump, narrowed
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit

log = logging.getLogger(__name__)
SEARCH_CHARS = 40  # of the search's words in the footer's sentence
MOST_ASKED = 5  # the view changed under the answer this often: the stories not looked for


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


@dataclass(frozen=True)
class Found:
    """Of the new stories: how many are still stored, how many the view hides (none of their
    items listed), and the newest stored item (None: none is stored)."""

    stored: int
    hidden: int
    newest: int | None


def found(stored: list[query.Row], listed: set[int],
          stories: Sequence[frozenset[int]]) -> Found:
    """What ``query.rows_by_id`` (``stored``) and ``query.matching`` (``listed``, their ids)
    say of ``stories`` (each a story's items)."""
    ids = {row.id for row in stored}
    kept = [story & ids for story in stories if story & ids]
    newest = min(stored, key=query.order_key).id if stored else None  # (first listed)
    return Found(len(kept), sum(1 for story in kept if not story & listed), newest)


def why_cleared(filt: query.InboxFilter, shown: str, hidden: int, stored: int) -> str:
    """The footer's sentence once All items are shown, the search cleared, because ``filt``
    (its Show menu entry reading ``shown``: "Liked", "Source: LWN") hid ``hidden`` of the
    ``stored`` new stories."""
    if hidden == stored:
        them = tr("the new story") if hidden == 1 else tr("the {0} new stories").format(hidden)
    else:
        them = tr("{0} of the {1} new stories").format(hidden, stored)
    by_view, search = narrowed(filt)
    if by_view and search:
        return tr("All items are shown and the search is cleared: {0} with the search “{1}” "
                  "hid {2}.").format(shown, search, them)
    if search:
        return tr("The search “{0}” is cleared: it hid {1}.").format(search, them)
    return tr("All items are shown: {0} hid {1}.").format(shown, them)


class NewStories(QObject):
    """Shows the new stories in the inbox (``show``); ``shown`` once they can be seen."""

    shown = Signal()

    def __init__(self, reader: Reader, model: InboxModel, filters: InboxFilters,
                 jump: ItemJump, footer: InboxFooter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.model = model
        self.filters = filters
        self.jump = jump
        self.footer = footer
        self._stories: tuple[frozenset[int], ...] = ()
        self._asked = 0
        self._turn = 0  # each ``show`` its own: an answer for an earlier one is dropped
        filters.chosen.connect(self._done)

    @property
    def pending(self) -> bool:
        """The new stories are being looked for: the badge still counts them."""
        return bool(self._stories)

    def show(self, stories: Sequence[frozenset[int]]) -> None:
        """Show ``stories`` (each a story's item ids), the newest selected."""
        self._stories = tuple(s for s in stories if s)
        self._turn += 1
        self._asked = 0
        if not self._stories:
            emit(self.shown)
            return
        self._ask()

    def _ask(self) -> None:
        self._asked += 1
        if self._asked > MOST_ASKED:
            log.warning("the new stories were not looked for: the inbox's view changed %d "
                        "times meanwhile", MOST_ASKED)
            self._done()
            return
        filt, stories, turn = self.model.filter, self._stories, self._turn
        ids = sorted(set().union(*stories))

        def read(conn: sqlite3.Connection) -> Found:
            listed = {row.id for row in query.matching(conn, filt, ids)}
            return found(query.rows_by_id(conn, ids), listed, stories)

        self.reader.submit(read, lambda answer: self._found(turn, filt, answer),
                           lambda message: self._failed(turn, message), owner=self)

    def _found(self, turn: int, filt: query.InboxFilter, answer: Found) -> None:
        if turn != self._turn or not self._stories:
            return  # another show since, or the person chose a view meanwhile
        if filt != self.model.filter:  # the view changed meanwhile: asked again for it
            self._ask()
            return
        if answer.hidden:
            note = why_cleared(filt, self.filters.box.currentText(), answer.hidden,
                               answer.stored)
            self.filters.show_all()
            self.footer.say(note)
        if answer.newest is not None:
            self.jump.show(answer.newest)
        self._done()

    def _failed(self, turn: int, message: str) -> None:
        if turn != self._turn:
            return
        log.warning("the new stories were not looked for in the inbox: %s", message)
        self.footer.say(tr("The new stories could not be looked for: reading the inbox's "
                           "database failed ({0}). Show → All items lists them; if it keeps "
                           "failing, restart Notify.").format(message))
        self._done()

    def _done(self) -> None:
        if not self._stories:
            return
        self._stories = ()
        emit(self.shown)

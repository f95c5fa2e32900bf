"""Going to one item in the inbox (``ItemJump.show``): a click on its desktop notification, the
tray's or a digest's entry. The item is always shown and selected: the reader thread says
whether the list as it shows (the Show menu's choice and the search) lists it; if it does, the
list selects it, loading pages down to it as needed (``ListSelection.go_to``); if it does not
(another source, Liked, Unread once it was read, a search it does not match), the list shows
All items with the search cleared, the footer says why, and the item is selected once the list
has it. An item no longer stored (its source removed, or pruned by retention) is said so, the
list left as it is.

The person going elsewhere before the item is selected (j/k, a click on another row, another
Show choice or search: ``ListSelection.moved``, ``InboxFilters.chosen``) gives the jump up: the
item is not selected when it comes (the rows down to it at 100,000 items take ~0.6 s), and no
more are loaded for it; the person keeps their place.

The view may change while the answer is on its way (the Show menu's remembered choice is
applied once the menu is filled, ``filters.restore_choice``): an answer for another view is
asked again, and a reload that goes past the item without finding it asks again too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject

from notify.app.inbox import query
from notify.app.inbox.filters import InboxFilters
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader
from notify.app.inbox.selection import ListSelection
from notify.app.untrusted_text import clipped

log = logging.getLogger(__name__)
TITLE_CHARS = 80  # of an item's title in the footer's sentence
SEARCH_CHARS = 40  # of the search's words in it
MOST_ASKED = 5  # where the item stands, asked at most this often for one jump (the view changes)


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


def narrowed(filt: query.InboxFilter) -> tuple[bool, str]:
    """What in ``filt`` can hide an item, as the footer's sentences say it: a view other than
    All items (a Show choice, a source, a group), and the search's words (clipped; "": none)."""
    by_view = filt.view != query.VIEW_ALL or filt.source_id is not None or bool(filt.group)
    return by_view, clipped(filt.search, SEARCH_CHARS)


def why_switched(title: str, filt: query.InboxFilter, shown: str) -> str:
    """The footer's sentence once the list was switched to All items for an item that ``filt``
    (whose Show menu entry reads ``shown``: "Liked", "Source: LWN") does not list."""
    title = clipped(title, TITLE_CHARS) or tr("(untitled)")
    by_view, search = narrowed(filt)
    if by_view and search:
        return tr("All items are shown and the search is cleared: {0} with the search “{1}” "
                  "does not list “{2}”.").format(shown, search, title)
    if search:
        return tr("The search is cleared: “{0}” does not match “{1}”.").format(title, search)
    return tr("All items are shown: {0} does not list “{1}”.").format(shown, title)


class ItemJump(QObject):
    """Shows one item in the inbox's list (``show``), whatever the list showed."""

    def __init__(self, reader: Reader, model: InboxModel, selection: ListSelection,
                 filters: InboxFilters, footer: InboxFooter,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.model = model
        self.selection = selection
        self.filters = filters
        self.footer = footer
        self._item: int | None = None  # the item on its way to being selected
        self._note = ""  # what the footer says once it is (the list was switched for it)
        self._asked = 0  # times where it stands was asked (``MOST_ASKED``)
        selection.arrived.connect(self._arrived)
        selection.missed.connect(self._missed)
        selection.moved.connect(self.give_up)
        filters.chosen.connect(self.give_up)

    @property
    def pending(self) -> int | None:
        """The id of the item being gone to, until it is selected (or said to be gone)."""
        return self._item

    def show(self, item_id: int) -> None:
        """Select ``item_id`` in the list: at once when its row is loaded, else once the
        reader thread said where it stands (see the module's note)."""
        self._item, self._note, self._asked = item_id, "", 0
        row = self.model.row_of(item_id)
        if row is not None and not self.model.settling and item_id not in self.model.leaving:
            at = self.model.row_at(self.model.index(row, 0))
            assert at is not None
            self.selection.go_to(at.key)
            return
        self._ask(item_id)

    def give_up(self) -> None:
        """The person went elsewhere while the item was on its way (the module's note)."""
        if self._item is None:
            return
        log.info("going to item %d given up: the person went elsewhere", self._item)
        self._item, self._note = None, ""
        self.selection.give_up()

    def _ask(self, item_id: int) -> None:
        self._asked += 1
        if self._asked > MOST_ASKED:  # the list kept changing under it: no endless chase
            self._item = None
            log.warning("item %d not shown: the inbox's view changed %d times meanwhile",
                        item_id, MOST_ASKED)
            self.footer.say(tr("The item could not be shown: the list kept changing while "
                               "it was looked for. Try again, or find it with the search."))
            return
        filt = self.model.filter
        self.reader.submit(lambda conn: query.placement(conn, filt, item_id),
                           lambda placed: self._placed(item_id, filt, placed),
                           lambda message: self._failed(item_id, message), owner=self)

    def _placed(self, item_id: int, filt: query.InboxFilter,
                placed: query.Placement | None) -> None:
        if item_id != self._item:
            return  # another item was asked for since
        if placed is None:
            self._item = None
            log.info("item %d to show is no longer stored", item_id)
            self.footer.say(tr("That item is no longer in the inbox: its source was "
                               "removed, or it was deleted for its age (Settings → Polling "
                               "and storage → Keep items for)."))
            return
        if filt != self.model.filter:  # the view changed meanwhile: asked again for this one
            self._ask(item_id)
            return
        if not placed.listed:
            self._note = why_switched(placed.row.title, filt, self.filters.box.currentText())
            self.filters.show_all()
            self.footer.say(self._note)  # (after the view changed: its count comes later)
        self.selection.go_to(placed.row.key)

    def _failed(self, item_id: int, message: str) -> None:
        if item_id != self._item:
            return
        self._item = None
        self.footer.say(tr("The item could not be shown: reading the inbox's database failed "
                           "({0}). Try again; if it keeps failing, restart Notify.").format(
                               message))

    def _arrived(self, item_id: int) -> None:
        if item_id != self._item:
            return
        self._item = None
        if self._note:  # said again: the pages down to it may have taken a while
            self.footer.say(self._note)
            self._note = ""

    def _missed(self, item_id: int) -> None:
        """The list went past the item without finding it (it left the view meanwhile: read
        in Unread, or the remembered Show choice was applied): where it stands, asked again."""
        if item_id == self._item:
            self._ask(item_id)

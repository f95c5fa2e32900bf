"""The reactions asked in the inbox, on the item shown: Like and Dismiss (the keys, the pane's
buttons, the menus), then on to the next item as mail and feed readers do; Open, recorded once
a browser took the link (``LinkOpener``: xdg-open's answer); and, once Undo took a reaction
back, its item selected (and scrolled to) where the list shows it, or the footer saying what
was undone where it does not. ``reactions.py`` sends them to the engine."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QAbstractItemView

from notify.app.inbox import query
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.model import InboxModel
from notify.app.inbox.pane import ItemPane
from notify.app.inbox.reactions import Reactions
from notify.app.inbox.reader import Reader
from notify.app.inbox.selection import ListSelection
from notify.app.notifier.browser import LinkOpener
from notify.app.untrusted_text import clipped
from notify.core.ranking.outcomes import DONE

TITLE_CHARS = 80  # an item's title inside a sentence of the footer


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class ItemCommands(QObject):
    """``step(n)``: move the selection ``n`` items (Like and Dismiss go on to the next)."""

    def __init__(self, reader: Reader, model: InboxModel, view: QAbstractItemView,
                 pane: ItemPane, selection: ListSelection, reactions: Reactions,
                 footer: InboxFooter, step: Callable[[int], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader, self.model, self.view, self.pane = reader, model, view, pane
        self.selection, self.reactions, self.footer = selection, reactions, footer
        self._step = step
        self.links = LinkOpener(self)  # says whether a browser took a link (xdg-open's answer)

    def react_current(self, label: str) -> None:
        row = self.model.row_at(self.view.currentIndex())
        if row is not None:
            self.react(row.id, label)

    def open_current(self) -> None:
        """O, Enter or a double click: the current item's link in the browser, once its text
        is shown (an item without a link says so; nothing is recorded as opened)."""
        row = self.model.row_at(self.view.currentIndex())
        shown = self.pane.item
        if row is None or shown is None or shown.id != row.id:
            return  # its text is still being read: the next press opens it
        if not shown.link:
            self.footer.say(tr("“{0}” has no link to open.").format(
                clipped(shown.title, TITLE_CHARS) or tr("(untitled)")))
            return
        self.react(row.id, "open")

    def react(self, item_id: int, label: str) -> None:
        """Like and Dismiss go on to the next item; Open is recorded once a browser took the
        link."""
        if label == "open":
            detail = self.pane.item
            if detail is not None and detail.id == item_id and detail.link:
                # recorded as opened only once a browser took the link (LinkOpener)
                self.links.open(detail.link, lambda: self._record(item_id, label),
                                lambda _why: self.footer.say(tr(
                                    "No web browser could open the link, so it was not "
                                    "recorded as opened. Its address is in the item.")))
                return
        self._record(item_id, label)

    def _record(self, item_id: int, label: str) -> None:
        """Like and Dismiss go on to the next item, unless the item has that reaction already:
        nothing changes then (the footer says so), and the selection stays on it."""
        at = self.model.row_of(item_id)
        row = self.model.row_at(self.model.index(at, 0)) if at is not None else None
        again = row is not None and row.reaction == label
        if self.reactions.record(item_id, label) and label in ("like", "dismiss") and not again:
            self._step(1)

    def undone(self, item_id: int, label: str) -> None:
        """Undo took back the reaction to ``item_id``: select it (and scroll to it) when the list
        shows it, so the person sees what came back; otherwise leave the selection alone and
        say in the footer what was undone."""
        self.reader.submit(lambda conn: query.rows_by_id(conn, [item_id]),
                           lambda rows: self._show_undone(item_id, label, rows[0] if rows
                                                          else None),
                           lambda _message: self.footer.say(tr("Your last reaction was "
                                                               "undone.")),
                           owner=self)

    def _show_undone(self, item_id: int, label: str, row: query.Row | None) -> None:
        if row is None:  # pruned since
            self.footer.say(tr("Your last reaction was undone (its item is no longer "
                               "stored)."))
            return
        title = clipped(row.title, TITLE_CHARS) or tr("(untitled)")
        said = (tr("Your {0} of “{1}” was undone").format(label, title) if label
                else tr("Your reaction to “{0}” was undone").format(title))
        if row.reaction:  # the one it replaced, given back
            said += tr("; it is {0} again").format(DONE.get(row.reaction, row.reaction))
        at = self.model.row_of(item_id)
        if at is None:  # not in the list as shown: the selection stays where it is
            self.footer.say(said + (tr(". This filter or search does not show it.")
                                    if self.model.filter != query.InboxFilter()
                                    else tr(". It is further down the list.")))
            return
        index = self.model.index(at, 0)
        self.selection.select(index)
        self.view.scrollTo(index)
        self.footer.say(said + ".")

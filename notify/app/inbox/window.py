"""The inbox window: every item, filters, search, the item pane, keyboard j/k/l/d/o/s/m and /
(l and d like or dismiss, then go to the next item; s saves for later), and a menu bar with the
app's commands (Poll now, Pause, Settings…, Quit: the tray's actions); the toolbar has Poll now,
Pause (``pause_button.py``: checked while paused, saying until when), Settings…, Save and Undo;
the list's context menu has the item's commands.

Thin: queries go to the reader thread, changes to the engine through operations, and each part
of the window owns what it does: ``menus.py`` (the menu bar, the item actions and their keys,
the list's context menu), ``filters.py`` (the "Show" menu and the search), ``footer.py``
(results, the empty inbox, paused), ``read_marks.py`` (read after ``READ_AFTER_MS`` on screen,
``m``, Mark all as read), ``saved_marks.py`` (save for later), ``reactions.py`` (like, dismiss,
open; the Why panel), ``undo_stack.py`` (Ctrl+Z, step by step), ``deleted_items.py`` (the rows of
a removed source leave at once), ``outside_changes.py`` (what another process wrote),
``selection.py`` (moving the selection, and keeping it across a reload of the list), ``jump.py``
(a notification's item shown, whatever the list showed), ``new_stories.py`` (the tray's new
stories shown when the inbox is opened for them), ``item_commands.py`` (like, dismiss
and open on the item shown; the item of an undone reaction shown), ``body.py`` (the list and
the pane side by side or stacked, the footer under them). The window builds them and has the
pane, the read timer and the item actions follow the current row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QFontMetrics, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QWidget,
)

from notify.app import operations as ops
from notify.app.actions import AppActions, key_text
from notify.app.bridge import EngineBridge
from notify.app.focus_ring import ring_window
from notify.app.inbox import query
from notify.app.inbox.body import InboxBody
from notify.app.inbox.budget import Budget
from notify.app.inbox.columns import NARROWEST, PADDING, ColumnFit
from notify.app.inbox.deleted_items import DeletedItems
from notify.app.inbox.empty_state import EmptyInboxWatch
from notify.app.inbox.filters import InboxFilters
from notify.app.inbox.footer import InboxFooter
from notify.app.inbox.item_commands import ItemCommands
from notify.app.inbox.items_view import ItemsView
from notify.app.inbox.jump import ItemJump
from notify.app.inbox.menus import InboxMenus
from notify.app.inbox.model import InboxModel
from notify.app.inbox.new_stories import NewStories
from notify.app.inbox.outside_changes import OutsideChanges
from notify.app.inbox.pane import ItemPane
from notify.app.inbox.pause_button import PauseButton
from notify.app.inbox.reactions import Reactions
from notify.app.inbox.read_marks import ReadMarks
from notify.app.inbox.reader import Reader
from notify.app.inbox.row_cells import is_unread, when_text
from notify.app.inbox.saved_marks import SavedMarks
from notify.app.inbox.selection import ListSelection
from notify.app.inbox.toolbar import InboxToolbar
from notify.app.inbox.undo_stack import UndoStack
from notify.app.text_size import text_size, text_width

log = logging.getLogger(__name__)
SHOW_CHARS = 8  # the Show menu's least width, in characters
LIST_TITLE_CHARS = 12  # the list is never too narrow for this many characters of a title
SIZE_IN_TEXT = (183, 50)  # characters, lines: 1100×700 at the usual 9 pt, more for more
TIME_TICK_MS = 60_000  # how often the list's relative times ("5 min ago") are drawn again


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


def list_least_width(view: QAbstractItemView) -> int:
    """The list's least width: ``LIST_TITLE_CHARS`` of a title, Source at its narrowest and
    When wide enough for a date in bold (an unread item's), beside its scroll bar."""
    bold = view.font()
    bold.setBold(True)
    date = QFontMetrics(bold).horizontalAdvance(when_text(0.0)) + PADDING
    return (text_width(view, LIST_TITLE_CHARS) + NARROWEST + date
            + view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth())


class InboxWindow(QMainWindow):
    def __init__(self, bridge: EngineBridge | None, reader: Reader,
                 parent: QWidget | None = None, *, actions: AppActions | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.reader = reader
        self.app_actions = actions
        self.setWindowTitle(tr("Notify: inbox"))
        self.setAccessibleName(tr("Inbox"))
        self.resize(text_size(self, *SIZE_IN_TEXT))
        self.model = InboxModel(reader, self)
        # the When column says "5 min ago": it is drawn again each minute while the window
        # shows (never while hidden: an idle Notify in the tray stays idle)
        self.clock = QTimer(self)
        self.clock.setInterval(TIME_TICK_MS)
        self.clock.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.clock.timeout.connect(self.model.times_passed)

        self.view = ItemsView(self)  # Home and End: the first and the last item
        self.view.setObjectName("items")  # its column widths are remembered (window_state.py)
        self.view.setAccessibleName(tr("Items"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setShowGrid(False)
        # Tab leaves the list for the item pane (a table's Tab moves between its cells: the
        # keyboard never got out of the list); arrows, J and K move between items
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        # in a small window the pane took all but 70 px: titles were "T…"; the list has room
        # for a few words of a title, the Source column at its narrowest and a whole date
        self.view.setMinimumWidth(list_least_width(self.view))
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.columns = ColumnFit(self.view)  # Title takes the room (columns.py)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        self.pane = ItemPane(self)
        # a pane's button that had the keyboard and hides or greys (Mute, made anew as Unmute)
        # leaves it in the list, not in the toolbar's Show menu (pane.py, why_panel.py)
        self.pane.set_focus_home(self.view)
        # the selection moved, and kept (where it was on screen) across reloads (selection.py)
        self.selection = ListSelection(self.model, self.view, self.pane, self)
        self.selection.lost.connect(self._clear_pane)
        self.footer = InboxFooter(actions, self)
        self.status, self.paused_note = self.footer.status, self.footer.paused_note
        self.footer.overBudgetRequested.connect(self.show_over_budget)
        self.undo = UndoStack(bridge, reader, self.model, self.footer, self)
        self.undo_action = self.undo.action
        self.read_marks = ReadMarks(bridge, self.model, self.view, self.footer, self.undo, self)
        self.reactions = Reactions(bridge, self.model, self.pane, self.footer, self.undo, self)
        self.saved_marks = SavedMarks(bridge, self.model, self.view, self.footer,
                                      self.reactions, self.undo, self)
        self.pane.saveToggled.connect(self.saved_marks.toggle)
        self.pane.reaction.connect(self.react)
        self.pane.correction.connect(self.reactions.correct)
        self.pane.imagesRequested.connect(self._fetch_images)

        self.filters = InboxFilters(reader, self.model, self, self.view)
        self.filter_box, self.search = self.filters.box, self.filters.search
        self.filters.applied.connect(self._update_item_actions)
        # the person chose what the list shows: its count, not an old result; a remembered
        # choice put back once the menu is filled is no choice of theirs (the first inbox of a
        # session, opened for an item no browser took, lost the line saying so to its count)
        self.filters.chosen.connect(self.footer.view_changed)
        # a notification's item: shown and selected whatever the list showed (jump.py)
        self.jump = ItemJump(reader, self.model, self.selection, self.filters, self.footer, self)
        # the new stories the tray counts, shown when the inbox is opened for them (a search
        # or a Show choice that hides them cleared): new_stories.py
        self.new_stories = NewStories(reader, self.model, self.filters, self.jump, self.footer,
                                      self)
        # no item shown: what the inbox holds, and the next step (empty_state.py)
        self.empty_watch = EmptyInboxWatch(bridge, self.model, self.pane, self.filters, actions,
                                           self)
        # like, dismiss and open on the item shown, and the item of an undone reaction shown
        self.commands = ItemCommands(reader, self.model, self.view, self.pane, self.selection,
                                     self.reactions, self.footer, self.step, self)
        self.undo.undone.connect(self.commands.undone)
        # Enter (or a double click) on an item opens it in the browser, as O does
        self.view.activated.connect(lambda _index: self.commands.open_current())

        self.menus = InboxMenus(self, self.view, actions, self.undo_action, {
            "like": lambda: self.commands.react_current("like"),
            "dismiss": lambda: self.commands.react_current("dismiss"),
            "open": self.commands.open_current,
            "save": self._toggle_saved,
            "read": self.read_marks.toggle_read,
            "all-read": self.read_marks.mark_all_read,
            "next": lambda: self.step(1),
            "previous": lambda: self.step(-1),
            "search": self.filters.focus_search}, [self.filters.unread_only])
        self.item_menu: QMenu = self.menus.item_menu
        # the empty Saved and Liked lists' footer says the key that fills them (empty_state.py)
        self.footer.keys = {k: key_text(a) for k, a in self.menus.actions.items()}
        # the rows of a removed source leave the list at once (deleted_items.py)
        self.deleted = DeletedItems(reader, self.model, self.view, self)

        # every command on the bar at 14 pt in a 720 px window (Settings, Save and Undo were in
        # "»", and in the empty inbox "»" itself off the edge): the Show menu asks for fewer
        # characters (a chosen name is elided, the whole in its list) and the search field
        # takes the room left (``filters.SEARCH_CHARS`` at least); paused, Pause reads "Paused"
        # whatever until when (``pause_button.py``); narrower, the commands are symbols
        # (``toolbar.py``)
        self.filter_box.setMinimumContentsLength(SHOW_CHARS)
        self.filter_box.setSizePolicy(QSizePolicy.Policy.Expanding,
                                      self.filter_box.sizePolicy().verticalPolicy())
        self.toolbar = InboxToolbar(self.filter_box, self.search, actions,
                                    self.item_action("save"), self.undo_action, self)
        self.pause_button: PauseButton | None = self.toolbar.pause_button
        self.addToolBar(self.toolbar)

        # the pane beside the list, or below it in a narrow window; the footer under them,
        # never making the window grow (body.py)
        self.body = InboxBody(self.view, self.pane, self.footer, self)
        self.setCentralWidget(self.body)
        # the control that has the keyboard, ringed: the list, the search, the Show menu, the
        # toolbar's and the pane's buttons (the style's own mark hardly showed): focus_ring.py
        self.focus_ring = ring_window(self)

        self.model.pageLoaded.connect(self._loaded)
        # items arriving (a poll) change the count the footer says
        self.model.rowsInserted.connect(lambda *_a: self._rows_arrived())
        self.model.rowsRemoved.connect(lambda *_a: self._rows_left())
        # the current row read in Unread (unsaved in Saved…) stays until left, but is no longer
        # one of the items the view holds: the count says so at once
        self.model.leavingChanged.connect(self._rows_arrived)
        self.model.dataChanged.connect(self._rows_changed)
        self.filters.fill()
        if bridge is not None:
            bridge.itemsAdded.connect(lambda e: self.model.items_added(e.item_ids))
            bridge.itemsChanged.connect(lambda e: self.model.items_changed(e.item_ids))
            bridge.notificationPlanned.connect(lambda e: self.model.items_notified(e.item_ids))
            bridge.sourcesChanged.connect(self._sources_changed)
            bridge.started.connect(self._engine_started)
        if actions is not None:
            self.set_paused(actions.paused)
        self._update_item_actions()
        self.model.reload()
        # what another process changed (``notify save`` in a terminal): looked at when the
        # window becomes active and after a round while it shows (outside_changes.py)
        self.outside = OutsideChanges(reader, bridge, self)
        self.outside.changed.connect(self._changed_outside)
        self.outside.check()  # (the first look: what later ones compare with)
        if bridge is not None:
            bridge.pollFinished.connect(
                lambda _e: self.outside.check() if self.isVisible() else None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.outside.check()

    def _sources_changed(self, event: Any) -> None:
        """The engine added, changed or removed sources: the Show menu follows, and a removed
        source's rows leave the list (``deleted_items.py``)."""
        self.filters.fill()
        self.deleted.sources_changed(tuple(getattr(event, "source_ids", ())))

    def _changed_outside(self) -> None:
        """The database changed in ways no event said: the rows of a source removed there
        leave (before the refresh: a deleted current row is no row that merely left its view),
        the list, the Show menu and Undo read again what may be stale."""
        self.deleted.sources_changed()
        self.model.refresh()
        self.filters.fill()
        self.undo.check()
        self.reactions.explain()  # the Why panel: what was learned may have changed

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.model.times_passed()  # hidden a while: its times are old
        actions = self.app_actions
        if actions is not None and actions.paused:  # "until tomorrow 07:00" may be today's now
            words = actions.pause_words()
            if words:
                self.set_paused(True, words)
        self.clock.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.clock.stop()

    def item_action(self, key: str) -> QAction:
        return self.menus.actions[key]

    def _engine_started(self) -> None:
        """The database exists now: read what the window could not read before; another
        program's changes are looked for on the engine's connection from now on."""
        self.filters.fill()
        self.outside.check()
        if self.model.rowCount() == 0:
            self.model.reload()

    def set_view(self, view: str) -> None:
        self.filters.set_view(view)

    def _loaded(self, count: int) -> None:
        filt, name = self.model.filter, self.filters.shown_name()
        if count and self.model.canFetchMore(QModelIndex()):  # more than the rows paged in
            self._count_all(lambda total: self.footer.loaded(total, filt, name))
        else:
            self.footer.loaded(count - len(self.model.leaving) if count else 0, filt, name)
        self.empty_watch.update()
        if self.model.settling:  # a reload on its way to the item shown (``_reloaded``)
            return
        if count and not self.view.currentIndex().isValid():
            self.selection.place(self.model.index(0, 0))
        if not count and self.pane.item is not None:  # an item the list no longer shows
            self._clear_pane()

    def _rows_left(self) -> None:
        """Rows left the list (they no longer belong in its view): the count it says follows;
        the list emptied says so, as a page without items does."""
        if self.model.rowCount():
            self._rows_arrived()
        elif not self.model.settling:
            self._loaded(0)

    def _rows_arrived(self) -> None:
        """Rows came or went: the count the footer says, if it says one, follows (all the items
        the view holds, counted when not all are paged in; never a row listed only while
        current, which left the view: Unread said "5 items" over 4 unread ones)."""
        filt, name = self.model.filter, self.filters.shown_name()
        if self.model.canFetchMore(QModelIndex()):
            self._count_all(lambda total: self.footer.rows_arrived(total, filt, name))
        else:
            self.footer.rows_arrived(self.model.rowCount() - len(self.model.leaving), filt,
                                     name)

    def _count_all(self, then: Callable[[int], None]) -> None:
        """``then`` gets how many items the list's view holds in all (``query.count``), unless
        the view changed before the answer came."""
        filt = self.model.filter

        def counted(total: int) -> None:
            if self.model.filter == filt:
                then(total)

        self.reader.submit(lambda conn: query.count(conn, filt), counted,
                           lambda message: log.warning("the inbox's items not counted: %s",
                                                       message), owner=self)

    def _clear_pane(self) -> None:
        self.read_marks.left()
        self.pane.show_item(None)
        self._update_item_actions()

    def say(self, text: str) -> None:
        """A plain line in the footer (results, errors)."""
        self.footer.say(text)

    def set_notices(self, texts: list[str]) -> None:
        """Notices the person must act on, on the footer's lines of their own: no result, count
        or hint replaces them (``footer.InboxFooter.set_notices``)."""
        self.footer.set_notices(texts)

    def set_paused(self, paused: bool, until: str = "") -> None:
        """Say in the footer and on the toolbar's Pause that notifications are paused
        (``until``: "until 14:30")."""
        self.footer.set_paused(paused, until)
        if self.pause_button is not None:
            self.pause_button.set_paused(paused, until)

    def set_budget(self, state: Budget) -> None:
        """Today's budget (``budget.py``): the footer says when it is used and stories were
        left out for it."""
        self.footer.set_budget(state)

    def show_over_budget(self) -> None:
        """Show → Over today's budget: the stories left silent for it, the keyboard in the
        list."""
        self.set_view(query.VIEW_OVER_BUDGET)
        self.view.setFocus()

    def set_quiet(self, on: bool, until: str = "") -> None:
        """It is quiet hours (``until`` when, in words): the footer says so."""
        self.footer.set_quiet(on, until)

    # ----- selection and keyboard
    def step(self, step: int) -> None:
        self.selection.step(step)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current)
        if (self.selection.reselecting and row is not None and self.pane.item is not None
                and self.pane.item.id == row.id):
            # selected again after a reload of the list: the pane shows it already (as it was
            # scrolled, its images shown or not), and it is still being read
            self._update_item_actions()
            self.read_marks.shown(row.id, is_unread(row))
            return
        # the pane's Why panel and buttons are for this row from now on, not the item it
        # shows until this one's text is read (``_got_detail``)
        self.pane.expect(row.id if row is not None else None)
        self.read_marks.left()
        self._update_item_actions()
        if self.model.leaving:
            # the row moved off, if it left its view, goes once this change is done
            QTimer.singleShot(0, self.model.release_left)
        if row is None:
            self.pane.show_item(None)
            return
        self.reader.submit(lambda conn: query.detail(conn, row.id), self._got_detail)

    def _got_detail(self, detail: query.Detail | None) -> None:
        current = self.model.row_at(self.view.currentIndex())
        if detail is None or current is None or current.id != detail.id:
            return
        self.pane.show_item(detail)
        self._update_item_actions()  # the pane's ☆ or ★ is this item's (it kept the last one's)
        self.read_marks.shown(detail.id, is_unread(current))
        self.reactions.explain()

    def show_item(self, item_id: int) -> None:
        """Show and select an item (a click on its notification, the tray's or a digest's
        entry): in the list as it shows when it lists the item, else in All items, the footer
        saying why; an item no longer stored is said so (``jump.py``)."""
        self.jump.show(item_id)

    def show_new(self, stories: Sequence[frozenset[int]]) -> None:
        """Show the new stories (each its items' ids) the inbox was opened for, the newest
        selected; a search or Show choice that hides them is cleared, the footer saying so;
        ``new_stories.shown`` once they can be seen (``new_stories.py``)."""
        self.new_stories.show(stories)

    def _rows_changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: Any) -> None:
        """Rows' marks changed: the item actions follow the current row's only (a refresh after
        a source was removed changed 387 rows and updated them 387 times in one turn)."""
        current = self.view.currentIndex()
        if current.isValid() and top.row() <= current.row() <= bottom.row():
            self._update_item_actions()

    def _update_item_actions(self) -> None:
        row = self.model.row_at(self.view.currentIndex())
        self.menus.update(row, self.filters.shown_name())
        shown = self.pane.item
        if shown is not None and row is not None and shown.id == row.id:
            self.pane.set_saved(row.saved)

    def _toggle_saved(self) -> None:
        """Save: the current item saved or unsaved; the action (checkable, so Qt checked or
        unchecked it already) says what is stored until the engine changed it."""
        self.saved_marks.toggle()
        self._update_item_actions()

    # ----- reactions
    @property
    def last_reaction(self) -> tuple[int, str] | None:
        """(item id, label) of the newest reaction Undo can take back."""
        return self.undo.last_reaction

    def react(self, item_id: int, label: str) -> None:
        """Like and Dismiss go on to the next item; Open is recorded once a browser took the
        link (``item_commands.py``)."""
        self.commands.react(item_id, label)

    def _fetch_images(self, urls: list[str]) -> None:
        if self.bridge is None or not urls:
            return
        ops.fetch_images(self.pane, urls, self.pane.images_arrived).failure(
            self.footer.failed).run_in_background(self.bridge)

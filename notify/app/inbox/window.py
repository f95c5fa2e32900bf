"""The inbox window: every item, filters, search, the item pane, keyboard j/k/l/d/o/m and /
(l and d like or dismiss, then go to the next item), and a menu bar with the app's commands
(Poll now, Pause, Settings…, Quit: the tray's actions).

An item shown in the pane for ``READ_AFTER_MS`` is marked read (as a mail client does: scrolling
past with j/k does not mark what was only glimpsed); ``m`` toggles read/unread.

Thin: queries go to the reader thread, reactions and read marks to the engine through
operations.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.actions import AppActions, key_text, shortcuts
from notify.app.bridge import EngineBridge
from notify.app.inbox import query
from notify.app.inbox.model import COL_SOURCE, COL_TIME, COL_TITLE, InboxModel, is_unread
from notify.app.inbox.pane import ItemPane
from notify.app.inbox.reader import Reader
from notify.app.inbox.show_menu import searchable
from notify.app.notifier.browser import LinkOpener
from notify.app.profile_words import interest_of, term_of, term_text
from notify.app.untrusted_text import isolated, mnemonic_free, one_line

log = logging.getLogger(__name__)
READ_AFTER_MS = 1000  # an item shown this long is marked read
SAY_KEEP_S = 4.0  # a result said in the footer is not replaced by a page's count this soon
NAME_CHARS = 60  # a source or group name in a menu or action


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class InboxWindow(QMainWindow):
    def __init__(self, bridge: EngineBridge | None, reader: Reader,
                 parent: QWidget | None = None, *, actions: AppActions | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.reader = reader
        self.app_actions = actions
        self.setWindowTitle(tr("Notify: inbox"))
        self.setAccessibleName(tr("Inbox"))
        self.resize(1100, 700)
        self.model = InboxModel(reader, self)
        self.last_reaction: tuple[int, str] | None = None
        self._read_timer = QTimer(self)  # marks the shown item read after READ_AFTER_MS
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_AFTER_MS)
        self._read_timer.timeout.connect(self._mark_shown_read)
        self._shown_id: int | None = None
        self._source_titles: dict[int, str] = {}
        self._choices: Any = None  # what the filter menu lists (rebuilt only when it changes)

        self.view = QTableView(self)
        self.view.setObjectName("items")  # its column widths are remembered (window_state.py)
        self.view.setAccessibleName(tr("Items"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TIME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_SOURCE, 180)
        header.resizeSection(COL_TIME, 100)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)

        self.pane = ItemPane(self)
        self.pane.reaction.connect(self.react)
        self.pane.correction.connect(self._correction)
        self.pane.imagesRequested.connect(self._fetch_images)

        self.filter_box = QComboBox(self)
        self.filter_box.setAccessibleName(tr("Show"))
        searchable(self.filter_box, self.view)  # 1,000 sources: found by typing a name
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("Search (/)"))
        self.search.setAccessibleName(tr("Search items"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.filter_box.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.status = QLabel(self)
        self.links = LinkOpener(self)  # says whether a browser took a link (xdg-open's answer)
        self._said_at = 0.0  # when ``say`` last put a result in the footer (monotonic)
        self.status.setAccessibleName(tr("Status"))
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.linkActivated.connect(self._link)
        self.paused_note = QLabel(self)
        self.paused_note.setAccessibleName(tr("Notifications paused"))
        self.paused_note.setTextFormat(Qt.TextFormat.RichText)
        self.paused_note.linkActivated.connect(self._link)
        self.paused_note.hide()

        self._item_actions: dict[str, QAction] = {}
        self.undo_action = QAction(tr("Undo reaction"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setToolTip(tr("Undo your last Like or Dismiss ({0})").format(
            self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)))
        self.undo_action.triggered.connect(self.undo)
        self.undo_action.setEnabled(False)
        self._build_menus()

        bar = QToolBar(tr("Inbox"), self)
        bar.setObjectName("inbox-toolbar")
        bar.setMovable(False)
        bar.addWidget(self.filter_box)
        bar.addWidget(self.search)
        if actions is not None:
            bar.addAction(actions.action("poll"))
            bar.addAction(actions.action("settings"))
        bar.addAction(self.undo_action)
        self.addToolBar(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("list-and-pane")  # remembered with the window (window_state.py)
        splitter.addWidget(self.view)
        splitter.addWidget(self.pane)
        splitter.setSizes([600, 500])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(splitter, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.paused_note)
        layout.addLayout(foot)
        self.setCentralWidget(central)

        self.model.pageLoaded.connect(self._loaded)
        self.model.dataChanged.connect(lambda *_a: self._update_item_actions())
        self._fill_filters()
        if bridge is not None:
            bridge.itemsAdded.connect(lambda e: self.model.items_added(e.item_ids))
            bridge.itemsChanged.connect(lambda e: self.model.items_changed(e.item_ids))
            bridge.sourcesChanged.connect(lambda _e: self._fill_filters())
            bridge.started.connect(self._engine_started)
        if actions is not None:
            self.set_paused(actions.paused)
        self._update_item_actions()
        self.model.reload()

    def _build_menus(self) -> None:
        """The menu bar: the app's commands (shared with the tray), the item's, moving around.
        Every action is also the window's own, so its key works wherever the focus is (a text
        field keeps the letters typed into it)."""
        bar = self.menuBar()
        actions = self.app_actions
        if actions is not None:
            app_menu = bar.addMenu(tr("&Notify"))
            actions.add_app_commands(app_menu)
            close = QAction(tr("Close window"), self)
            close.setShortcuts(shortcuts(QKeySequence.StandardKey.Close, "Ctrl+W",
                                         extra_first=True))
            close.triggered.connect(self.close)
            app_menu.insertAction(actions.action("quit"), close)
            for key in ("poll", "settings", "quit", "resume"):
                self.addAction(actions.action(key))
            self.addAction(close)
        item_menu = bar.addMenu(tr("&Item"))
        # Like and Dismiss move on to the next item, as mail and feed readers do: the labels
        # say so, or "l then j" would skip one
        item_commands: list[tuple[str, str, list[Any], Callable[[], None] | None]] = [
            ("like", tr("Like and go to next"), ["L"], lambda: self._react_current("like")),
            ("dismiss", tr("Dismiss and go to next"), ["D"],
             lambda: self._react_current("dismiss")),
            ("open", tr("Open in browser"), ["O"], lambda: self._react_current("open")),
            ("", "", [], None),
            ("read", tr("Mark as read"), ["M"], self.toggle_read),
            ("all-read", tr("Mark all as read"), [], self.mark_all_read),
            ("", "", [], None)]
        for key, label, keys, slot in item_commands:
            if not key:
                item_menu.addSeparator()
                continue
            action = self._item_action(key, label, keys, slot)
            item_menu.addAction(action)
        for key, tip in (("like", tr("More items like this one; then the next item is shown")),
                         ("dismiss", tr("Fewer items like this one; then the next item is "
                                        "shown"))):
            self._item_actions[key].setToolTip(tip)
            self._item_actions[key].setStatusTip(tip)
        item_menu.addAction(self.undo_action)
        self.addAction(self.undo_action)
        go_menu = bar.addMenu(tr("&Go"))
        go_commands: list[tuple[str, str, list[Any], Callable[[], None] | None]] = [
            ("next", tr("Next item"), ["J"], lambda: self.step(1)),
            ("previous", tr("Previous item"), ["K"], lambda: self.step(-1)),
            ("search", tr("Search"), ["/", QKeySequence.StandardKey.Find], self._focus_search)]
        for key, label, keys, slot in go_commands:
            go_menu.addAction(self._item_action(key, label, keys, slot))

    def _item_action(self, key: str, label: str, keys: list[Any],
                     slot: Callable[[], None] | None) -> QAction:
        action = QAction(label, self)
        sequences: list[QKeySequence] = []
        for k in keys:
            if isinstance(k, QKeySequence.StandardKey):
                sequences += shortcuts(k)
            else:
                sequences.append(QKeySequence(k))
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(lambda _=False: slot())
        self.addAction(action)
        self._item_actions[key] = action
        return action

    def item_action(self, key: str) -> QAction:
        return self._item_actions[key]

    def _engine_started(self) -> None:
        """The database exists now: read what the window could not read before."""
        self._fill_filters()
        if self.model.rowCount() == 0:
            self.model.reload()

    # ----- filters
    def _fill_filters(self) -> None:
        self.reader.submit(query.source_choices, self._got_choices)

    def _got_choices(self, choices: tuple[list[tuple[int, str]], list[str]]) -> None:
        if choices == self._choices:  # a poll round or a source disabled: same names
            return
        self._choices = choices
        sources, groups = choices
        self._source_titles = dict(sources)
        current = self.filter_box.currentData()
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem(tr("All items"), f"view:{query.VIEW_ALL}")
        self.filter_box.addItem(tr("Notified"), f"view:{query.VIEW_NOTIFIED}")
        self.filter_box.addItem(tr("Liked"), f"view:{query.VIEW_LIKED}")
        for group in groups:
            self.filter_box.addItem(tr("Group: {0}").format(isolated(group, NAME_CHARS)),
                                    f"group:{group}")
        for source_id, title in sources:
            self.filter_box.addItem(tr("Source: {0}").format(isolated(title, NAME_CHARS)),
                                    f"source:{source_id}")
        index = self.filter_box.findData(current) if current else 0
        self.filter_box.setCurrentIndex(max(0, index))
        self.filter_box.blockSignals(False)

    def _apply_filter(self) -> None:
        kind, _, value = str(self.filter_box.currentData() or "view:all").partition(":")
        filt = query.InboxFilter(
            view=str(value) if kind == "view" else query.VIEW_ALL,
            source_id=int(value) if kind == "source" else None,
            group=str(value) if kind == "group" else None,
            search=self.search.text().strip(),
        )
        if filt != self.model.filter:
            self.model.set_filter(filt)
        self._update_item_actions()

    def set_view(self, view: str) -> None:
        index = self.filter_box.findData(f"view:{view}")
        if index >= 0:
            self.filter_box.setCurrentIndex(index)

    def _loaded(self, count: int) -> None:
        if count:
            if time.monotonic() - self._said_at >= SAY_KEEP_S:  # a result just said stays
                self.say(tr("{0} items loaded").format(count))
                self._said_at = 0.0
        elif self.model.filter != query.InboxFilter():
            self.say(tr("Nothing matches this filter or search."))
        else:
            self._say_empty()
        if count and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        if not count and self.pane.item is not None:  # an item the list no longer shows
            self._read_timer.stop()
            self._shown_id = None
            self.pane.show_item(None)
            self._update_item_actions()

    def _say_empty(self) -> None:
        """The empty inbox points at the controls that fill it."""
        actions = self.app_actions
        if actions is None:
            self.say(tr("No items yet. Add sources in Settings, then poll."))
            return

        def keys(action: QAction) -> str:
            text = key_text(action)
            return f" ({escape(text)})" if text else ""

        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setText(tr("No items yet. Add sources in <a href=\"settings\">Settings</a>"
                               "{0}, then <a href=\"poll\">poll now</a>{1}.").format(
            keys(actions.action("settings")), keys(actions.action("poll"))))

    def say(self, text: str) -> None:
        """A plain line in the footer (results, errors); a page loaded within ``SAY_KEEP_S``
        does not replace it with its count."""
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setText(one_line(text))
        self._said_at = time.monotonic()

    def _link(self, target: str) -> None:
        actions = self.app_actions
        if actions is not None and target in ("settings", "poll", "resume"):
            actions.action(target).trigger()

    def set_paused(self, paused: bool, until: str = "") -> None:
        """Say in the footer that notifications are paused, ``until`` when ("until 14:30"),
        what happens meanwhile, and the way back."""
        when = f" {escape(until)}" if until else ""
        self.paused_note.setText(
            tr("Notifications paused{0}; items found meanwhile stay in the inbox · "
               "<a href=\"resume\">Resume</a>").format(when))
        self.paused_note.setVisible(paused)

    # ----- selection and keyboard
    def step(self, step: int) -> None:
        current = self.view.currentIndex()
        row = (current.row() + step) if current.isValid() else 0
        if 0 <= row < self.model.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            if row >= self.model.rowCount() - 5 and self.model.canFetchMore(QModelIndex()):
                self.model.fetchMore(QModelIndex())

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._read_timer.stop()
        self._shown_id = None
        self._update_item_actions()
        row = self.model.row_at(current)
        if row is None:
            self.pane.show_item(None)
            return
        self.reader.submit(lambda conn: query.detail(conn, row.id), self._got_detail)

    def _got_detail(self, detail: query.Detail | None) -> None:
        current = self.model.row_at(self.view.currentIndex())
        if detail is None or current is None or current.id != detail.id:
            return
        self.pane.show_item(detail)
        self._shown_id = detail.id
        if is_unread(current):
            self._read_timer.start()
        self._explain()

    def _explain(self) -> None:
        """Ask the engine why the shown item ranked where it did (again after a correction)."""
        item = self.pane.item
        if item is None or self.bridge is None or not self.bridge.running:
            return
        item_id = item.id

        def got(explanation: Any) -> None:
            shown = self.pane.item
            if shown is not None and shown.id == item_id:  # not an item scrolled past since
                self.pane.show_explanation(explanation)

        ops.explain(self.pane, item_id, got).failure(
            lambda err: log.info("no explanation for item %d: %s", item_id, err)
        ).run_in_background(self.bridge)

    def show_item(self, item_id: int) -> None:
        """Select an item (e.g. after a click on its notification); loads pages until found."""
        row = self.model.row_of(item_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.scrollTo(self.model.index(row, 0))

    # ----- read and unread
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
        self._read_timer.stop()  # marked unread on purpose: do not mark it read again
        read = is_unread(row)
        self._set_read(row.id, read, tr("Marked as read.") if read else
                       tr("Marked as unread. M marks it read again."))

    def _set_read(self, item_id: int, read: bool, message: str = "") -> None:
        if self.bridge is None:
            return

        def done(_ids: Any) -> None:
            if message:
                self.say(message)

        # the engine reports ItemsChanged: the row is re-read and loses (or gets) its bold
        ops.mark_read(self, [item_id], read, done).failure(self._failed).run_in_background(
            self.bridge)

    def mark_all_read(self) -> None:
        """Every unread item of the source or group shown (else of every source) is read."""
        if self.bridge is None:
            return
        filt = self.model.filter
        self._read_timer.stop()
        self.say(tr("Marking items as read…"))

        def done(count: int) -> None:
            self.say(tr("No unread items.") if not count else
                     tr("Marked 1 item as read.") if count == 1 else
                     tr("Marked {0} items as read.").format(count))

        ops.mark_all_read(self, source_id=filt.source_id, group=filt.group, success=done
                          ).failure(self._failed).run_in_background(self.bridge)

    def _update_item_actions(self) -> None:
        row = self.model.row_at(self.view.currentIndex())
        for key in ("like", "dismiss", "open", "read"):
            self._item_actions[key].setEnabled(row is not None)
        toggle = self._item_actions["read"]
        toggle.setText(tr("Mark as unread") if row is not None and not is_unread(row)
                       else tr("Mark as read"))
        filt = self.model.filter
        # a source's or group's name in an action's text: its "&" is no mnemonic, its bidi
        # controls are gone and it is isolated from the words around it
        title = (self._source_titles.get(filt.source_id, "") if filt.source_id is not None
                 else "")
        name = (isolated(title, NAME_CHARS) if title
                else tr("group {0}").format(isolated(filt.group, NAME_CHARS)) if filt.group
                else "")
        self._item_actions["all-read"].setText(
            tr("Mark all of {0} as read").format(mnemonic_free(name)) if name
            else tr("Mark all items as read"))

    # ----- reactions
    def _react_current(self, label: str) -> None:
        row = self.model.row_at(self.view.currentIndex())
        if row is not None:
            self.react(row.id, label)

    def react(self, item_id: int, label: str) -> None:
        if label == "open":
            detail = self.pane.item
            if detail is not None and detail.id == item_id and detail.link:
                # recorded as opened only once a browser took the link (LinkOpener)
                self.links.open(detail.link, lambda: self._record(item_id, label),
                                lambda _why: self.say(tr(
                                    "No web browser could open the link, so it was not "
                                    "recorded as opened. Its address is in the item.")))
                return
        self._record(item_id, label)

    def _record(self, item_id: int, label: str) -> None:
        if self.bridge is None:
            return
        self.say(tr("Saving your reaction…"))

        def done(reacted: Any) -> None:
            if not getattr(reacted, "learned", True):  # the same again: nothing changed
                self.say(reacted.summary(tr("this item")))
                return
            self.last_reaction = (item_id, label)
            self.undo_action.setEnabled(True)
            earlier = getattr(reacted, "earlier", None)
            saved = (tr("Saved: {0}, instead of your earlier {1}.").format(label, earlier)
                     if earlier else tr("Saved: {0}.").format(label))
            self.say(saved + " " + tr("{0} undoes it.").format(key_text(self.undo_action)))
            self.model.items_changed((item_id,))

        ops.feedback(self, item_id, label, done).failure(self._failed).run_in_background(
            self.bridge)
        if label in ("like", "dismiss"):
            self.step(1)

    def undo(self) -> None:
        if self.bridge is None or self.last_reaction is None:
            return
        item_id = self.last_reaction[0]

        def done(_: Any) -> None:
            self.last_reaction = None
            self.undo_action.setEnabled(False)
            self.say(tr("Your last reaction was undone."))
            self.model.items_changed((item_id,))

        ops.undo_feedback(self, done).failure(self._failed).run_in_background(self.bridge)

    def _correction(self, kind: str, value: object) -> None:
        if self.bridge is None:
            return
        if kind == "mute" and isinstance(value, int):
            ops.update_source(self, value, {"muted": True},
                              lambda _: self.say(tr("Source muted."))
                              ).failure(self._failed).run_in_background(self.bridge)
        elif kind == "less":
            term = term_of(str(value))
            if term is None:
                log.error("no profile term behind the feature %r", value)
                return

            def lowered(weight: float) -> None:
                self.say(tr("Less of {0} from now on (weight {1:+.2f}).").format(
                    term_text(term), weight))
                self._explain()

            ops.Op(self, lambda engine: engine.ranking().less_of(term), lowered
                   ).failure(self._failed).run_in_background(self.bridge)
        elif kind == "uninterest":
            interest = interest_of(str(value))
            if interest is None:
                log.error("no stated interest behind the feature %r", value)
                return

            def removed(_interests: Any) -> None:
                self.say(tr("{0} is no longer one of your interests (Settings → Profile adds "
                            "it back).").format(term_text(interest)))
                self._explain()

            ops.Op(self, lambda engine: engine.ranking().interests(remove=[interest]), removed
                   ).failure(self._failed).run_in_background(self.bridge)

    def _fetch_images(self, urls: list[str]) -> None:
        if self.bridge is None or not urls:
            return
        ops.fetch_images(self.pane, urls, self.pane.images_arrived).failure(
            self._failed).run_in_background(self.bridge)

    def _failed(self, err: BaseException) -> None:
        log.error("inbox operation failed: %s", err)
        self.say(str(err))

"""The inbox window: every item, filters, search, the item pane, keyboard j/k/l/d/o and /.

Thin: queries go to the reader thread, reactions to the engine through operations.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
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
from notify.app.bridge import EngineBridge
from notify.app.inbox import query
from notify.app.inbox.model import COL_SOURCE, COL_TIME, COL_TITLE, InboxModel
from notify.app.inbox.pane import ItemPane
from notify.app.inbox.reader import Reader

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class InboxWindow(QMainWindow):
    def __init__(self, bridge: EngineBridge | None, reader: Reader,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.reader = reader
        self.setWindowTitle(tr("Notify: inbox"))
        self.setAccessibleName(tr("Inbox"))
        self.resize(1100, 700)
        self.model = InboxModel(reader, self)
        self.last_reaction: tuple[int, str] | None = None

        self.view = QTableView(self)
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
        self.status.setAccessibleName(tr("Status"))

        bar = QToolBar(tr("Inbox"), self)
        bar.setObjectName("inbox-toolbar")
        bar.setMovable(False)
        bar.addWidget(self.filter_box)
        bar.addWidget(self.search)
        self.undo_action = QAction(tr("Undo reaction"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.undo_action.setEnabled(False)
        bar.addAction(self.undo_action)
        self.addToolBar(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.view)
        splitter.addWidget(self.pane)
        splitter.setSizes([600, 500])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(splitter, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        layout.addLayout(foot)
        self.setCentralWidget(central)

        for key, slot in (("J", lambda: self.step(1)), ("K", lambda: self.step(-1)),
                          ("L", lambda: self._react_current("like")),
                          ("D", lambda: self._react_current("dismiss")),
                          ("O", lambda: self._react_current("open")),
                          ("/", self._focus_search)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self.model.pageLoaded.connect(self._loaded)
        self._fill_filters()
        if bridge is not None:
            bridge.itemsAdded.connect(lambda e: self.model.items_added(e.item_ids))
            bridge.itemsChanged.connect(lambda e: self.model.items_changed(e.item_ids))
            bridge.sourcesChanged.connect(lambda _e: self._fill_filters())
            bridge.started.connect(self._engine_started)
        self.model.reload()

    def _engine_started(self) -> None:
        """The database exists now: read what the window could not read before."""
        self._fill_filters()
        if self.model.rowCount() == 0:
            self.model.reload()

    # ----- filters
    def _fill_filters(self) -> None:
        self.reader.submit(query.source_choices, self._got_choices)

    def _got_choices(self, choices: tuple[list[tuple[int, str]], list[str]]) -> None:
        sources, groups = choices
        current = self.filter_box.currentData()
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        self.filter_box.addItem(tr("All items"), f"view:{query.VIEW_ALL}")
        self.filter_box.addItem(tr("Notified"), f"view:{query.VIEW_NOTIFIED}")
        self.filter_box.addItem(tr("Liked"), f"view:{query.VIEW_LIKED}")
        for group in groups:
            self.filter_box.addItem(tr("Group: {0}").format(group), f"group:{group}")
        for source_id, title in sources:
            self.filter_box.addItem(tr("Source: {0}").format(title), f"source:{source_id}")
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

    def set_view(self, view: str) -> None:
        index = self.filter_box.findData(f"view:{view}")
        if index >= 0:
            self.filter_box.setCurrentIndex(index)

    def _loaded(self, count: int) -> None:
        self.status.setText(tr("{0} items loaded").format(count) if count
                            else tr("No items yet. Add sources in Settings, then poll."))
        if count and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))

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
        if self.bridge is not None and self.bridge.running:
            ops.explain(self.pane, detail.id, self._got_explanation).failure(
                lambda err: log.info("no explanation for item %d: %s", detail.id, err)
            ).run_in_background(self.bridge)

    def _got_explanation(self, explanation: Any) -> None:
        self.pane.show_explanation(explanation)

    def show_item(self, item_id: int) -> None:
        """Select an item (e.g. after a click on its notification); loads pages until found."""
        row = self.model.row_of(item_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.scrollTo(self.model.index(row, 0))

    # ----- reactions
    def _react_current(self, label: str) -> None:
        row = self.model.row_at(self.view.currentIndex())
        if row is not None:
            self.react(row.id, label)

    def react(self, item_id: int, label: str) -> None:
        if label == "open":
            detail = self.pane.item
            if detail is not None and detail.id == item_id and detail.link:
                QDesktopServices.openUrl(QUrl(detail.link))
        if self.bridge is None:
            return
        self.status.setText(tr("Saving your reaction…"))

        def done(_: Any) -> None:
            self.last_reaction = (item_id, label)
            self.undo_action.setEnabled(True)
            self.status.setText(tr("Saved: {0}. Ctrl+Z undoes it.").format(label))
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
            self.status.setText(tr("Your last reaction was undone."))
            self.model.items_changed((item_id,))

        ops.undo_feedback(self, done).failure(self._failed).run_in_background(self.bridge)

    def _correction(self, kind: str, value: object) -> None:
        if self.bridge is None:
            return
        if kind == "mute" and isinstance(value, int):
            ops.update_source(self, value, {"muted": True},
                              lambda _: self.status.setText(tr("Source muted."))
                              ).failure(self._failed).run_in_background(self.bridge)
        elif kind == "less":
            from notify.core.ranking.profile import parse_term

            term = parse_term(str(value))
            ops.Op(self, lambda engine: engine.ranking().less_of(term),
                   lambda weight: self.status.setText(
                       tr("Less of {0} from now on (weight {1:+.2f}).").format(term, weight))
                   ).failure(self._failed).run_in_background(self.bridge)

    def _fetch_images(self, urls: list[str]) -> None:
        if self.bridge is None or not urls:
            return
        ops.fetch_images(self.pane, urls, self.pane.images_arrived).failure(
            self._failed).run_in_background(self.bridge)

    def _failed(self, err: BaseException) -> None:
        log.error("inbox operation failed: %s", err)
        self.status.setText(str(err))

"""The inbox list's column widths: the Title takes the room; Source and When are as wide as what
they show, each at most a share of the list's width (Source also at most ``SOURCE_WIDTH``, or
the width the person gave it: dragged, or remembered with the window), their texts elided
("…", the whole in the tooltip).

A fixed 180 px Source left the Title a third of an 800 px window's list. The widths are worked
out again when the list is resized and when rows arrive (what they show changed): from the rows
in sight only, measured with the font they are drawn in, and at most once per ``SETTLE_MS``
while rows keep arriving (Qt's ``sizeHintForColumn`` at every page loaded made scrolling 5,000
rows stall the GUI thread 70 ms, 12 times)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

from notify.app.inbox.model import COL_SOURCE, COL_TIME, COL_TITLE

SOURCE_WIDTH = 180  # Source's widest, until the person drags it
SOURCE_SHARE = 0.25  # of the list's width, at most
TIME_SHARE = 0.25  # a date ("2026-05-28", bold when unread) fits an 800 px window's list
NARROWEST = 48  # a column is never narrower (its header's word stays readable)
SETTLE_MS = 100  # rows arriving (pages while scrolling, a poll round) fit the widths once
IN_SIGHT_MOST = 80  # rows measured at most (those in sight)
PADDING = 12  # a cell's margins around its text


class _Header(QHeaderView):
    """The list's header; says when the widths the window was left with are put back
    (``restoreState`` emits no ``sectionResized``)."""

    def __init__(self, restored: Callable[[], None], parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._restored = restored
        self.setSectionsClickable(True)  # as a table's own header
        self.setHighlightSections(True)
        self.setAccessibleName(QCoreApplication.translate("InboxWindow", "Columns"))

    def restoreState(self, state: QByteArray | bytes) -> bool:  # type: ignore[override]
        done = super().restoreState(state)
        if done:
            self._restored()
        return done


class ColumnFit(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.source_width = SOURCE_WIDTH
        self._fitting = False
        header = _Header(self._restored, view)
        view.setHorizontalHeader(header)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TIME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_SOURCE, SOURCE_WIDTH)
        header.resizeSection(COL_TIME, 100)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(SETTLE_MS)
        self._later.timeout.connect(self.fit)
        model = view.model()
        model.rowsInserted.connect(lambda *_a: self._later.start())
        model.modelReset.connect(self._later.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized(self, column: int, _old: int, new: int) -> None:
        """Source resized, not by ``fit``: dragged by the person, or as the window was left
        (``window_state``): that is its widest from now on."""
        if column == COL_SOURCE and not self._fitting:
            self.source_width = max(new, NARROWEST)  # (a drag is not fought: fit() runs later)

    def _restored(self) -> None:
        """The widths the window was left with: Source's is its widest."""
        self.source_width = max(self.view.horizontalHeader().sectionSize(COL_SOURCE), NARROWEST)
        self.fit()

    def fit(self) -> None:
        width = self.view.viewport().width()
        if width <= 0:
            return
        source = self._content(COL_SOURCE, self.source_width)
        source = min(source, self.source_width, max(NARROWEST, int(width * SOURCE_SHARE)))
        when = min(self._content(COL_TIME, 100), max(NARROWEST, int(width * TIME_SHARE)))
        header = self.view.horizontalHeader()
        self._fitting = True
        try:
            for column, size in ((COL_SOURCE, source), (COL_TIME, when)):
                if header.sectionSize(column) != size:
                    header.resizeSection(column, size)
        finally:
            self._fitting = False

    def _content(self, column: int, otherwise: int) -> int:
        """How wide the column's rows in sight and its header need it (``otherwise`` with no
        rows)."""
        view = self.view
        model = view.model()
        rows = model.rowCount()
        head = view.horizontalHeader().sectionSizeFromContents(column).width()
        if rows == 0:
            return max(otherwise, head, NARROWEST)
        top = max(view.rowAt(0), 0)
        bottom = view.rowAt(view.viewport().height() - 1)
        bottom = min(rows - 1 if bottom < 0 else bottom, top + IN_SIGHT_MOST - 1)
        plain = view.fontMetrics()
        widest = 0
        for row in range(top, bottom + 1):
            index = model.index(row, column)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font) if isinstance(font, QFont) else plain
            widest = max(widest, metrics.horizontalAdvance(str(text)))
        return max(widest + PADDING if widest else otherwise, head, NARROWEST)

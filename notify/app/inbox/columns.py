"""The inbox list's column widths: the Title takes the room; Source and When are as wide as what
they show, each at most a share of the list's width (Source also at most ``SOURCE_WIDTH``, and
narrower, down to its header's word, while the Title has less than ``TITLE_SHARE`` of the list),
their texts elided ("…", the whole in the tooltip). A width the person gave Source or When (by
dragging its edge) is theirs: kept as given, whatever the rows show, at most ``GIVEN_SHARE`` of
the list (the Title keeps room in a window made narrow), and remembered with the window as
given (``given_widths``), not as fitted: saving the fitted width made every restart narrower.

A fixed 180 px Source left the Title a third of an 800 px window's list. The widths are worked
out again when the list is resized and when rows arrive (what they show changed): from the rows
in sight only, measured with the font they are drawn in, and at most once per ``SETTLE_MS``
while rows keep arriving (Qt's ``sizeHintForColumn`` at every page loaded made scrolling 5,000
rows stall the GUI thread 70 ms, 12 times)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

from notify.app.inbox.row_cells import COL_SOURCE, COL_TIME, COL_TITLE

SOURCE_WIDTH = 180  # Source's widest, until the person drags it
SOURCE_SHARE = 0.25  # of the list's width, at most
# a date ("2026-05-28", bold when unread) as wide as it is, up to half the list: at the window's
# smallest a quarter cut it to "201…", which says nothing
TIME_SHARE = 0.5
NARROWEST = 48  # a column is never narrower (its header's word stays readable)
SETTLE_MS = 100  # rows arriving (pages while scrolling, a poll round) fit the widths once
IN_SIGHT_MOST = 80  # rows measured at most (those in sight)
PADDING = 12  # a cell's margins around its text
# the Title keeps at least this share of the list: Source gives way first (to ``NARROWEST``);
# at 14 pt Source and When took two thirds of a 300 px list ("(untitl…", "Exam…")
TITLE_SHARE = 0.5
GIVEN_SHARE = 0.5  # of the list's width, at most, for a width the person gave a column
FITTED = (COL_SOURCE, COL_TIME)  # the columns fitted to their rows, or as the person gave them


class _Header(QHeaderView):
    """The list's header; says when the widths the window was left with are put back
    (``restoreState`` emits no ``sectionResized``), and keeps the widths the person gave
    (``window_state`` saves and restores them beside the header's state)."""

    def __init__(self, fit: ColumnFit, parent: QTableView) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._fit = fit
        self.setSectionsClickable(True)  # as a table's own header
        self.setHighlightSections(True)
        self.setAccessibleName(QCoreApplication.translate("InboxWindow", "Columns"))

    def restoreState(self, state: QByteArray | bytes) -> bool:  # type: ignore[override]
        done = super().restoreState(state)
        if done:
            self._fit.fit()
        return done

    def given_widths(self) -> dict[int, int]:
        """The widths the person gave columns, by column (saved with the window)."""
        return dict(self._fit.given)

    def restore_given_widths(self, widths: dict[int, int]) -> None:
        self._fit.given = {column: max(width, NARROWEST) for column, width in widths.items()
                           if column in FITTED and width > 0}
        self._fit.fit()


class ColumnFit(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.given: dict[int, int] = {}  # column: the width the person gave it (dragged)
        self._fitting = False
        header = _Header(self, view)
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
        """Source or When resized, not by ``fit``: dragged by the person (or by a double click
        on its edge, to its contents): that is its width from now on."""
        if column in FITTED and not self._fitting:
            self.given[column] = max(new, NARROWEST)

    def fit(self) -> None:
        width = self.view.viewport().width()
        if width <= 0:
            return
        header = self.view.horizontalHeader()
        most_given = max(NARROWEST, int(width * GIVEN_SHARE))
        if COL_SOURCE in self.given:
            source = min(self.given[COL_SOURCE], most_given)
        else:
            source = min(self._content(COL_SOURCE, SOURCE_WIDTH), SOURCE_WIDTH,
                         max(NARROWEST, int(width * SOURCE_SHARE)))
        if COL_TIME in self.given:
            when = min(self.given[COL_TIME], most_given)
        else:
            when = min(self._content(COL_TIME, 100), max(NARROWEST, int(width * TIME_SHARE)))
        if COL_SOURCE not in self.given:  # the Title's share kept, if Source can give it
            least = max(NARROWEST, header.sectionSizeFromContents(COL_SOURCE).width())
            source = min(source, max(least, int(width * (1 - TITLE_SHARE)) - when))
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

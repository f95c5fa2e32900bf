"""Settings → Sources' list widget itself: its rows (``SourceItem``, one per source) and its
columns, Name, Group, Kind and Status.

The names take the width a larger window gives (they were cut at 260 px beside a Status
column 700 px wide at 1280×1024); the short columns keep theirs, resizable by hand. In a
narrow window the short columns give up width, in proportion, so that the names keep
``NAME_SHARE`` of it (at 480 px and 14 pt they kept 60 px: "A fe…"), and get their widths back
once it is wide again (widths set by hand stay, there). Narrower still (``STACK_CHARS``), each
source is on two lines, its group and kind under its name, their columns hidden
(``source_stacked.py``). The list shows ``MIN_ROWS`` rows at least, however short the window
(the page scrolls instead). What is in the rows and their order is ``SourceList``'s."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from notify.app.settings.source_stacked import StackedName
from notify.app.text_size import text_width

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COL_NAME, COL_GROUP, COL_KIND, COL_STATUS = range(4)
SHORT_COLUMNS = ((COL_GROUP, 150), (COL_KIND, 130), (COL_STATUS, 90))  # and their widths
NAME_SHARE = 0.4  # of a narrow list's width the names keep, at least
# Narrower than this many characters, the rows are stacked: Name, Group, Kind and Status side
# by side want about 62 (a name of 25, then 15, 13 and 9)
STACK_CHARS = 56
MIN_ROWS = 4  # the list is never shorter than this many rows (at 480 px, 14 pt it showed 3)


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


class SourceItem(QTreeWidgetItem):
    """One row; sorted (by ``SourceList``) by the clicked column's ``keys``, then by id."""

    def __init__(self, source_id: int) -> None:
        super().__init__()
        self.source_id = source_id
        self.keys: tuple[tuple[str | int, ...], ...] = ()  # per column (``sort_key``)
        self.haystack = ""  # what the filter matches against
        self.shown: tuple[str, ...] = ()  # the texts now shown: nothing redrawn if unchanged
        self.setData(0, ID_ROLE, source_id)


class SourceTree(QTreeWidget):
    """The rows, several selectable; sorted by ``SourceList``, never by Qt (the header only
    shows and flips the indicator: ``sortIndicatorChanged``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("Your sources"))
        self.setHeaderLabels([tr("Name"), tr("Group"), tr("Kind"), tr("Status")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)  # 1,000 rows: no height asked of each one
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSortingEnabled(False)
        header = self.header()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in SHORT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        self._narrowed = False  # the short columns gave up width to the names (``_fit``)
        self.stacked = False  # each source on two lines, Group and Kind under its name
        self.setItemDelegateForColumn(COL_NAME, StackedName(self, (COL_GROUP, COL_KIND)))
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Stacked while narrower than ``STACK_CHARS`` (its own width: a scroll bar coming
        with the taller rows does not undo it); the short columns shown narrower while the
        names would keep less than ``NAME_SHARE``; as they were once the list is wide enough
        again."""
        stacked = 0 < self.width() < text_width(self, STACK_CHARS)
        if stacked != self.stacked:
            self.stacked = stacked
            for column in (COL_GROUP, COL_KIND):
                self.setColumnHidden(column, stacked)
            self.doItemsLayout()  # the rows' height again (one line or two)
            self._fit_height()
        shown = [(c, width) for c, width in SHORT_COLUMNS if not self.isColumnHidden(c)]
        most = int(self.viewport().width() * (1 - NAME_SHARE))
        wanted = sum(width for _c, width in shown)
        if 0 < most < wanted:
            for column, width in shown:
                self.setColumnWidth(column, width * most // wanted)
            self._narrowed = True
        elif self._narrowed:
            for column, width in SHORT_COLUMNS:
                self.setColumnWidth(column, width)
            self._narrowed = False

    def _fit_height(self) -> None:
        """At least ``MIN_ROWS`` rows of its font tall, one line each or two (stacked)."""
        lines = 2 if self.stacked else 1
        row = lines * self.fontMetrics().lineSpacing() + 6  # and the row's margins
        self.setMinimumHeight(self.header().sizeHint().height() + MIN_ROWS * row
                              + 2 * self.frameWidth())

    def select_rows(self, rows: Sequence[int]) -> None:
        """Select ``rows`` (ascending), a range per run of adjacent rows."""
        model = self.model()
        last_column = self.columnCount() - 1
        ranges = QItemSelection()
        start = 0
        for n, row in enumerate(rows):
            if n + 1 == len(rows) or rows[n + 1] != row + 1:
                ranges.select(model.index(rows[start], 0), model.index(row, last_column))
                start = n + 1
        self.selectionModel().select(ranges, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def in_view(self, item: QTreeWidgetItem) -> bool:
        """``item``'s row is shown, at least in part, in the viewport."""
        return not item.isHidden() and self.visualItemRect(item).intersects(
            self.viewport().rect())

    def show_row(self, item: QTreeWidgetItem | None) -> None:
        """``item``'s row in view; the top when there is none (or it is hidden)."""
        if item is not None and not item.isHidden():
            self.scrollToItem(item)
        else:
            self.scrollToTop()

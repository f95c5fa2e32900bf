"""Settings → Sources' list widget itself: its rows (``SourceItem``, one per source) and its
columns, Name, Group, Kind and Status.

The names take the width a larger window gives (they were cut at 260 px beside a Status
column 700 px wide at 1280×1024); the short columns keep theirs, resizable by hand. In a
narrow window the short columns give up width, in proportion, so that the names keep
``NAME_SHARE`` of it (at 480 px and 14 pt they kept 60 px: "A fe…"), and get their widths back
once it is wide again (widths set by hand stay, there). What is in the rows and their order is
``SourceList``'s."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole + 1
COL_NAME, COL_GROUP, COL_KIND, COL_STATUS = range(4)
SHORT_COLUMNS = ((COL_GROUP, 150), (COL_KIND, 130), (COL_STATUS, 90))  # and their widths
NAME_SHARE = 0.4  # of a narrow list's width the names keep, at least


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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The short columns narrower while the names would keep less than ``NAME_SHARE``;
        as they were once the list is wide enough again."""
        most = int(self.viewport().width() * (1 - NAME_SHARE))
        wanted = sum(width for _c, width in SHORT_COLUMNS)
        if 0 < most < wanted:
            for column, width in SHORT_COLUMNS:
                self.setColumnWidth(column, width * most // wanted)
            self._narrowed = True
        elif self._narrowed:
            for column, width in SHORT_COLUMNS:
                self.setColumnWidth(column, width)
            self._narrowed = False

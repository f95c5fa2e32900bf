"""Settings → Sources' "Sort by" choice: the list's order said and chosen without the header.

The header sorts by a click on a column, but the stacked rows of a narrow window hide the Group
and Kind columns, a header takes no keyboard focus, and a screen reader is not told the order.
"Sort by" offers each column, A to Z or Z to A, and is the header's sort indicator in other
words: choosing here moves the indicator (``SourceList`` sorts by it), a header click shows
here. The order chosen stays when the layout changes (the indicator's section is kept while its
column is hidden), and over a restart: "Sort by" is a remembered choice of the Settings window
(``window_state.RememberedChoice``, "status,descending"); it came back as "Name, A to Z"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QWidget

from notify.app.settings.source_tree import COL_GROUP, COL_KIND, COL_NAME, COL_STATUS


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


def _column_names() -> tuple[tuple[int, str], ...]:
    return ((COL_NAME, tr("Name")), (COL_GROUP, tr("Group")), (COL_KIND, tr("Kind")),
            (COL_STATUS, tr("Status")))


# the columns and orders as the window's saved state names them (not translated, not numbers)
_SAVED_COLUMNS = {COL_NAME: "name", COL_GROUP: "group", COL_KIND: "kind", COL_STATUS: "status"}
_SAVED_ORDERS = {Qt.SortOrder.AscendingOrder: "ascending",
                 Qt.SortOrder.DescendingOrder: "descending"}


class SortBy(QWidget):
    """"Sort by" and its choices ("Group, A to Z"…), kept in step with ``header``'s sort
    indicator."""

    def __init__(self, header: QHeaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._header = header
        self.remembered = RememberedOrder(self)  # its choice saved with the window
        self.choice = QComboBox(self)
        self.choice.setObjectName("sources-sort")
        self.choice.setAccessibleName(tr("Sort sources by"))
        ascending, descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
        for column, name in _column_names():
            self.choice.addItem(tr("{0}, A to Z").format(name), (column, ascending))
            self.choice.addItem(tr("{0}, Z to A").format(name), (column, descending))
        label = QLabel(tr("Sort by"), self)
        label.setBuddy(self.choice)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.choice)
        self._show(header.sortIndicatorSection(), header.sortIndicatorOrder())
        header.sortIndicatorChanged.connect(self._show)
        self.choice.activated.connect(self._chosen)

    def _show(self, column: int, order: Qt.SortOrder) -> None:
        """The header's order, here (a click on it, or the first order)."""
        columns = [c for c, _name in _column_names()]
        if column not in columns:
            return
        index = 2 * columns.index(column) + (order == Qt.SortOrder.DescendingOrder)
        if index != self.choice.currentIndex():
            self.choice.setCurrentIndex(index)

    def _chosen(self, index: int) -> None:
        column, order = self.choice.itemData(index)
        if (column, order) != (self._header.sortIndicatorSection(),
                               self._header.sortIndicatorOrder()):
            self._header.setSortIndicator(column, order)  # the list sorts by it

    # ----- remembered with the window (``window_state.RememberedChoice``)
    def choice_text(self) -> str:
        """The order shown, as saved: "status,descending"."""
        column, order = self.choice.itemData(self.choice.currentIndex())
        return f"{_SAVED_COLUMNS[column]},{_SAVED_ORDERS[order]}"

    def restore_choice_text(self, text: str) -> None:
        """The order saved by ``choice_text``; anything else (an edited file) is left alone."""
        name, _, way = text.partition(",")
        columns = {v: k for k, v in _SAVED_COLUMNS.items()}
        orders = {v: k for k, v in _SAVED_ORDERS.items()}
        if name in columns and way in orders:
            self._header.setSortIndicator(columns[name], orders[way])  # the list sorts by it


class RememberedOrder(QObject):
    """"Sort by"'s order as a remembered choice of its window (``window_state``: a part with
    ``choice``/``restore_choice`` and an object name)."""

    def __init__(self, sort_by: SortBy) -> None:
        super().__init__(sort_by)
        self.setObjectName("sources-order")
        self._sort_by = sort_by

    def choice(self) -> str:
        return self._sort_by.choice_text()

    def restore_choice(self, choice: str) -> None:
        self._sort_by.restore_choice_text(choice)

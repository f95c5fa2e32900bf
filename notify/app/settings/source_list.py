"""Settings → Sources' list of sources, made for 1,000 of them.

- Rows are updated in place by source id: a change to one source (a save, a poll round's health)
  re-reads and redraws that row only, never the whole list. ``source_rows.ChangedRows`` reads
  the rows of the sources changed on the engine thread, those changed close together in one
  read; ``SourcesPage`` keeps them and hands them to ``update_rows``.
- A filter box finds a source by any word of its name, group, kind, status or address (and
  scrolls to the current row if it is kept, else to the top); the line under the list counts
  what is shown and what is failing or disabled.
- Many rows (an OPML import, the first read) are shown a chunk per event-loop turn: at most
  ``CHUNK`` rows and ``CHUNK_MS`` of the GUI thread each (250 rows a turn took 20-26 ms).
- Columns sort by a click on their header (case-insensitively; by name at first). The list
  sorts itself by the keys made when a row's texts are (``SortKeys``: per column, a dict from
  source id to its key): one ``sorted`` whose key function is the dict's own lookup, so no
  Python runs per row nor per comparison (Qt's own sorting called a Python ``__lt__`` for
  every comparison: 30-60 ms for 1,000 rows on the GUI thread). Qt's sorting stays off; the
  header shows the indicator and a click on it re-sorts. The selection, the current row, the
  hidden rows and the scroll position are kept.
- A change to a few sources (one added, removed, renamed, enabled or disabled) costs the GUI
  thread what one row does, not what 1,000 do: the row is taken out and put back in its place
  (a binary search in the order shown), the count line's tallies and the selection's marks are
  updated for that row, nothing is re-sorted nor counted again (removing one of 1,000 sources
  re-sorted and recounted every row, while the inbox and the engine ran Python too).
- Several rows can be selected (Shift, Ctrl): the page enables, disables or removes them all.
  What the page shows of a selection (``selection``: how many, how many disabled, the one) is
  counted from the selection's ranges and the rows' marks kept in order (``_marks``), not row
  by row: 500 rows selected cost what one does.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from time import perf_counter
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notify.app.advice_words import token_label
from notify.app.settings.flow_row import FlowRow
from notify.app.settings.kind_form import secondary
from notify.app.settings.source_count import StatusTally
from notify.app.settings.source_health import (
    disabled_word,
    health_text,
    kind_name,
    spoken_health,
    spoken_row,
    status_word,
)
from notify.app.settings.source_order import Selection, counted, sort_key
from notify.app.settings.source_rows import SourceRow
from notify.app.settings.source_sort import SortBy
from notify.app.settings.source_tree import COL_NAME, COL_STATUS, SourceItem, SourceTree
from notify.app.untrusted_text import clipped, tooltip
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.source_names import source_name

CHUNK = 100  # rows shown per event-loop turn at most (~5 ms of the GUI thread)...
CHUNK_MS = 8.0  # ...and no more than this of it (a slower or busier machine: fewer rows)
FEW = 20  # rows changed (or dropped) at once up to this: placed one by one, not all re-sorted


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


class SourceList(QWidget):
    """The filter box, the list and its count line. ``tree`` is the list itself."""

    selectionChanged = Signal()
    rowsShown = Signal()  # an update is on screen (all its chunks)

    def __init__(self, kind_settings: Callable[[str], tuple[Any, ...]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind_settings = kind_settings
        self.filter = QLineEdit(self)
        # short: "Filter by name, group, kind, status or address" was cut at 480 px, 14 pt
        self.filter.setPlaceholderText(tr("Find a source by any of its words"))
        self.filter.setToolTip(tr("Filter by name, group, kind, status or address"))
        self.filter.setAccessibleName(tr("Filter sources"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self.apply_filter())
        self.tree = SourceTree(self)  # its rows and columns (source_tree.py)
        # sorted here (``_sort``), never by Qt: the header only shows and flips the indicator
        self.tree.header().sortIndicatorChanged.connect(lambda _c, _o: self._sort(chosen=True))
        self.tree.itemSelectionChanged.connect(self.selectionChanged)
        # the order, said and chosen without the header (hidden columns, the keyboard)
        self.sort_by = SortBy(self.tree.header(), self)
        self.count = secondary(QLabel(self))
        self.count.setObjectName("sources-count")
        self.count.setAccessibleName(tr("Sources shown"))
        self._items: dict[int, SourceItem] = {}
        self._statuses = StatusTally()  # each source's status word: the count line
        self._hidden: set[int] = set()  # sources the filter hides
        self._queue: list[SourceRow] = []  # rows still to show (update_rows)
        self._order: list[SourceItem] = []  # the rows as the tree has them, top to bottom
        # per column: source id -> (its ``sort_key``, the id); made with the row's texts
        self._keys: tuple[dict[int, tuple[Any, int]], ...] = tuple({} for _ in range(4))
        # the rows (their places, ascending) hidden, and shown but disabled; None: to count
        self._marks: tuple[list[int], list[int]] | None = None
        self._chunking = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        tools = FlowRow()  # "Sort by" beside the filter; under it when narrow
        tools.addWidget(self.filter)
        tools.addWidget(self.sort_by)
        layout.addLayout(tools)
        layout.addWidget(self.tree, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.count, 1)
        layout.addLayout(foot)

    # ----- rows
    def ids(self) -> list[int]:
        return list(self._items)

    def item(self, source_id: int) -> SourceItem | None:
        return self._items.get(source_id)

    def update_rows(self, rows: Sequence[SourceRow], *, gone: Iterable[int] = (),
                    complete: bool = False) -> None:
        """Show ``rows`` (new ones added, known ones redrawn if their texts changed) and drop
        the sources in ``gone``; with ``complete``, ``rows`` is every source and any other row
        is dropped too. Many rows are shown ``CHUNK`` at a time, one chunk per event-loop turn,
        so that the window never freezes (``busy`` meanwhile)."""
        tree = self.tree
        drop = set(gone)
        if complete:
            drop |= set(self._items) - {source.id for source, _s, _d in rows}
        few = len(drop) <= FEW
        tree.blockSignals(True)  # the page re-reads the selection once it is done
        try:
            for source_id in drop:
                item = self._items.pop(source_id, None)
                self._statuses.set(source_id, None)
                for keys in self._keys:
                    keys.pop(source_id, None)
                self._hidden.discard(source_id)
                if item is None:
                    continue
                if few:  # its place, its marks: nothing else moves
                    self._take(item)
                else:
                    tree.takeTopLevelItem(tree.indexOfTopLevelItem(item))
            if drop and not few:
                self._order = [i for i in self._order if i.source_id not in drop]
                self._marks = None
        finally:
            tree.blockSignals(False)
        if complete:
            self._queue = []  # every source is in ``rows``: nothing queued before counts
        elif drop:
            self._queue = [r for r in self._queue if r[0].id not in drop]
        self._queue.extend(rows)
        if self._chunking:
            return
        if len(self._queue) <= FEW:
            rows, self._queue = self._queue, []
            self._show_few(rows)
            self._shown()
        else:
            self._show_queued()

    @property
    def busy(self) -> bool:
        """Rows are still being shown (a chunk per event-loop turn)."""
        return self._chunking

    def _show_queued(self) -> None:
        tree = self.tree
        chunk, self._queue = self._queue[:CHUNK], self._queue[CHUNK:]
        new: list[SourceItem] = []
        changed: list[SourceItem] = []
        until = perf_counter() + CHUNK_MS / 1000
        tree.blockSignals(True)
        try:
            for n, (source, state, _default) in enumerate(chunk):
                if n and perf_counter() > until:  # the rest at the next turn
                    self._queue[:0] = chunk[n:]
                    break
                item = self._items.get(source.id)
                if item is None:
                    item = self._items[source.id] = SourceItem(source.id)
                    new.append(item)
                if self._show(item, source, state):
                    changed.append(item)
            if new:  # at the end for now: sorted once, when every chunk is shown
                tree.addTopLevelItems(list[QTreeWidgetItem](new))
                self._order.extend(new)
        finally:
            tree.blockSignals(False)
        self._marks = None  # statuses changed, rows added
        self._filter_items(changed)
        if self._queue:
            self._chunking = True
            QTimer.singleShot(0, self, self._show_queued)
            return
        self._chunking = False
        self._sort()  # new rows, and changed ones, to their place
        self._shown()

    def _shown(self) -> None:
        self._count()
        self.rowsShown.emit()
        self.selectionChanged.emit()

    def _show_few(self, rows: Sequence[SourceRow]) -> None:
        """Show a few rows, each put in its place in the order shown (a binary search), their
        marks and the count's tallies updated: no other row is read, sorted or counted."""
        tree = self.tree
        tree.blockSignals(True)
        try:
            for source, state, _default in rows:
                item = self._items.get(source.id)
                new = item is None
                if item is None:
                    item = self._items[source.id] = SourceItem(source.id)
                if not self._show(item, source, state) and not new:
                    continue  # the same texts: the same place, the same marks
                hide = self._hides(item, self.filter.text().casefold().split())
                if hide:
                    self._hidden.add(item.source_id)
                else:
                    self._hidden.discard(item.source_id)
                if new or not self._in_place(item):
                    self._move(item, new)
                else:
                    item.setHidden(hide)
                    self._restate_marks(self._order.index(item), item)
        finally:
            tree.blockSignals(False)

    def _move(self, item: SourceItem, new: bool) -> None:
        """Put ``item`` (new, or shown at a place its keys no longer fit) in its place; if it
        was the current or a selected row, it still is; the current row in view before is in
        view after (the source just saved, "Failing" → "OK" in the status order, went 500 rows
        down out of sight while the editor still showed it)."""
        tree = self.tree
        current = not new and tree.currentItem() is item
        seen = current and self.tree.in_view(item)
        selected = not new and item.isSelected()
        selection = tree.selectionModel()
        selection.blockSignals(True)  # the same rows selected: nothing to tell
        try:
            if not new:
                self._take(item)
            row = self._place_of(item)
            tree.insertTopLevelItem(row, item)
            self._order.insert(row, item)
            item.setHidden(item.source_id in self._hidden)  # a row put back is shown
            self._put_marks(row, item)
            if current:
                tree.setCurrentItem(item, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
            if selected:
                item.setSelected(True)
        finally:
            selection.blockSignals(False)
        if seen:
            tree.scrollToItem(item)

    def _take(self, item: SourceItem) -> None:
        """Take ``item``'s row out of the tree, of the order and of the marks."""
        row = self.tree.indexOfTopLevelItem(item)
        if row < 0:
            return
        self.tree.takeTopLevelItem(row)
        del self._order[row]
        if self._marks is not None:
            for marks in self._marks:
                at = bisect_left(marks, row)
                if at < len(marks) and marks[at] == row:
                    del marks[at]
                marks[at:] = [m - 1 for m in marks[at:]]

    def _put_marks(self, row: int, item: SourceItem) -> None:
        """A row inserted at ``row``: the marks below it move down, and its own is made."""
        if self._marks is not None:
            for marks in self._marks:
                at = bisect_left(marks, row)
                marks[at:] = [m + 1 for m in marks[at:]]
        self._restate_marks(row, item)

    def _restate_marks(self, row: int, item: SourceItem) -> None:
        """``row`` (``item``'s) marked hidden, or shown but disabled, as it now is."""
        if self._marks is None:
            return
        hidden, disabled = self._marks
        for marks in self._marks:
            at = bisect_left(marks, row)
            if at < len(marks) and marks[at] == row:
                del marks[at]
        if item.source_id in self._hidden:
            insort(hidden, row)
        elif self._statuses.of(item.source_id) == disabled_word():
            insort(disabled, row)

    def _in_place(self, item: SourceItem) -> bool:
        """``item`` is between its neighbours in the header's order."""
        keys, descending = self._sort_keys()
        row = self.tree.indexOfTopLevelItem(item)
        if row < 0:
            return False
        key = keys[item.source_id]
        before = self._order[row - 1] if row > 0 else None
        after = self._order[row + 1] if row + 1 < len(self._order) else None
        if descending:
            before, after = after, before
        return ((before is None or keys[before.source_id] < key)
                and (after is None or key < keys[after.source_id]))

    def _place_of(self, item: SourceItem) -> int:
        """Where ``item`` goes among the rows shown (ordered: a binary search)."""
        keys, descending = self._sort_keys()
        key = keys[item.source_id]
        order = self._order
        low, high = 0, len(order)
        while low < high:
            middle = (low + high) // 2
            other = keys[order[middle].source_id]
            if (other > key) if descending else (other < key):
                low = middle + 1
            else:
                high = middle
        return low

    def _show(self, item: SourceItem, source: Source, state: SourceState | None) -> bool:
        """Put the source's texts in its row; False when they were there already."""
        status = status_word(source, state)
        # by the name the rest of Notify says (the CLI, notifications, the poll's report): one
        # still named after its host by host and path, so that two on one host differ
        name = source_name(source)
        texts = (clipped(name), clipped(source.group),
                 kind_name(source.kind), status)
        settings = self._kind_settings(source.kind)
        health = health_text(state, token_field=token_label(settings))
        self._statuses.set(source.id, status)
        if (*texts, health) == item.shown:
            return False
        item.shown = (*texts, health)
        item.keys = tuple(sort_key(t) for t in texts)  # before the texts: they sort by it
        for keys, key in zip(self._keys, item.keys, strict=True):
            keys[source.id] = (key, source.id)
        item.haystack = "\n".join((*(t.casefold() for t in texts), source.kind,
                                   redact(source.url).casefold()))
        for column, text in enumerate(texts):
            item.setText(column, text)
        item.setToolTip(COL_NAME, tooltip(name))
        item.setToolTip(COL_STATUS, health)
        # what a screen reader says of the row, the same whether Group and Kind show or not
        item.setData(COL_NAME, Qt.ItemDataRole.AccessibleTextRole, spoken_row(
            texts[0], texts[1], texts[2],
            spoken_health(source, state, token_field=token_label(settings))))
        return True

    # ----- sorting
    def _sort_keys(self) -> tuple[dict[int, tuple[Any, int]], bool]:
        """The keys of the header's sort column, and whether the order is descending."""
        header = self.tree.header()
        column = header.sortIndicatorSection()
        if not 0 <= column < self.tree.columnCount():
            column = COL_NAME
        return (self._keys[column],
                header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)

    def _sort(self, *, chosen: bool = False) -> None:
        """Put the rows in the header's order (its column's ``keys``, then the source id; both
        reversed when descending), if they are not in it already. The rows are taken out and
        put back in order in two calls; what the person sees stays: the current row, the
        selection, the rows the filter hides and the scroll position; the current row, if in
        view before, in view after. ``chosen``: the person chose this order ("Sort by", the
        header): the current row shown, else the top (the old offset means nothing now)."""
        keys, descending = self._sort_keys()
        # the key function is a dict's lookup: no Python runs per row or per comparison
        ids = sorted(keys, key=keys.__getitem__, reverse=descending)
        order = list(map(self._items.__getitem__, ids))
        tree = self.tree
        current = tree.currentItem()
        if order == self._order:
            if chosen:
                tree.show_row(current)
            return
        seen = current is not None and self.tree.in_view(current)
        selected = [i.source_id for i in tree.selectedItems() if isinstance(i, SourceItem)]
        place = dict(zip(ids, range(len(ids)), strict=True))
        bars = tree.verticalScrollBar(), tree.horizontalScrollBar()
        scrolled = [bar.value() for bar in bars]
        tree.setUpdatesEnabled(False)
        tree.blockSignals(True)  # the same rows, the same selection: nothing to tell
        selection = tree.selectionModel()
        selection.blockSignals(True)
        try:
            tree.invisibleRootItem().takeChildren()
            tree.addTopLevelItems(list[QTreeWidgetItem](order))
            self._order = order
            self._marks = None
            for source_id in self._hidden:
                self._items[source_id].setHidden(True)
            if current is not None:
                tree.setCurrentItem(current, 0, QItemSelectionModel.SelectionFlag.NoUpdate)
            tree.select_rows(sorted(map(place.__getitem__, selected)))
        finally:
            selection.blockSignals(False)
            tree.blockSignals(False)
            tree.setUpdatesEnabled(True)
        for bar, value in zip(bars, scrolled, strict=True):
            bar.setValue(value)
        if chosen:
            tree.show_row(current)
        elif seen and current is not None:
            tree.scrollToItem(current)

    # ----- filter and count
    def apply_filter(self) -> None:
        """The filter box's words, each in a row's name, group, kind, status or address. The
        list then shows the current row if the filter keeps it, else its top (the first
        match): the rows it kept may all be above or below where the list was scrolled. The
        selection the buttons act on (``selected_ids``: the rows shown) may change with it."""
        self._filter_items(self._items.values())
        self._count()
        current = self.tree.currentItem()
        if current is not None and not current.isHidden():
            self.tree.scrollToItem(current)
        else:
            self.tree.scrollToTop()
        self.selectionChanged.emit()

    @staticmethod
    def _hides(item: SourceItem, words: Sequence[str]) -> bool:
        """The filter's ``words`` hide ``item`` (one of them is not in its texts)."""
        return any(w not in item.haystack for w in words)

    def _filter_items(self, items: Iterable[SourceItem]) -> None:
        words = self.filter.text().casefold().split()
        for item in items:
            hide = self._hides(item, words)
            if hide != (item.source_id in self._hidden):
                item.setHidden(hide)
                self._marks = None
                if hide:
                    self._hidden.add(item.source_id)
                else:
                    self._hidden.discard(item.source_id)

    def _count(self) -> None:
        total = len(self._items)
        self.count.setText(self._statuses.line(total, total - len(self._hidden)))

    # ----- selection
    def selected_ids(self) -> list[int]:
        """The selected sources that the filter shows."""
        return [i.source_id for i in self.tree.selectedItems()
                if isinstance(i, SourceItem) and not i.isHidden()]

    def selection(self) -> Selection:
        """What is selected among the rows shown, counted by the selection's ranges (a few:
        a Shift-click makes one), whatever the number of rows in them."""
        spans: list[tuple[int, int]] = []
        ranges = self.tree.selectionModel().selection()
        for k in range(ranges.count()):
            part = ranges.at(k)
            if not part.parent().isValid():
                spans.append((part.top(), part.bottom()))
        hidden, disabled = self._row_marks()
        return counted(spans, hidden, disabled,
                       lambda row: self._order[row].source_id not in self._hidden,
                       lambda row: self._order[row].source_id)

    def _row_marks(self) -> tuple[list[int], list[int]]:
        """The places of the hidden rows and of the shown disabled ones (made again once the
        order, the filter or a status changed)."""
        if self._marks is None:
            hidden: list[int] = []
            disabled: list[int] = []
            word = disabled_word()
            for row, item in enumerate(self._order):
                if item.source_id in self._hidden:
                    hidden.append(row)
                elif self._statuses.of(item.source_id) == word:
                    disabled.append(row)
            self._marks = hidden, disabled
        return self._marks


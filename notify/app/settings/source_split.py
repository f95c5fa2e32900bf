"""Settings → Sources' list and editor, one above the other, sharing the page's height through
a splitter whose place is remembered with the window (``window_state.py``).

Until the person moves it, the editor has what it needs, up to ``EDITOR_SHARE`` of the height,
or more where the list's rows leave more (a few sources), also when the window is made taller;
it scrolls when given less than it needs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTreeWidget, QWidget

from notify.app.window_state import RememberedSplitter

EDITOR_SHARE = 0.42  # of the list's and editor's height, at most, until the person moves it


class ListEditorSplit(RememberedSplitter):
    """``list_part`` (the list ``tree``, its filter and its buttons) above ``editor_part``
    (which shows ``editor``)."""

    def __init__(self, list_part: QWidget, tree: QTreeWidget, editor_part: QWidget,
                 editor: QWidget, parent: QWidget | None = None) -> None:
        # remembered with the window; at first the editor has what it needs, but never more
        # than EDITOR_SHARE of the height: the list has the rest
        super().__init__(Qt.Orientation.Vertical, "sources-list-and-editor",
                         self._first_split, parent)
        self.list_part, self.tree, self.editor = list_part, tree, editor
        self.setChildrenCollapsible(False)
        self.addWidget(list_part)
        self.addWidget(editor_part)
        self.setStretchFactor(0, 1)  # a taller window gives its height to the list
        self.setStretchFactor(1, 0)
        self._room_later = QTimer(self)  # once the editor's layout is done
        self._room_later.setSingleShot(True)
        self._room_later.setInterval(0)
        self._room_later.timeout.connect(self._editor_room)
        editor.installEventFilter(self)  # its content grew: ``_editor_room``

    def _first_split(self, total: int) -> list[int]:
        editor = self._editor_height(total)
        return [total - editor, editor]

    def _editor_height(self, total: int) -> int:
        """The editor's share of ``total``: what it needs, up to ``EDITOR_SHARE``, or more
        where the list's rows leave more (one source under a list mostly empty, in a small
        window: the editor below the fold)."""
        tree = self.tree
        rows = tree.topLevelItemCount()
        row = tree.sizeHintForRow(0) if rows else tree.fontMetrics().height()
        shown = (tree.header().sizeHint().height() + max(rows, 3) * max(row, 1)
                 + 2 * tree.frameWidth())
        list_part = self.list_part
        around = list_part.sizeHint().height() - tree.sizeHint().height()  # its buttons
        needed = max(list_part.minimumSizeHint().height(), shown + max(around, 0))
        share = max(int(total * EDITOR_SHARE), total - needed)
        return min(self.editor.sizeHint().height(), share)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._room_later.start()  # more height: the editor may have what it needs now

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.LayoutRequest:
            self._room_later.start()
        return super().eventFilter(watched, event)

    def _editor_room(self) -> None:
        """The editor grew (a source selected: its health is often two lines or more): until
        the person places the divider, it gets what it needs, up to ``EDITOR_SHARE`` (its
        Health line was cut behind a scroll bar at 1280×1024, under a list mostly empty)."""
        if self.placed_by_person or not self.isVisible():
            return
        sizes = self.sizes()
        total = sum(sizes)
        editor = self._editor_height(total)
        if total > 0 and editor > sizes[1]:
            self.setSizes([total - editor, editor])

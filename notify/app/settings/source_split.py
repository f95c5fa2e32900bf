"""Settings → Sources' list and editor, one above the other, sharing the page's height through
a splitter whose place is remembered with the window (``window_state.py``).

Until the person moves it, the editor has what it needs, up to ``EDITOR_SHARE`` of the height,
or more where the list's rows leave more (a few sources), also when the window is made taller.

Neither part ever has less than its content needs at its width (``_fit_parts``): no scroll bar
of their own, the page scrolls, once. (A splitter asks a part's least height, not its height
for a width: it gave the editor less than its wrapped lines needed, its Health line cut at
the default size and 14 pt; at 480 px, 14 pt, the list's buttons on two lines were drawn over
its rows.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTreeWidget, QWidget

from notify.app.window_state import RememberedSplitter

EDITOR_SHARE = 0.42  # of the list's and editor's height, at most, until the person moves it


class ListEditorSplit(RememberedSplitter):
    """``list_part`` (the list ``tree``, its filter and its buttons) above ``editor``."""

    def __init__(self, list_part: QWidget, tree: QTreeWidget, editor: QWidget,
                 parent: QWidget | None = None) -> None:
        # remembered with the window; at first the editor has what it needs, but never more
        # than EDITOR_SHARE of the height: the list has the rest
        super().__init__(Qt.Orientation.Vertical, "sources-list-and-editor",
                         self._first_split, parent)
        self.list_part, self.tree, self.editor = list_part, tree, editor
        self.setChildrenCollapsible(False)
        self.addWidget(list_part)
        self.addWidget(editor)
        self.setStretchFactor(0, 1)  # a taller window gives its height to the list
        self.setStretchFactor(1, 0)
        self._room_later = QTimer(self)  # once the editor's layout is done
        self._room_later.setSingleShot(True)
        self._room_later.setInterval(0)
        self._room_later.timeout.connect(self._editor_room)
        for part in (list_part, editor):  # its content changed: ``_fit_parts``, ``_editor_room``
            part.installEventFilter(self)

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
        editor = self.editor
        return max(min(editor.sizeHint().height(), share), editor.minimumHeight())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_parts()
        self._room_later.start()  # more height: the editor may have what it needs now

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched in (self.list_part,
                                                                      self.editor):
            self._fit_parts()
            if watched is self.editor:
                self._room_later.start()
        return super().eventFilter(watched, event)

    def _fit_parts(self) -> None:
        """Each part at least as tall as it needs at its width, its lines wrapped: the editor
        its whole content (read whole, never cut), the list its least (its rows scroll in the
        list) with its buttons on as many lines as they take. A part's least height never
        depends on its height: set once per width or content, no loop."""
        width = self.width()
        if width <= 0:
            return
        for part, needed in (
                (self.list_part, _least_for_width(self.list_part, width)),
                (self.editor, self.editor.heightForWidth(width))):
            if needed > 0 and needed != part.minimumHeight():
                part.setMinimumHeight(needed)


    def _editor_room(self) -> None:
        """The editor grew (a source selected: its health is often two lines or more) or
        shrank: until the person places the divider, it gets what it needs, up to
        ``EDITOR_SHARE`` (its Health line was cut behind a scroll bar at 1280×1024, under a
        list mostly empty), and the list the rest (the editor's first place, made before a
        source was shown, kept a row of a long list from sight)."""
        if self.placed_by_person or not self.isVisible():
            return
        sizes = self.sizes()
        total = sum(sizes)
        editor = self._editor_height(total)
        if total > 0 and editor != sizes[1]:
            self.setSizes([total - editor, editor])


def _least_for_width(widget: QWidget, width: int) -> int:
    layout = widget.layout()
    return layout.totalMinimumHeightForWidth(width) if layout is not None else -1

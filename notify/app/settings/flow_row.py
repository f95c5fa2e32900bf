"""A row of controls that wraps, as words do, when the window is too narrow for it.

A ``QHBoxLayout`` row (a kind, an address, Add; Import, Export, Enable, Disable, Remove…) asks
for the width of all its controls side by side, and the Settings window could not be made
narrower than its widest row: on a small screen it scrolled sideways. ``FlowRow`` puts its
controls side by side while they fit and moves the next one to a new line when they do not; it
asks only for the width of its widest control (its height follows the width it gets:
``heightForWidth``). Within a line, the room left goes to the controls that expand
horizontally (an address field, a stretch added with ``addStretch``), as in a box layout (an
expanding field stays on its line while it gets ``FIELD_LEAST_CHARS`` and the control after it
fits too, and its placeholder fits whole: else both go to the next line, an address with its
Add button);
right-aligned controls after a stretch stay right-aligned while the row is one line (wrapped,
every line starts at the left).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QStyle, QWidget

from notify.app.settings.placeholder_fit import placeholder_width

FIELD_LEAST_CHARS = 12  # an expanding field stays on a line while it gets this many characters


class FlowRow(QLayout):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        # what was worked out, until a control changes (``invalidate``): Qt asks the same
        # questions many times a layout pass, and each answer walks the controls in Python
        self._heights: dict[int, int] = {}
        self._hints: tuple[QSize, QSize] | None = None  # size hint, minimum size
        self._placed: QRect | None = None
        self._squeezed: QRect | None = None  # the last rectangle too short, asked about again
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # ----- what a layout must answer
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def addStretch(self) -> None:
        """Room that takes what its line leaves over (pushes what follows to the right)."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding,
                                 QSizePolicy.Policy.Minimum))

    def addSpacing(self, width: int) -> None:
        self.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self.invalidate()
            return item
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), place=False)
        return height

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        if rect != self._placed:
            needed = self._arrange(rect, place=True)
            self._placed = QRect(rect)
            if needed > rect.height() and rect != self._squeezed:
                # given fewer lines' height than it takes at this width: the layout above
                # placed it from an answer for another width and was not done again when its
                # widget grew (Settings → Sources at 14 pt: Save on a second line under the
                # Health line). Asked once more for this rectangle, after this layout pass.
                self._squeezed = QRect(rect)
                QTimer.singleShot(0, self, self._redo)  # not after it is gone

    def _redo(self) -> None:
        self.invalidate()  # the layouts above it are done again (``QLayout.update``)

    def invalidate(self) -> None:
        self._heights.clear()
        self._hints = None
        self._placed = None
        super().invalidate()

    def sizeHint(self) -> QSize:
        return self._sizes()[0]

    def minimumSize(self) -> QSize:
        return self._sizes()[1]

    def _sizes(self) -> tuple[QSize, QSize]:
        if self._hints is None:
            self._hints = (self._one_line(), self._widest())
        return self._hints

    def _one_line(self) -> QSize:
        """All on one line."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._gap() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    def _widest(self) -> QSize:
        """As wide as the widest control (each on its own line at worst)."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # ----- the lines
    def _gap(self) -> int:
        spacing = self.spacing()
        if spacing >= 0:
            return spacing
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        if style is None:
            return 6
        return style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing, None, parent)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items
                if not item.isEmpty() or item.spacerItem() is not None]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        """The controls, line by line: as many on a line as fit ``width`` (at least one).
        All on one line, its spacers are kept (a stretch keeps what follows right-aligned);
        on several, there are none: every line starts at the left, as text does."""
        lines = self._fill(width, self._shown())
        if len(lines) > 1:
            lines = self._fill(width, [i for i in self._shown() if i.spacerItem() is None])
        return lines

    def _fill(self, width: int, items: list[QLayoutItem]) -> list[list[QLayoutItem]]:
        gap = self._gap()
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for n, item in enumerate(items):
            wanted = self._least(item)
            line = lines[-1]
            # a field goes to the next line with the control after it (its button) rather than
            # leave that alone on a line of its own: "Address… Add", "Interests… Save"
            after = items[n + 1] if n + 1 < len(items) else None
            glued = (gap + after.sizeHint().width()
                     if after is not None and after.spacerItem() is None and _expands(item)
                     else 0)
            if line and used + gap + wanted + glued > width and item.spacerItem() is None:
                lines.append([])
                line, used = lines[-1], 0
            used += (gap if line else 0) + wanted
            line.append(item)
        return [line for line in lines if line]

    def _least(self, item: QLayoutItem) -> int:
        """The width ``item`` needs on a line: its size hint, but a field that expands (an
        address) takes a line's rest and needs only ``FIELD_LEAST_CHARS`` to stay on it, or
        its placeholder's width (the field's instructions, never cut: ``placeholder_fit``)."""
        hint = item.sizeHint().width()
        if not _expands(item):
            return hint
        parent = self.parentWidget()
        least = parent.fontMetrics().averageCharWidth() * FIELD_LEAST_CHARS if parent else hint
        return max(item.minimumSize().width(), min(hint, least),
                   placeholder_width(item.widget()))

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the controls out in ``rect`` (when ``place``); the height they take."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        gap = self._gap()
        vgap = gap
        y = area.y()
        for line in self._lines(area.width()):
            widths = [min(max(self._least(i), i.minimumSize().width()), area.width())
                      for i in line]
            left = area.width() - sum(widths) - gap * (len(line) - 1)
            growing = [n for n, i in enumerate(line)
                       if i.expandingDirections() & Qt.Orientation.Horizontal]
            for n in growing:
                widths[n] += max(left, 0) // len(growing)
            height = max(i.sizeHint().height() for i in line)
            if place:
                x = area.x()
                for item, width in zip(line, widths, strict=True):
                    top = y + (height - item.sizeHint().height()) // 2
                    item.setGeometry(QRect(QPoint(x, top),
                                           QSize(width, item.sizeHint().height())))
                    x += width + gap
            y += height + vgap
        return max(y - vgap - area.y(), 0) + margins.top() + margins.bottom()


def _expands(item: QLayoutItem) -> bool:
    """``item`` is a control that takes the room left on its line (not a stretch)."""
    return (item.spacerItem() is None
            and bool(item.expandingDirections() & Qt.Orientation.Horizontal))

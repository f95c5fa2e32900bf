"""The inbox window's body: the list and the item pane in one splitter, and the footer's lines
under them.

Side by side while the window is wide (``SIDE_BY_SIDE_CHARS`` of its font at least), the pane
below the list when it is narrower, as mail and feed readers do: at 480 px the pane beside the
list left the Title column about 8 characters ("Item n…"); below it, the list has the window's
width. Each orientation keeps the split the person gave it, or the one restored with the window
(a window narrowed, then widened again, finds the split it was left with).

The body's minimum never changes while the window shows (``minimumSizeHint``), so nothing it
shows makes the window grow by itself: it is as narrow as the list or the pane stacked need, as
tall as both stacked need (the taller arrangement: switching from side by side to stacked at a
window's smallest height made it taller), with room for ``FOOTER_LINES`` lines of the footer.
More lines than that (a notice, the pause, quiet hours and the budget at once, wrapped in a
narrow window) scroll in that room when the window is at its smallest: at the smallest height
each new line made the window 16 px taller than asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QDataStream, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from notify.app.text_size import text_width

# side by side from this many average characters of the window's font: at 14 pt a 900 px
# window gave the Title 26 characters beside the pane, 68 with the pane below
SIDE_BY_SIDE_CHARS = 110
SIDE_BY_SIDE_SIZES = (600, 500)  # the list and the pane, in proportion, until moved
STACKED_SIZES = (45, 55)  # the list above, the pane below, in proportion, until moved
FOOTER_LINES = 3  # the footer's room at the window's smallest height, in lines of its font


def least(widget: QWidget) -> QSize:
    """The size ``widget`` cannot go below in a layout (its minimum hint, or the minimum set)."""
    hint = widget.minimumSizeHint()
    floor = widget.minimumSize()
    return QSize(max(hint.width(), floor.width()), max(hint.height(), floor.height()))


class FooterArea(QScrollArea):
    """The footer's lines, as tall as they are (``sizeHint``), scrolling in at least
    ``FOOTER_LINES`` lines (fewer when it has fewer) when the window has no more room."""

    def __init__(self, footer: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.footer = footer
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidgetResizable(True)
        self.setWidget(footer)
        # no Tab stop of its own: a ring around the whole footer, with nothing to do there
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # as tall as its lines, never taller: the list and the pane take the room
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        # the window's colour, not the base of a scroll area's viewport
        self.viewport().setAutoFillBackground(False)
        footer.setAutoFillBackground(False)
        footer.installEventFilter(self)  # its lines shown, hidden or rewrapped: its height

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.footer and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return False

    def lines_height(self) -> int:
        """The footer's height at the width it has (its lines wrap)."""
        width = self.viewport().width()
        if width > 0 and self.footer.hasHeightForWidth():
            return max(0, self.footer.heightForWidth(width))
        return self.footer.sizeHint().height()

    def room(self) -> int:
        """The height kept for the footer at the window's smallest."""
        return FOOTER_LINES * self.fontMetrics().lineSpacing()

    def sizeHint(self) -> QSize:
        return QSize(self.footer.sizeHint().width(), self.lines_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, min(self.lines_height(), self.room()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # its lines wrap at the new width


class ListSplitter(QSplitter):
    """The list and the pane; ``restored(sizes)`` is called once a saved place is put back (its
    orientation with it)."""

    def __init__(self, restored: Callable[[list[int]], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._restored = restored

    def restoreState(self, state: QByteArray | bytes) -> bool:  # type: ignore[override]
        done = super().restoreState(state)
        if done:
            self._restored(saved_sizes(state))
        return done


def saved_sizes(state: QByteArray | bytes) -> list[int]:
    """The sizes in a splitter's saved state, as saved (``sizes()`` right after
    ``restoreState`` are squeezed into whatever room a splitter not shown yet has)."""
    stream = QDataStream(QByteArray(state))
    stream.setVersion(QDataStream.Version.Qt_5_0)  # as QSplitter writes it
    stream.readInt32(), stream.readInt32()  # its marker and version
    count = stream.readInt32()
    sizes = [stream.readInt32() for _ in range(max(0, min(count, 8)))]
    return sizes if stream.status() == QDataStream.Status.Ok else []


class InboxBody(QWidget):
    """The list above or beside the pane (``splitter``, remembered with the window as
    "list-and-pane"), the footer below (``footer_area``)."""

    def __init__(self, view: QWidget, pane: QWidget, footer: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view, self.pane = view, pane
        # the sizes the person gave each orientation (dragged, or restored as left)
        self._sizes: dict[Qt.Orientation, list[int]] = {}
        self._restoring = False  # a saved split was put back: applied once shown
        self.splitter = ListSplitter(self._restored, self)
        self.splitter.setObjectName("list-and-pane")  # remembered (window_state.py)
        self.splitter.addWidget(view)
        self.splitter.addWidget(pane)
        self.splitter.setSizes(list(SIDE_BY_SIDE_SIZES))
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._given())
        self.footer_area = FooterArea(footer, self)
        layout = self.lines = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.footer_area)

    @property
    def stacked(self) -> bool:
        """The pane is below the list."""
        return self.splitter.orientation() == Qt.Orientation.Vertical

    def side_by_side_width(self) -> int:
        """The least width at which the list and the pane stand side by side."""
        beside = (least(self.view).width() + self.splitter.handleWidth()
                  + least(self.pane).width())
        margins = self.lines.contentsMargins()
        return max(text_width(self, SIDE_BY_SIDE_CHARS),
                   beside + margins.left() + margins.right())

    def minimumSizeHint(self) -> QSize:
        view, pane = least(self.view), least(self.pane)
        margins = self.lines.contentsMargins()
        width = max(view.width(), pane.width()) + margins.left() + margins.right()
        height = (view.height() + self.splitter.handleWidth() + pane.height()
                  + self.lines.spacing() + self.footer_area.room()
                  + margins.top() + margins.bottom())
        return QSize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        """Side by side when the body is wide enough, else the pane below the list."""
        wide = self.width() >= self.side_by_side_width()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self._share(self._sizes.get(orientation)
                        or (SIDE_BY_SIDE_SIZES if wide else STACKED_SIZES))
        elif self._restoring and self.isVisible():
            # restored before the window had its size: Qt shared out the difference by the
            # parts' size policies, not as they were left
            self._share(self._sizes.get(orientation, ()))
        if self.isVisible():
            self._restoring = False

    def _given(self) -> None:
        """The person placed the split (or it was restored as they left it): that orientation
        comes back so. (Sizes read at a switch would be squeezed: the splitter is laid out at
        the new width before the body hears of it.)"""
        self._sizes[self.splitter.orientation()] = self.splitter.sizes()

    def _restored(self, sizes: list[int]) -> None:
        """A saved split was put back: its orientation's sizes, applied once shown."""
        self._sizes[self.splitter.orientation()] = sizes
        self._restoring = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.arrange()  # laid out now: a split restored before it can take its place

    def _share(self, shares: Sequence[int]) -> None:
        """The list and the pane in these proportions of the room the splitter has now (given
        as they are, Qt shares out a difference by the parts' size policies instead)."""
        if len(shares) != 2 or sum(shares) <= 0:
            return
        splitter = self.splitter
        room = (splitter.width() if splitter.orientation() == Qt.Orientation.Horizontal
                else splitter.height()) - splitter.handleWidth()
        first = round(room * shares[0] / sum(shares))
        splitter.setSizes([first, room - first])

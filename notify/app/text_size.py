"""Window sizes in text units, so that a window follows the font it shows: with a large system
font (14 pt) a window opens as much larger as its text is, instead of cutting it or scrolling
at once; at the default font the sizes are what they always were. Never larger than the screen
the window is on (most of its free area)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.9  # of the screen's free area, at most


def text_width(widget: QWidget, chars: float) -> int:
    """``chars`` average characters of ``widget``'s font, in pixels."""
    return round(chars * widget.fontMetrics().averageCharWidth())


def text_size(widget: QWidget, chars: float, lines: float) -> QSize:
    """``chars`` average characters wide, ``lines`` lines high, in ``widget``'s font; within
    the screen."""
    size = QSize(text_width(widget, chars), round(lines * widget.fontMetrics().lineSpacing()))
    return within_screen(widget, size)


def within_screen(widget: QWidget, size: QSize) -> QSize:
    """``size`` made no larger than ``SCREEN_SHARE`` of the free area of ``widget``'s screen."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return size
    room = screen.availableGeometry().size()
    return size.boundedTo(QSize(int(room.width() * SCREEN_SHARE),
                                int(room.height() * SCREEN_SHARE)))

"""Window sizes in text units, so that a window follows the font it shows: with a large system
font (14 pt) a window opens as much larger as its text is, instead of cutting it or scrolling
at once; at the default font the sizes are what they always were. Never larger than the screen
the window is on (most of its free area)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QScreen
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


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen ``widget``'s window is on (the primary one when it is on none yet).

    Never ``QWidget.screen()`` (nor ``QWindow.screen()``): PySide 6.11 makes the ``QScreen``
    they return a child of the widget on the Python side, so the widget, when Python's
    collector frees it (a window in a reference cycle, never closed by Qt first), deletes
    the application's screen with it; the next widget made then crashed in Qt's screen
    lookup (``QScreen::virtualSiblings``: tests/app/test_text_size.py alone, two first-run
    dialogs then any dialog). ``QGuiApplication``'s own lookups parent nothing."""
    window = widget.window()
    centre = window.mapToGlobal(window.rect().center()) if window.isVisible() \
        else window.geometry().center()
    return QGuiApplication.screenAt(centre) or QGuiApplication.primaryScreen()


def within_screen(widget: QWidget, size: QSize) -> QSize:
    """``size`` made no larger than ``SCREEN_SHARE`` of the free area of ``widget``'s screen."""
    screen = screen_of(widget)
    if screen is None:
        return size
    room = screen.availableGeometry().size()
    return size.boundedTo(QSize(int(room.width() * SCREEN_SHARE),
                                int(room.height() * SCREEN_SHARE)))

"""The bell on a notified item's row: the app's bell shape in a colour that reads on the list,
light or dark, and in the highlighted text's colour on the selected row (the app's blue on the
selection's blue was all but invisible: 1.1:1)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap

from notify.app.contrast import most_readable
from notify.app.icons import BELL_SHAPE

SIZES = (16, 24, 32, 48)  # pixels: a row's icon at 9 pt to 14 pt and HiDPI
# the app's blue, and lighter ones for a dark list: the one that reads best is drawn
BLUES = ("#2f6fd6", "#5b8fe6", "#8ab0f0")


def _tinted(shape: QIcon, size: int, colour: QColor) -> QPixmap:
    """``shape`` at ``size`` pixels, every drawn pixel in ``colour`` (its alpha kept)."""
    pixmap = shape.pixmap(size, size)
    painter = QPainter(pixmap)
    try:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(pixmap.rect(), colour)
    finally:
        painter.end()
    return pixmap


def bell_colour(palette: QPalette) -> QColor:
    """The bell's colour on ``palette``'s list (its Base)."""
    return most_readable((QColor(c) for c in BLUES), palette.color(QPalette.ColorRole.Base))


def bell_icon(palette: QPalette) -> QIcon:
    """The bell for a list drawn with ``palette``: readable on a row, and on the selected
    row (the highlighted text's colour)."""
    shape = QIcon(str(BELL_SHAPE))
    icon = QIcon()
    normal = bell_colour(palette)
    selected = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    for size in SIZES:
        icon.addPixmap(_tinted(shape, size, normal), QIcon.Mode.Normal)
        icon.addPixmap(_tinted(shape, size, selected), QIcon.Mode.Selected)
    return icon

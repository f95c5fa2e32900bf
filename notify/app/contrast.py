"""How readable one colour is on another: the WCAG contrast ratio (1 to 21; body text wants at
least ``READABLE``), and the colour of a pair that reads better on a background. Colours the
app draws itself (an error's red) are picked with it, so they stay readable on a dark theme."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor

READABLE = 4.5  # WCAG AA for normal text


def luminance(colour: QColor) -> float:
    """The relative luminance of ``colour`` (0 black … 1 white), as WCAG defines it."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """The contrast ratio of ``a`` and ``b``: 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def most_readable(choices: Iterable[QColor], background: QColor) -> QColor:
    """The one of ``choices`` that contrasts most with ``background``."""
    return max(choices, key=lambda c: contrast(c, background))

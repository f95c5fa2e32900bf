"""The width a text field needs for its placeholder to be read whole.

A placeholder is the field's instructions ("kept in the system keyring", "a word or words,
e.g. rust"): cut, as "kep…" beside "Access token (home, notifications)" at 480 px, it says
nothing. The layouts that place fields (``FlowRow``, ``KindForm``'s form) ask this width to
decide when a field goes to a line of its own (or under its label); it is never a field's
minimum width, so a long placeholder never makes the window wider.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

HINT_CHARS = 17  # QLineEdit's size hint is this many "x" wide, with its frame and margins


def placeholder_width(widget: QWidget | None) -> int:
    """The width ``widget`` (a ``QLineEdit``) needs to show its placeholder whole, with its
    frame, margins and a character to spare; 0 for any other widget or no placeholder."""
    if not isinstance(widget, QLineEdit) or not widget.placeholderText():
        return 0
    metrics = widget.fontMetrics()
    chrome = widget.sizeHint().width() - HINT_CHARS * metrics.horizontalAdvance("x")
    if widget.isClearButtonEnabled():  # its button sits inside the field, at the end
        chrome += metrics.height()
    return chrome + metrics.horizontalAdvance(widget.placeholderText()) + metrics.averageCharWidth()

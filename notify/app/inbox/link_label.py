"""A label of rich text with links (the footer's Dismiss, Resume, Settings…) whose links follow
the theme: Qt gives a link its colour once, when the text is set, from the palette of that
moment; after a live switch from a light theme to a dark one the links stayed the light theme's
dark blue on a dark window (a window opened in the dark theme was fine). On a palette change the
text is set again, so its links take the new palette's link colour."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel


class LinkLabel(QLabel):
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (event.type() == QEvent.Type.PaletteChange
                and self.textFormat() != Qt.TextFormat.PlainText and self.text()):
            text = self.text()
            self.clear()  # (the same text again would be ignored)
            self.setText(text)

"""``ElidedLabel``: a selectable label that wraps a text to at most a few lines and ends the last
one with "…" when the text is longer (a 10,004-character title no longer fills the item pane
and pushes its buttons out of sight). The whole text is in the tooltip and "Copy all"; the
label's size never depends on the text's longest word (a plain ``QLabel`` with word wrap asks
for the width of an unbreakable word: a 3,000-letter one made the pane 21,000 px wide).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from notify.app.untrusted_text import TOOLTIP_CHARS, clipped, tooltip

NATURAL_WIDTH = 400  # the width asked for (the layout gives what it has)


def tr(text: str) -> str:
    return QCoreApplication.translate("ElidedLabel", text)


class ElidedLabel(QLabel):
    def __init__(self, max_lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_lines = max_lines
        self.full_text = ""
        self.note = ""
        self.elided = False
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)  # the lines are made here, at word boundaries or anywhere
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._laid_out_for = -1

    def set_full_text(self, text: str, note: str = "") -> None:
        """Show ``text`` (one line of display-safe text: see ``untrusted_text``); ``note`` is
        added to the tooltip (which otherwise shows the whole text only when it is elided)."""
        self.full_text = text
        self.note = note
        self.setAccessibleDescription(clipped(text, TOOLTIP_CHARS))
        self._laid_out_for = -1
        self._relayout()

    def clear(self) -> None:
        self.set_full_text("")

    # ----- lines
    def _width(self) -> int:
        width = self.contentsRect().width() - 2 * self.margin()
        return width if width > 20 else NATURAL_WIDTH

    def _relayout(self) -> None:
        width = self._width()
        if width == self._laid_out_for:
            return
        self._laid_out_for = width
        lines, self.elided = wrap(self.full_text, self, width, self.max_lines)
        if self.elided:
            self.setToolTip(tooltip(self.full_text, self.note))
        else:
            self.setToolTip(self.note)
        super().setText("\n".join(lines))
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # other glyphs, other lines
            self._laid_out_for = -1
            self._relayout()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), NATURAL_WIDTH), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(20, super().minimumSizeHint().height())

    # ----- copying: the text as it is, not as it is wrapped here
    def selected_text(self) -> str:
        if not self.hasSelectedText():
            return ""
        if len(self.selectedText()) >= len(self.text()):
            return self.full_text  # everything selected: all of it, not the elided part
        return self.selectedText().replace("\n", " ").replace("\u2029", " ")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self.hasSelectedText():
            QGuiApplication.clipboard().setText(self.selected_text())
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Copy and Copy all, in a menu that pops up and returns at once: ``QMenu.exec`` would
        run a nested event loop until it closes (everything else waits inside it: a timer,
        the engine's events, a test)."""
        menu = QMenu(self)
        menu.setObjectName("elided-label-menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        copy = menu.addAction(tr("Copy"))
        copy.setEnabled(self.hasSelectedText())
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.selected_text()))
        copy_all = menu.addAction(tr("Copy all"))
        copy_all.setEnabled(bool(self.full_text))
        copy_all.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.full_text))
        menu.popup(event.globalPos())
        event.accept()


def wrap(text: str, label: QLabel, width: int, max_lines: int) -> tuple[list[str], bool]:
    """``text`` in lines of at most ``width`` pixels in ``label``'s font (at word boundaries,
    or anywhere in a word too long for a line; each of its own lines, ``\n``, starts a new
    one), at most ``max_lines``, the last one elided; and whether it was."""
    if not text:
        return [""], False
    lines: list[str] = []
    paragraphs = text.split("\n")
    for number, paragraph in enumerate(paragraphs):
        room = max_lines - len(lines)
        last = number == len(paragraphs) - 1
        shown, elided = _wrap_one(paragraph, label, width, room)
        if not elided and not last and len(shown) == room:  # more paragraphs, no more room
            rest = " ".join([shown[-1], *paragraphs[number + 1:]])
            shown[-1] = label.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight,
                                                       width)
            elided = shown[-1] != rest
        lines += shown
        if elided or len(lines) == max_lines:
            return lines, elided
    return lines, False


def _wrap_one(text: str, label: QLabel, width: int, max_lines: int) -> tuple[list[str], bool]:
    """One paragraph (no line breaks) wrapped as ``wrap`` says."""
    if not text:
        return [""], False
    metrics = label.fontMetrics()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    elided = False
    layout.beginLayout()
    try:
        while len(lines) < max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start = line.textStart()
            if len(lines) == max_lines - 1:  # the last line shown: the rest, elided
                rest = text[start:]
                shown = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
                elided = shown != rest
                lines.append(shown)
                break
            lines.append(text[start:start + line.textLength()].rstrip())
    finally:
        layout.endLayout()
    return lines, elided

"""The feed picker: which of the feeds a web page announces a source follows (adding a web
page, typing one as a source's new address, or switching a source whose address gives a web
page to one of its feeds).

A list, not Qt's item dialog (``QInputDialog.getItem``, a combo box): every feed in sight at
once, its title and address on one row; from the keyboard the list has it at once, the arrows
move, Enter chooses the current feed (a double click too) and Escape cancels; the window's
``FocusRing`` (``focus_ring.py``) rings the list or button that has the keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from notify.app.focus_ring import ring_window


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


class FeedPicker(QDialog):
    """``question`` above the ``labels`` (one row each), ``first`` current; OK is "Use
    feed"."""

    def __init__(self, parent: QWidget | None, title: str, question: str,
                 labels: Sequence[str], first: int = 0, *, ok_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.question)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Feeds"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.addItems(list(labels))
        self.list.setCurrentRow(max(0, min(first, len(labels) - 1)))
        self.question.setBuddy(self.list)
        # a double click chooses; Enter goes to the default button (the list ignores it)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text or tr("Use this feed"))
        self.ok_button.setDefault(True)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # wide enough for a title and an address on one row, as tall as a few rows more
        rows = min(len(labels), 8)
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth()
                                   + 4 if labels else 0)
        self.resize(max(self.sizeHint().width(),
                        min(self.list.sizeHintForColumn(0) + 40, 720)), self.sizeHint().height())
        self.focus_ring = ring_window(self)  # what has the keyboard, ringed (focus_ring.py)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> int | None:
        """The row chosen (None: none current)."""
        row = self.list.currentRow()
        return row if row >= 0 else None


def choose(parent: QWidget | None, title: str, question: str, labels: Sequence[str],
           first: int = 0, *, ok_text: str = "") -> int | None:
    """The row of ``labels`` the person chose in a ``FeedPicker`` (None: cancelled)."""
    picker = FeedPicker(parent, title, question, labels, first, ok_text=ok_text)
    try:
        return picker.chosen() if picker.exec() == QDialog.DialogCode.Accepted else None
    finally:
        picker.deleteLater()

"""The app's short questions and error messages, as message boxes that show where the keyboard
is: Qt's static ``QMessageBox.question`` and ``critical`` build a box the app never sees, so
its buttons could not be ringed (``focus_ring.py``: Fusion marks a focused button by no pixel
of 3:1), and a question's buttons said "Yes" and "No" where the action has a name.

``confirm``: a question answered by a button named for the action ("Remove") or Cancel; Enter
is the action, Escape cancels, Tab goes from one to the other, each ringed. ``tell``: a message
with OK. Both are modal and wait (``exec``) for the answer."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from notify.app.focus_ring import ring_window


def tr(text: str) -> str:
    return QCoreApplication.translate("MessageBoxes", text)


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Whether the person chose ``action`` (the default button) rather than Cancel."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("confirm-question")
    chosen = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(chosen)
    box.setEscapeButton(cancel)
    ring_window(box)  # the button that has the keyboard, ringed (focus_ring.py)
    try:
        box.exec()
        return box.clickedButton() is chosen
    finally:
        box.deleteLater()


def tell(parent: QWidget | None, title: str, text: str, *,
         icon: QMessageBox.Icon = QMessageBox.Icon.Critical) -> None:
    """``text`` under ``title``, with OK (Enter and Escape close it too)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("told-message")
    ring_window(box)
    try:
        box.exec()
    finally:
        box.deleteLater()

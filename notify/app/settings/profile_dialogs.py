"""The questions and reports of Settings → Profile that need a dialog: a reset (what it
forgets; a copy offered first), an import (what it will change, before it does), and an import
refused (every problem, where it is). The page asks through these functions (tests replace
them: a modal dialog waits for a person)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from notify.app.focus_ring import ring_window

EXPORT_FIRST, RESET, CANCEL = "export", "reset", "cancel"


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfileDialogs", text)


def ask_reset(parent: QWidget, loses: str) -> str:
    """``EXPORT_FIRST``, ``RESET`` or ``CANCEL`` (the default: Enter and Escape keep the
    profile). ``loses``: what a reset forgets, counted (``profile_diff.reset_loses``)."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Reset profile"),
                      tr("Forget everything Notify has learned about you?"),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(loses + " " + tr("This cannot be undone: a copy exported first "
                                             "can be imported again."))
    export = box.addButton(tr("Export a copy, then reset…"), QMessageBox.ButtonRole.AcceptRole)
    reset = box.addButton(tr("Reset without a copy"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    ring_window(box)  # the button that has the keyboard, ringed (focus_ring.py)
    box.exec()
    clicked = box.clickedButton()
    return EXPORT_FIRST if clicked is export else RESET if clicked is reset else CANCEL


def ask_import(parent: QWidget, path: Path, changes: list[str], reactions: int) -> bool:
    """Whether to replace the profile with ``path``'s, told what would change (``changes``:
    ``ProfileChanges.lines``) and, when there are any, that ``reactions`` could no longer be
    undone. Cancel is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Import profile"),
                      tr("Replace your profile with the one in {0}?").format(path.name),
                      QMessageBox.StandardButton.NoButton, parent)
    note = ("\n\n" + tr("Your {0} earlier reactions could no longer be undone.").format(reactions)
            if reactions > 1 else "\n\n" + tr("Your last reaction could no longer be undone.")
            if reactions == 1 else "")
    box.setInformativeText("\n".join("• " + line for line in changes) + note)
    replace = box.addButton(tr("Import and replace"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    ring_window(box)  # the button that has the keyboard, ringed (focus_ring.py)
    box.exec()
    return box.clickedButton() is replace


def show_refused(parent: QWidget, path: Path, message: str, problems: list[str]) -> None:
    """An import refused: the title says so; below, each of ``problems`` (where it is, what is
    wrong), or, when the file could not be read as a profile at all, ``message``."""
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Import profile"),
                      tr("{0} was not imported; your profile is unchanged.").format(path.name),
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(tr("Fix these in a text editor and import it again:") + "\n"
                           + "\n".join("• " + p for p in problems) if problems else message)
    ring_window(box)
    box.exec()

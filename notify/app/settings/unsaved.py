"""Changes typed or ticked in Settings and not saved yet: never lost without a word.

Settings' model: what a page's form holds (the Notifications and "Polling and storage"
options, the selected source's fields, the interests) is stored by its Save (or Enter);
the buttons and switches that stand alone (Enable, Add alert, Forget, Start at login) act at
once. A form's changes not saved yet are never dropped silently: before they would be
(the window closed, Notify quit from the tray or with Ctrl+Q, another page's tab or another
source chosen), the window asks **Save / Discard / Cancel** for them (Save by default;
Escape cancels). Save stores them and goes on only once they are stored: a value refused
stays, said under its field, and nothing goes on. Changes on several pages (the window closed,
Notify quit) are asked about once, each page named with its fields, with **Save all /
Discard / Cancel** (``ask_several``).

A page that holds such a form has ``unsaved() -> list[str]`` (the labels of the fields
changed), ``save_then(done)`` (save; ``done()`` once stored, not called when refused) and
``discard()`` (its fields as stored)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from notify.app.focus_ring import ring_window


def tr(text: str) -> str:
    return QCoreApplication.translate("Unsaved", text)


@runtime_checkable
class HoldsChanges(Protocol):
    def unsaved(self) -> list[str]: ...

    def save_then(self, done: Callable[[], None]) -> None: ...

    def discard(self) -> None: ...


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
NBSP = "\u00a0"


def changes_text(names: list[str]) -> str:
    """The fields changed, as the question lists them: “Quiet hours” and “Quiet hours end”;
    a field's name never broken over two lines (the box wrapped “Quiet / hours”): its spaces
    are non-breaking (its lines break between the names)."""
    quoted = [f"“{n.replace(' ', NBSP)}”" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    if len(quoted) > 4:
        return tr("{0} and {1} more").format(", ".join(quoted[:3]), len(quoted) - 3)
    return tr("{0} and {1}").format(", ".join(quoted[:-1]), quoted[-1])


def ask(parent: QWidget, where: str, names: list[str],
        answered: Callable[[str], None]) -> QMessageBox:
    """Ask whether to save the changes to ``names`` on ``where`` (a page, a source); the
    answer (``SAVE``, ``DISCARD`` or ``CANCEL``) goes to ``answered``. Window-modal and
    opened, not ``exec()``-ed: no nested event loop."""
    informative = (
        tr("You changed {0} and did not save it yet.").format(changes_text(names))
        if len(names) == 1 else
        tr("You changed {0} and did not save them yet.").format(changes_text(names)))
    return _question(parent, tr("Save your changes to {0}?").format(where), informative,
                     (tr("Save"), tr("Discard changes")), answered)


def ask_several(parent: QWidget, changes: list[tuple[str, list[str]]],
                answered: Callable[[str], None]) -> QMessageBox:
    """Ask once about the changes on several places, ``changes`` (where, the names of the
    fields changed there), each said on a line of its own: Save all, Discard (all) or
    Cancel, to ``answered`` as ``SAVE``, ``DISCARD`` or ``CANCEL``. (Asked one page after
    the other, closing Settings with changes on two pages asked twice.)"""
    lines = "\n".join(f"• {where}: {changes_text(names)}" for where, names in changes)
    return _question(parent, tr("Save your changes on {0} pages?").format(len(changes)),
                     tr("You changed these and did not save them yet:") + "\n" + lines,
                     (tr("Save all"), tr("Discard")), answered)


def _question(parent: QWidget, text: str, informative: str, labels: tuple[str, str],
              answered: Callable[[str], None]) -> QMessageBox:
    """The question, ``labels`` its save and discard buttons (then Cancel), opened."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved changes"), text, parent=parent)
    box.setObjectName("unsaved-question")
    box.setTextFormat(Qt.TextFormat.PlainText)  # a source's name is the feed's: never markup
    box.setInformativeText(informative)
    save = box.addButton(labels[0], QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(labels[1], QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    ring_window(box)  # the button that has the keyboard, ringed (focus_ring.py)

    def done() -> None:
        clicked = box.clickedButton()
        answered(SAVE if clicked is save else DISCARD if clicked is discard else CANCEL)
        box.deleteLater()

    box.finished.connect(lambda _r: done())
    box.open()
    return box

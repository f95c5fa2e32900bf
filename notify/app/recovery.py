"""At start-up, when the database cannot be opened: say what is wrong and offer a way out.

- damaged: "Restore backup from <date>" (the newest pre-migration backup, when one exists),
  "Start fresh" (the damaged file is moved aside as ``notify.sqlite3.damaged-<time>``, never
  deleted), "Quit";
- locked by another program, or any other store failure (read-only folder, full disk):
  "Try again", "Quit";
- written by a newer Notify: the explanation and "Quit".

``open_or_recover`` loops (open → dialog → act → open again) until the database opens or the
user quits. The file work is ``notify.core.store.recovery``; this module is only the dialog.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from notify.app.focus_ring import ring_window
from notify.app.text_size import text_size
from notify.core.errors import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseTooNewError,
    StoreError,
)
from notify.core.store import recovery
from notify.core.store.recovery import Backup

log = logging.getLogger(__name__)

RESTORE = "restore"
FRESH = "fresh"
RETRY = "retry"
QUIT = "quit"
WIDTH_IN_CHARS = 93  # at least: 560 px at the usual 9 pt, wider for a larger font


def tr(text: str) -> str:
    return QCoreApplication.translate("Recovery", text)


# where one sentence ends and the next begins: a "." then a space and a capital letter
_SENTENCE_END = re.compile(r"(?<=[.])\s+(?=[A-Z])")


def what_failed(error: StoreError) -> str:
    """The error's own words without the sentences that advise a terminal command
    (``notify repair --restore-backup``…): the dialog's buttons are those ways out, and its
    advice says which of them exist (the command line's "Restore a backup from …/backups"
    stood above "No backup of it exists")."""
    text = str(error)
    kept = [part for part in _SENTENCE_END.split(text) if "'notify repair" not in part]
    return " ".join(kept) if kept else text


def _advice(error: StoreError, db: Path, backup: Backup | None) -> str:
    kept = tr("The damaged file is kept in {folder} as {name}.damaged-<date>; nothing is "
              "deleted.").format(folder=db.parent, name=db.name)
    if isinstance(error, DatabaseCorruptError):
        if backup is not None:
            return tr("You can go back to the copy Notify made on {date} (sources, settings and "
                      "what it learned at that time), or start fresh with an empty database. "
                      ).format(date=backup.label()) + kept
        return tr("No backup of it exists. You can start fresh with an empty database. ") + kept
    if isinstance(error, DatabaseTooNewError):
        return tr("Notify will not change it, so that the newer version keeps working. Install "
                  "the newer Notify, or start this one with another data folder (--data-dir).")
    if isinstance(error, DatabaseLockedError):
        return tr("Close the other Notify (or the program using the file), then try again.")
    return tr("Fix the cause (free some disk space, make the folder writable), then try again.")


class RecoveryDialog(QDialog):
    """The message and the ways out; ``choice`` is the button pressed (``QUIT`` if closed)."""

    def __init__(self, error: StoreError, db: Path, backups: list[Backup],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.backup = backups[0] if backups else None
        self.choice = QUIT
        self.setWindowTitle(tr("Notify cannot open its database"))
        self.setAccessibleName(tr("Notify cannot open its database"))
        self.setMinimumWidth(text_size(self, WIDTH_IN_CHARS, 0).width())
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        text = QVBoxLayout()
        heading = QLabel(f"<b>{tr('Notify cannot open its database.')}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        text.addWidget(heading)
        self.message = QLabel(what_failed(error))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(tr("What went wrong"))
        self.advice = QLabel(_advice(error, db, self.backup))
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName(tr("What you can do"))
        text.addWidget(self.message)
        text.addWidget(self.advice)
        top.addLayout(text, 1)
        layout.addLayout(top)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for choice, label, name in self._offers():
            button = QPushButton(label)
            button.setAccessibleName(name)
            button.setObjectName(f"recovery-{choice}")
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            row.addWidget(button)
            self.buttons[choice] = button
        first = next(iter(self.buttons.values()))
        first.setDefault(True)
        first.setFocus()
        layout.addLayout(row)
        self.focus_ring = ring_window(self)  # the button that has the keyboard, ringed

    def _offers(self) -> list[tuple[str, str, str]]:
        offers: list[tuple[str, str, str]] = []
        if isinstance(self.error, DatabaseCorruptError):
            if self.backup is not None:
                label = tr("Restore backup from {date}").format(date=self.backup.label())
                offers.append((RESTORE, label, label))
            offers.append((FRESH, tr("Start fresh"),
                           tr("Start fresh, keeping the damaged file aside")))
        elif not isinstance(self.error, DatabaseTooNewError):
            offers.append((RETRY, tr("Try again"), tr("Try again to open the database")))
        offers.append((QUIT, tr("Quit"), tr("Quit Notify")))
        return offers

    def offered(self) -> list[str]:
        """The buttons' labels, in order (for the log and the tests)."""
        return [b.text() for b in self.buttons.values()]

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != QUIT else self.reject()


def _exec(dialog: RecoveryDialog) -> None:
    dialog.exec()


def open_or_recover(db: Path, ask: Callable[[RecoveryDialog], None] = _exec, *,
                    thorough: bool = False, problem: StoreError | None = None) -> bool:
    """Open ``db`` (migrating it) as the engine will; on a ``StoreError`` show the dialog, do
    what the user picked, and try again. True when the database opens, False on Quit.

    ``thorough`` also reads every page (slower: used after a failed start, not before each
    one); ``problem``: a failure already found, shown first."""
    failed: StoreError | None = problem
    refused: set[Path] = set()  # backups that turned out damaged too
    while True:
        error = failed or recovery.diagnose(db, thorough=thorough)
        failed = None
        if error is None:
            return True
        backups = [b for b in recovery.list_backups(db) if b.path not in refused]
        dialog = RecoveryDialog(error, db, backups)
        log.error("%s Offering: %s.", error, ", ".join(dialog.offered()))
        ask(dialog)
        choice = dialog.choice
        dialog.deleteLater()
        log.info("recovery: the user chose %s", choice)
        try:
            if choice == RESTORE and dialog.backup is not None:
                aside = recovery.restore(db, dialog.backup)
                log.warning("restored the backup from %s; the damaged file is kept as %s",
                            dialog.backup.label(), aside)
            elif choice == FRESH:
                aside = recovery.start_fresh(db)
                log.warning("starting fresh; the damaged file is kept as %s", aside)
            elif choice == QUIT:
                return False
        except StoreError as err:
            log.error("recovery (%s) failed: %s", choice, err)
            if choice == RESTORE and dialog.backup is not None:
                refused.add(dialog.backup.path)
            failed = err


def recover_after_failed_start(db: Path, ask: Callable[[RecoveryDialog], None] = _exec
                               ) -> bool | None:
    """The engine did not start: is the database the cause? A damaged page deep inside a file
    that opens only shows when read, so every page is checked here. None: the database is fine
    (the cause is elsewhere); True: repaired or retried, start again; False: the user quit."""
    problem = recovery.diagnose(db, thorough=True)
    if problem is None:
        return None
    return open_or_recover(db, ask, thorough=True, problem=problem)

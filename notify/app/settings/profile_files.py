"""Settings → Profile's actions on the whole profile, in their row under the page: Export
profile… (to a readable JSON file), Import profile… (the file checked and what it would change
said first: ``profile_dialogs.ask_import``; a file that holds what the profile holds is not
imported, its reactions still undoable, as ``notify profile import``; a file refused is
explained problem by problem)
and Reset profile… (what it forgets counted, a copy offered first: ``profile_dialogs``).

The buttons are named for what they act on: under "What Notify learned", a bare "Reset…" could
be read as the learned features only (it forgets interests, alerts and blocks too). Each call
runs on the engine thread through the page's ``call`` (``ProfilePage._call``); a change is
announced by the engine (``ProfileChanged``), and the page reads the profile again then."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from notify.app.qtcompat import emit
from notify.app.settings import profile_dialogs
from notify.app.settings.flow_row import FlowRow
from notify.core.errors import NotifyError

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("ProfilePage", text)


class Call(Protocol):
    """``ProfilePage._call``: ``fn(ranking_service)`` on the engine thread, ``done`` with its
    result on the GUI thread (``failed`` with its error); ``changes``: it changes the profile."""

    def __call__(self, fn: Callable[[Any], Any], done: Callable[[Any], None] | None = None,
                 failed: Callable[[BaseException], None] | None = None, *,
                 changes: bool = False) -> None: ...


class ProfileFiles(QWidget):
    message = Signal(str)  # a user-facing result line for the window's status

    def __init__(self, call: Call, parent: QWidget | None = None,
                 settle: Callable[[Callable[[], None]], None] | None = None) -> None:
        super().__init__(parent)
        self._call = call
        # the page's changes not saved (the interests typed) saved or discarded first, then
        # the action: an import or a reset replaces the interests, and the text typed before
        # it stayed in the field, over the new ones (``ProfilePage.settle``)
        self._settle = settle or (lambda then: then())
        self.buttons: dict[str, QPushButton] = {}
        files = FlowRow(self)
        files.addStretch()
        for key, label, tip, slot in (
                ("export", tr("Export profile…"),
                 tr("Save your interests, alerts, blocks and what Notify learned to a file"),
                 self.export_dialog),
                ("import", tr("Import profile…"),
                 tr("Replace your profile with one exported before"), self.import_dialog),
                ("reset", tr("Reset profile…"),
                 tr("Forget your interests, alerts, blocks and what Notify learned"),
                 self.reset)):
            button = QPushButton(label)
            button.setObjectName(f"profile-{key}")
            button.setAccessibleName(label.rstrip("…"))
            button.setToolTip(tip)
            button.clicked.connect(slot)
            files.addWidget(button)
            self.buttons[key] = button

    def reset(self) -> None:
        """Say what a reset forgets, counted, and offer a copy first (``profile_dialogs``)."""
        from notify.core.ranking.profile_diff import reset_loses

        self._settle(lambda: self._call(lambda svc: reset_loses(svc.profile, svc.show(0).reactions),
                                        self._ask_reset))

    def _ask_reset(self, loses: str) -> None:
        answer = profile_dialogs.ask_reset(self, loses)
        if answer == profile_dialogs.EXPORT_FIRST:
            path = self._export_path()
            if path is not None:
                self.export_to(path, then=self._do_reset)
        elif answer == profile_dialogs.RESET:
            self._do_reset()

    def _do_reset(self) -> None:
        self._call(lambda svc: svc.reset(), lambda _r: self._said(
            tr("Profile reset: Notify learns afresh from your next reactions.")), changes=True)

    def _export_path(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export profile"),
                                              str(Path.home() / "notify-profile.json"),
                                              tr("Notify profile (*.json)"))
        return Path(path) if path else None

    def export_dialog(self) -> None:
        path = self._export_path()
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path, then: Callable[[], None] | None = None) -> None:
        def done(_r: Any) -> None:
            emit(self.message, tr("Profile exported to {0}.").format(path))
            if then is not None:
                then()

        self._call(lambda svc: svc.export(path), done)

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import profile"), str(Path.home()),
                                              tr("Notify profile (*.json);;All files (*)"))
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        """Read and check the file, say what it would change, and replace the profile only
        when the person agrees; a file refused is explained in a dialog, problem by problem."""
        from notify.core.ranking import profile_diff, profile_file

        def preview(svc: Any) -> tuple[Any, int]:
            before = profile_diff.snapshot(svc.profile)
            return (profile_diff.compare(before, profile_file.read(path),
                                         profile_diff.followed(svc.profile)),
                    svc.show(0).reactions)

        def previewed(result: tuple[Any, int]) -> None:
            changes, reactions = result
            if not changes.any:  # as ``notify profile import``: nothing to replace, undo kept
                self._said(unchanged(path, int(reactions)))
            elif profile_dialogs.ask_import(self, path, changes.lines(), int(reactions)):
                self._call(lambda svc: svc.import_(path), lambda data: self._said(
                    tr("Profile imported from {0}: {1} ({2}).").format(
                        path, changes.brief(), brought(data))), changes=True)

        def refused(err: BaseException) -> None:
            log.warning("profile page: import of %s refused: %s", path, err)
            problems = list(getattr(err, "problems", []))
            emit(self.message, tr("{0} was not imported; nothing was changed ({1} problems; the "
                                  "first: {2}).").format(path, len(problems), problems[0])
                 if len(problems) > 1 else tr("{0} was not imported; nothing was changed "
                                               "({1}).").format(path, problems[0])
                 if problems else str(err))
            if isinstance(err, NotifyError):
                profile_dialogs.show_refused(self, path, str(err), problems)

        self._settle(lambda: self._call(preview, previewed, failed=refused))

    def _said(self, text: str) -> None:
        emit(self.message, text)


def unchanged(path: Path, reactions: int) -> str:
    """What an import of a file that holds what the profile holds says: it was not imported
    (nothing would change), and the ``reactions`` that can be undone still can."""
    kept = (" " + tr("Your {0} earlier reactions can still be undone.").format(reactions)
            if reactions > 1 else " " + tr("Your last reaction can still be undone.")
            if reactions == 1 else "")
    return tr("Nothing changed: {0} holds what your profile holds, so it was not "
              "imported.").format(path) + kept


def brought(data: Any) -> str:
    """What an imported profile holds, in this page's words: ``1 learned feature, 0 interests,
    1 alert or block`` (``ProfileData.summary`` says "pin", the command line's word)."""
    return ", ".join(
        (tr("1 learned feature") if len(data.weights) == 1
         else tr("{0} learned features").format(len(data.weights)),
         tr("1 interest") if len(data.interests) == 1
         else tr("{0} interests").format(len(data.interests)),
         tr("1 alert or block") if len(data.pins) == 1
         else tr("{0} alerts or blocks").format(len(data.pins))))

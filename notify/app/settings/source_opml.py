"""Settings → Sources' Import OPML… and Export OPML…: the file chosen, read or written, the
engine's import (folders become groups) with its progress, and what came of it said in the
page's status line; an import's warnings, merges and skips in ``ImportReportDialog``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton, QWidget

from notify.app import operations as ops
from notify.app.advice_words import said
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.import_report import ImportDetails, ImportReportDialog, report_note

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


class SourceOpml(QObject):
    """The page's two OPML buttons and what they do; ``page`` is the dialogs' parent."""

    message = Signal(str)  # a user-facing result line for the window's status

    def __init__(self, bridge: EngineBridge, page: QWidget) -> None:
        super().__init__(page)
        self.bridge = bridge
        self.page = page
        self.import_report: ImportReportDialog | None = None  # the last import's details
        self.import_button = QPushButton(tr("Import OPML…"))
        self.import_button.setAccessibleName(tr("Import OPML"))
        self.import_button.clicked.connect(self.import_opml_dialog)
        self.export_button = QPushButton(tr("Export OPML…"))
        self.export_button.setAccessibleName(tr("Export OPML"))
        self.export_button.clicked.connect(self.export_opml_dialog)

    def import_opml_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.page, tr("Import OPML"), str(Path.home()),
                                              tr("OPML files (*.opml *.xml);;All files (*)"))
        if path:
            self.import_opml(Path(path))

    def import_opml(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as err:
            log.warning("OPML import: could not read %s: %s", path, err)
            self._say(tr("Could not import {0}: {1}. Choose an OPML file exported from your feed "
                         "reader.").format(path, err.strerror or err))
            return
        progress = QProgressDialog(tr("Importing {0}…").format(path.name), "", 0, 0, self.page)
        progress.setCancelButton(None)
        progress.setMinimumDuration(300)
        progress.setAccessibleName(tr("Import progress"))

        def run(engine: Any) -> ImportDetails:
            # the report's lines redacted here, on the engine's thread, not in ``done``
            return ImportDetails.of(engine.import_opml(data))

        def done(details: ImportDetails) -> None:
            progress.close()
            report = details.report
            summary = report.summary() if hasattr(report, "summary") else str(report)
            self._say(" ".join(p for p in (tr("Imported {0}: {1}").format(path.name, summary),
                                           report_note(report)) if p))
            if details.sections:  # what the command line lists: warnings, merges, skips
                self.show_import_report(path.name, details)

        def failed(err: BaseException) -> None:
            progress.close()
            ops.log_failure(log, f"OPML import of {path.name}", err)
            self._say(tr("Could not import {0}: {1}").format(path.name, err))

        ops.Op(self.page, run, done).failure(failed).run_in_background(self.bridge)

    def show_import_report(self, name: str, report: Any | ImportDetails) -> None:
        if self.import_report is not None:
            self.import_report.close()
        self.import_report = ImportReportDialog(name, report, self.page)
        self.import_report.open()

    def export_opml_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.page, tr("Export OPML"),
                                              str(Path.home() / "notify-sources.opml"),
                                              tr("OPML files (*.opml)"))
        if path:
            self.export_opml(Path(path))

    def export_opml(self, path: Path) -> None:
        def done(got: tuple[str, str, str]) -> None:
            text, feeds, missing = got
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as err:
                self._say(tr("Could not write {0}: {1}").format(path, err.strerror or err))
                return
            exported = tr("Exported {0} to {1}.").format(feeds, path)
            self._say(f"{exported} {missing}" if missing else exported)

        ops.export_opml(self.page, done).failure(self._failed).run_in_background(self.bridge)

    def _say(self, text: str) -> None:
        emit(self.message, text)

    def _failed(self, err: BaseException) -> None:
        """Say what failed (the core's message says what to do)."""
        ops.log_failure(log, "sources page", err)
        self._say(said(err))

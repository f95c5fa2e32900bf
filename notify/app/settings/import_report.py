"""What an OPML import did, in full: the counts, then every warning (a repaired file, an address
without a scheme…), every outline skipped and every duplicate merged: what
``notify sources import`` prints. Every text comes redacted from the report
(``subscriptions.ImportReport``: feed keys are never shown) and is shown as plain text, its
advice (an address to edit, a page or site to look at for its feed, another list to import)
in the app's words (``advice_words.about_source``).

Redacting every line is regular-expression work (~5 ms for the 47 details of a 671-outline
list, done three times on the GUI thread before): ``ImportDetails.of(report)`` does it once, on
the engine's thread where the import runs (``sources_page.import_opml``); the status line and
the dialog only read what it found.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from notify.app.advice_words import about_source
from notify.app.focus_ring import ring_window
from notify.app.text_size import text_size
from notify.app.untrusted_text import one_line
from notify.core.logs import redact

SIZE_IN_TEXT = (107, 30)  # characters, lines: 640×420 at the usual 9 pt, more for more


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportReport", text)


def sections(report: Any) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each kind of detail the report has, in the order that matters:
    what went wrong with the file, what was left out, what was merged."""
    warnings = [redact(about_source(w)) for w in getattr(report, "warnings", ())]
    skipped = []
    for entry in getattr(report, "skipped", ()):
        title = redact(entry.title) or tr("An outline")
        where = tr(" (line {0})").format(entry.line) if entry.line else ""
        skipped.append(f"{title}{where}: {redact(about_source(entry.advised))}")
    merged = [dup.describe() for dup in getattr(report, "duplicates", ())]
    out = [(tr("Warnings ({0})").format(len(warnings)), warnings),
           (tr("Not imported ({0})").format(len(skipped)), skipped),
           (tr("Duplicates merged ({0})").format(len(merged)), merged)]
    return [(heading, lines) for heading, lines in out if lines]


@dataclass(frozen=True)
class ImportDetails:
    """A report and its detail lines, redacted (``sections``), worked out once off the GUI
    thread (``QCoreApplication.translate`` is thread-safe)."""

    report: Any
    sections: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def of(cls, report: Any) -> ImportDetails:
        return cls(report, tuple((heading, tuple(lines)) for heading, lines in sections(report)))


def has_details(report: Any) -> bool:
    """Whether the report has lines to show (nothing redacted to know it)."""
    return any(getattr(report, kind, ()) for kind in ("warnings", "skipped", "duplicates"))


def report_note(report: Any) -> str:
    """A line for the status bar that says there is more to read, and how much."""
    counts = []
    if getattr(report, "warnings", ()):
        n = len(report.warnings)
        counts.append(tr("1 warning") if n == 1 else tr("{0} warnings").format(n))
    if getattr(report, "skipped", ()):
        counts.append(tr("{0} not imported").format(len(report.skipped)))
    if getattr(report, "duplicates", ()):
        counts.append(tr("{0} merged").format(len(report.duplicates)))
    return tr("Details: {0}.").format(", ".join(counts)) if counts else ""


def as_text(name: str, report: Any | ImportDetails) -> str:
    details = report if isinstance(report, ImportDetails) else ImportDetails.of(report)
    lines = [tr("Imported {0}: {1}").format(name, details.report.summary())]
    for heading, items in details.sections:
        lines += ["", heading] + [f"  - {one_line(item)}" for item in items]
    return "\n".join(lines)


class ImportReportDialog(QDialog):
    def __init__(self, name: str, report: Any | ImportDetails,
                 parent: QWidget | None = None) -> None:
        """``report``: the import's report, or its ``ImportDetails`` already worked out."""
        super().__init__(parent)
        details = report if isinstance(report, ImportDetails) else ImportDetails.of(report)
        report = details.report
        self.setWindowTitle(tr("Imported {0}").format(name))
        self.setAccessibleName(tr("Import report"))
        self.resize(text_size(self, *SIZE_IN_TEXT))
        self.text = as_text(name, details)
        layout = QVBoxLayout(self)
        summary = QLabel(tr("Imported {0}: {1}").format(name, report.summary()))
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        summary.setObjectName("import-summary")
        summary.setAccessibleName(tr("Summary"))
        layout.addWidget(summary)
        self.details = QTextBrowser(self)
        self.details.setObjectName("import-details")
        self.details.setAccessibleName(tr("What the import found"))
        self.details.setOpenLinks(False)
        html = []
        for heading, items in details.sections:
            html.append(f"<h4>{escape(heading)}</h4><ul>")
            html += [f"<li>{escape(one_line(item))}</li>" for item in items]
            html.append("</ul>")
        self.details.setHtml("".join(html))
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setAccessibleName(tr("Close"))
        copy = QPushButton(tr("Copy report"))
        copy.setAccessibleName(tr("Copy report"))
        copy.setAccessibleDescription(tr("Copy the whole report to the clipboard"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)
        self.focus_ring = ring_window(self)  # what has the keyboard, ringed (focus_ring.py)

    def lines(self) -> list[str]:
        """The report's detail lines, as shown."""
        return [line.removeprefix("  - ") for line in self.text.splitlines()
                if line.startswith("  - ")]

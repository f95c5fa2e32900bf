"""Settings → Sources: add (``AddSourceBox``: by URL, with autodiscovery; "Add anyway" when the
check fails, as ``notify sources add --no-check``), the list with each source's health,
import/export OPML, and the selected source's editor: name, group, interval, enable, mute,
its kind's settings, remove. The editor's form comes from the kind's declared settings
(``KindForm``), the same generated form as for adding. "Poll every: default" says what the
default is for that source (the engine's interval, from ``notify.core.settings``).

Tokens typed here go to the OS keyring (``notify.core.secrets``) off the GUI thread; the source
keeps only the reference. With no usable keyring the save is refused with the reason.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.add_source_box import AddSourceBox
from notify.app.settings.import_report import ImportReportDialog, has_details, report_note
from notify.app.settings.kind_form import KindForm, in_gui_words
from notify.app.settings.source_health import health_text, minutes_text, status_word
from notify.app.settings.source_secrets import store_typed_secrets
from notify.app.untrusted_text import clipped, isolated, one_line, tooltip
from notify.core.errors import NotifyError
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.sources import registry

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("SourcesPage", text)


class SourcesPage(QWidget):
    message = Signal(str)  # a user-facing result line for the window's status

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setAccessibleName(tr("Sources"))
        self.sources: dict[int, tuple[Source, SourceState | None]] = {}
        self.default_intervals: dict[int, int] = {}  # seconds, when "Poll every" is default
        self.current: int | None = None
        self.import_report: ImportReportDialog | None = None  # the last import's details

        # --- add
        self.adder = AddSourceBox(bridge, self)
        self.adder.message.connect(self.message)
        self.adder.added.connect(self._added)
        # its controls, reached as the page's own (``page.add_url``, ``page.add_form``…)
        self.add_kind, self.add_url = self.adder.kind, self.adder.url
        self.add_button, self.add_anyway_button = self.adder.button, self.adder.anyway_button

        # --- list
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(tr("Your sources"))
        self.tree.setHeaderLabels([tr("Name"), tr("Group"), tr("Kind"), tr("Status")])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 260)
        self.tree.setMinimumHeight(140)  # a kind with many settings scrolls the page instead
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._select(cur))
        self.empty_hint = QLabel(tr("No sources yet. Type the address of a feed or of a web "
                                    "page above and press Add (a web page is searched for its "
                                    "feeds), or import an OPML file from another reader."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setAccessibleName(tr("No sources yet"))
        self.empty_hint.hide()
        buttons = QHBoxLayout()
        self.import_button = QPushButton(tr("Import OPML…"))
        self.import_button.setAccessibleName(tr("Import OPML"))
        self.import_button.clicked.connect(self.import_opml_dialog)
        self.export_button = QPushButton(tr("Export OPML…"))
        self.export_button.setAccessibleName(tr("Export OPML"))
        self.export_button.clicked.connect(self.export_opml_dialog)
        self.remove_button = QPushButton(tr("Remove…"))
        self.remove_button.setAccessibleName(tr("Remove source"))
        self.remove_button.clicked.connect(self.remove)
        for b in (self.import_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        # --- editor
        self.editor = QGroupBox(tr("Selected source"), self)
        form = QFormLayout(self.editor)
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("Name"))
        self.address = QLabel()
        self.address.setAccessibleName(tr("Address"))
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address.setWordWrap(True)
        self.group = QLineEdit()
        self.group.setAccessibleName(tr("Group"))
        self.interval = QSpinBox()
        self.interval.setRange(0, 24 * 60)
        self.interval.setSpecialValueText(tr("default"))
        self.interval.setSuffix(tr(" min"))
        self.interval.setAccessibleName(tr("Poll interval in minutes"))
        self.enabled = QCheckBox(tr("Poll this source"))
        self.enabled.setAccessibleName(tr("Enabled"))
        self.muted = QCheckBox(tr("Never notify (items still reach the inbox)"))
        self.muted.setAccessibleName(tr("Muted"))
        self.health = QLabel()
        self.health.setWordWrap(True)
        self.health.setAccessibleName(tr("Health"))
        self.health.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind_form = KindForm(())
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setAccessibleName(tr("Save source"))
        self.save_button.clicked.connect(self.save)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Address"), self.address)
        form.addRow(tr("Group"), self.group)
        form.addRow(tr("Poll every"), self.interval)
        form.addRow("", self.enabled)
        form.addRow("", self.muted)
        form.addRow(tr("Health"), self.health)
        self._kind_row = form.rowCount()
        form.addRow(self.kind_form)
        form.addRow("", self.save_button)
        self._form = form

        layout = QVBoxLayout(self)
        layout.addWidget(self.adder)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_hint, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.editor)
        self._select(None)
        bridge.sourcesChanged.connect(lambda _e: self.refresh())
        bridge.pollFinished.connect(lambda _e: self.refresh())
        if bridge.running:
            self.refresh()
        else:
            bridge.started.connect(self.refresh)

    # ----- list
    def refresh(self) -> None:
        def run(engine: Any) -> list[tuple[Source, SourceState | None, int]]:
            # the interval a source gets when "Poll every" is "default": the settings' default,
            # or its kind's, as the engine schedules it
            return [(s, engine.source_state(s.id), engine.default_interval(s))
                    for s in engine.sources()]

        ops.Op(self, run, self._fill).failure(self._failed).run_in_background(self.bridge)

    def _fill(self, rows: list[tuple[Source, SourceState | None, int]]) -> None:
        self.sources = {s.id: (s, st) for s, st, _default in rows}
        self.default_intervals = {s.id: default for s, _st, default in rows}
        self.tree.setVisible(bool(rows))
        self.empty_hint.setVisible(not rows)
        keep = self.current
        self.tree.blockSignals(True)
        self.tree.clear()
        for source, state, _default in rows:
            item = QTreeWidgetItem([clipped(source.title) or redact(source.url),
                                    clipped(source.group), source.kind,
                                    status_word(source, state)])
            item.setData(0, ID_ROLE, source.id)
            item.setToolTip(0, tooltip(source.title))
            item.setToolTip(3, in_gui_words(health_text(state), kind_settings(source.kind)))
            self.tree.addTopLevelItem(item)
            if source.id == keep:
                self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self._select(self.tree.currentItem())

    def _select(self, item: QTreeWidgetItem | None) -> None:
        source_id = item.data(0, ID_ROLE) if item is not None else None
        entry = self.sources.get(source_id) if source_id is not None else None
        self.current = source_id if entry else None
        self.editor.setEnabled(entry is not None)
        self.remove_button.setEnabled(entry is not None)
        if entry is None:
            self.name.clear()
            self.address.clear()
            self.group.clear()
            self.health.clear()
            self.interval.setSpecialValueText(tr("default"))
            self._set_kind_form(())
            return
        source, state = entry
        self.name.setText(one_line(source.title))
        self.address.setText(redact(source.url))
        self.address.setToolTip(tr("Where Notify fetches this source (secrets hidden)"))
        self.group.setText(one_line(source.group))
        default = self.default_intervals.get(source.id)
        self.interval.setSpecialValueText(
            tr("default ({0})").format(minutes_text(default)) if default else tr("default"))
        self.interval.setValue((source.interval_s or 0) // 60)
        self.enabled.setChecked(source.enabled)
        self.muted.setChecked(source.muted)
        self._set_kind_form(kind_settings(source.kind))
        self.kind_form.set_values(source.settings)
        self.health.setText(self.kind_form.in_gui_words(health_text(state)))

    def _set_kind_form(self, settings: Any) -> None:
        old = self.kind_form
        self.kind_form = KindForm(settings)
        self._form.replaceWidget(old, self.kind_form)
        self.kind_form.setVisible(bool(self.kind_form.settings))
        old.hide()
        old.deleteLater()

    @property
    def add_form(self) -> KindForm:
        """The add box's form of the chosen kind's settings (a new one for each kind)."""
        return self.adder.form

    # ----- actions
    def _added(self, source: Source) -> None:
        self.current = source.id  # selected once the list has it

    def save(self) -> None:
        if self.current is None:
            return
        source_id = self.current
        minutes = self.interval.value()
        changes: dict[str, Any] = {
            "title": self.name.text().strip(), "group": self.group.text().strip(),
            "interval_s": minutes * 60 if minutes else None,
            "enabled": self.enabled.isChecked(), "muted": self.muted.isChecked(),
        }
        form = self.kind_form
        values, typed = form.values(), form.typed_secrets()
        has_kind_settings = bool(form.settings)

        async def run(engine: Any) -> Source:
            if has_kind_settings:
                changes["settings"] = await store_typed_secrets(values, typed)
            source: Source = engine.update_source(source_id, **changes)
            return source

        def done(source: Source) -> None:
            self.kind_form.clear_secrets()
            self._say(tr("Saved {0}.").format(one_line(source.title) or redact(source.url)))

        ops.Op(self, run, done).failure(lambda err: self._failed(err, form)
                                        ).run_in_background(self.bridge)

    def remove(self) -> None:
        if self.current is None:
            return
        source, _ = self.sources[self.current]
        answer = QMessageBox.question(
            self, tr("Remove source"),
            tr("Remove {0} and all its items? This cannot be undone.").format(
                isolated(source.title) if one_line(source.title) else redact(source.url)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ops.remove_source(self, source.id, lambda _s: self._say(tr("Removed."))).failure(
            self._failed).run_in_background(self.bridge)

    def import_opml_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import OPML"), str(Path.home()),
                                              tr("OPML files (*.opml *.xml);;All files (*)"))
        if path:
            self.import_opml(Path(path))

    def import_opml(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as err:
            self._say(tr("Could not read {0}: {1}").format(path, err.strerror or err))
            return
        progress = QProgressDialog(tr("Importing {0}…").format(path.name), "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(300)
        progress.setAccessibleName(tr("Import progress"))

        def done(report: Any) -> None:
            progress.close()
            summary = report.summary() if hasattr(report, "summary") else str(report)
            self._say(" ".join(p for p in (tr("Imported {0}: {1}").format(path.name, summary),
                                           report_note(report)) if p))
            if has_details(report):  # what the command line lists: warnings, merges, skips
                self.show_import_report(path.name, report)

        def failed(err: BaseException) -> None:
            progress.close()
            self._failed(err)

        ops.import_opml(self, data, done).failure(failed).run_in_background(self.bridge)

    def show_import_report(self, name: str, report: Any) -> None:
        if self.import_report is not None:
            self.import_report.close()
        self.import_report = ImportReportDialog(name, report, self)
        self.import_report.open()

    def export_opml_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export OPML"),
                                              str(Path.home() / "notify-sources.opml"),
                                              tr("OPML files (*.opml)"))
        if path:
            self.export_opml(Path(path))

    def export_opml(self, path: Path) -> None:
        def done(text: str) -> None:
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as err:
                self._say(tr("Could not write {0}: {1}").format(path, err.strerror or err))
                return
            self._say(tr("Exported your sources to {0}.").format(path))

        ops.export_opml(self, done).failure(self._failed).run_in_background(self.bridge)

    # ----- messages
    def _say(self, text: str) -> None:
        emit(self.message, text)

    def _failed(self, err: BaseException, form: KindForm | None = None) -> None:
        """Say what failed; the core's command-line advice in the words of ``form``."""
        log.error("sources page: %s", err)
        self._say(form.in_gui_words(str(err)) if form is not None else str(err))


def kind_settings(kind_id: str) -> tuple[Any, ...]:
    """The declared settings of ``kind_id``; none for a kind this Notify does not know (a
    newer one wrote the database): shown, not a crash."""
    try:
        return tuple(registry.get(kind_id).settings)
    except NotifyError as err:
        log.error("a source has kind %r that this Notify does not know: %s", kind_id, err)
        return ()

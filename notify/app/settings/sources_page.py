"""Settings → Sources: add (by URL, with autodiscovery; "Add anyway" when the check fails, as
``notify sources add --no-check``), import/export OPML, edit, enable, mute, health, remove.
Forms for each kind come from its declared settings (``KindForm``): the same generated form
for adding and for editing. The address field shows only for a kind that takes one
(``address_hints``). "Poll every: default" says what the default is for that source (the
engine's interval, from ``notify.core.settings``).

Tokens typed here go to the OS keyring (``notify.core.secrets``) off the GUI thread; the source
keeps only the reference. With no usable keyring the save is refused with the reason.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.address_hints import Takes, hint_for
from notify.app.settings.import_report import ImportReportDialog, has_details, report_note
from notify.app.settings.kind_form import KindForm, secondary
from notify.app.settings.source_health import health_text, minutes_text
from notify.app.settings.source_list import ID_ROLE, SourceList, SourceRow, read_rows
from notify.app.settings.source_secrets import add_with_secrets, check_settings, store_typed_secrets
from notify.app.untrusted_text import clipped, isolated, one_line
from notify.core.errors import NotifyError
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.sources import registry

log = logging.getLogger(__name__)
REFRESH_DELAY_MS = 50  # changes to sources this close together are read and shown together


@dataclasses.dataclass(frozen=True)
class CheckFailed:
    """The address could not be checked before adding (unreachable, not a feed…)."""

    url: str
    kind: str
    error: str


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
        self._unchecked: CheckFailed | None = None  # what "Add anyway" adds
        self.import_report: ImportReportDialog | None = None  # the last import's details

        # --- add
        add_box = QGroupBox(tr("Add a source"), self)
        add_layout = QVBoxLayout(add_box)
        self._add_layout = add_layout
        row = QHBoxLayout()
        self.add_kind = QComboBox()
        self.add_kind.setAccessibleName(tr("Kind of source"))
        for kind in registry.all_kinds():
            self.add_kind.addItem(kind.label, kind.id)
            self.add_kind.setItemData(self.add_kind.count() - 1, kind.description,
                                      Qt.ItemDataRole.ToolTipRole)
        self.add_url = QLineEdit()
        self.add_url.setAccessibleName(tr("Address of the new source"))
        self.add_button = QPushButton(tr("Add"))
        self.add_button.setAccessibleName(tr("Add source"))
        self.add_button.clicked.connect(self.add)
        self.add_url.returnPressed.connect(self.add)
        self.add_anyway_button = QPushButton(tr("Add anyway"))
        self.add_anyway_button.setAccessibleName(tr("Add the source without checking it"))
        self.add_anyway_button.setToolTip(tr("Add the address as it is; each poll tries it "
                                             "again and Health shows the error"))
        self.add_anyway_button.clicked.connect(self.add_anyway)
        self.add_anyway_button.hide()
        self.add_url.textChanged.connect(lambda _t: self._forget_failed_check())
        row.addWidget(self.add_kind)
        row.addWidget(self.add_url, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.add_anyway_button)
        row.addStretch()  # takes the address field's room for a kind without one
        add_layout.addLayout(row)
        self.add_example = secondary(QLabel())
        self.add_example.setObjectName("add-example")
        self.add_example.setTextFormat(Qt.TextFormat.PlainText)
        add_layout.addWidget(self.add_example)
        self.add_form = KindForm(())
        self.add_form.hide()
        add_layout.addWidget(self.add_form)
        self.add_kind.currentIndexChanged.connect(lambda _i: self._rebuild_add_form())

        # --- list (source_list.py: rows updated in place, a filter, several selectable)
        self.list = SourceList(kind_settings, self)
        self.tree = self.list.tree
        self.tree.setMinimumHeight(140)  # a kind with many settings scrolls the page instead
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._select(cur))
        self.list.selectionChanged.connect(self._selection_changed)
        self.list.rowsShown.connect(self._rows_shown)
        self._reselect = False  # the editor's source changed: fill the editor again
        self._stale: set[int] = set()  # sources changed since the list last read them
        self._stale_all = False  # ... or all of them
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._read_stale)
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
        self.enable_button = QPushButton(tr("Enable"))
        self.enable_button.setAccessibleName(tr("Enable the selected sources"))
        self.enable_button.setToolTip(tr("Poll the selected sources again"))
        self.enable_button.clicked.connect(lambda: self.set_enabled(True))
        self.disable_button = QPushButton(tr("Disable"))
        self.disable_button.setAccessibleName(tr("Disable the selected sources"))
        self.disable_button.setToolTip(tr("Stop polling the selected sources (they and their "
                                          "items stay)"))
        self.disable_button.clicked.connect(lambda: self.set_enabled(False))
        for b in (self.import_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.enable_button, self.disable_button, self.remove_button):
            buttons.addWidget(b)

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
        layout.addWidget(add_box)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_hint, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.editor)
        self._rebuild_add_form()
        self._select(None)
        # a poll round reports the sources it polled (their health) in SourcesChanged too
        bridge.sourcesChanged.connect(lambda e: self.refresh(e.source_ids or None))
        if bridge.running:
            self.refresh()
        else:
            bridge.started.connect(self.refresh)

    # ----- list
    def refresh(self, source_ids: tuple[int, ...] | None = None) -> None:
        """Read ``source_ids`` again (None: every source) on the engine thread and update their
        rows; changes that come together (a poll round, many saves) are read together."""
        if source_ids is None or not self.sources:
            self._stale_all = True
        else:
            self._stale.update(source_ids)
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _read_stale(self) -> None:
        every, ids = self._stale_all, tuple(self._stale)
        self._stale_all, self._stale = False, set()
        ops.Op(self, lambda engine: read_rows(engine, None if every else ids),
               lambda got: self._fill(*got, complete=every)
               ).failure(self._failed).run_in_background(self.bridge)

    def _fill(self, rows: list[SourceRow], gone: list[int], *, complete: bool) -> None:
        """Show the rows read; the editor is filled again only when its source changed (a
        poll round's health alone updates the Health line, not what is being typed)."""
        before = self.sources.get(self.current) if self.current is not None else None
        if complete:
            self.sources, self.default_intervals = {}, {}
        for source_id in gone:
            self.sources.pop(source_id, None)
            self.default_intervals.pop(source_id, None)
        for source, state, default in rows:
            self.sources[source.id] = (source, state)
            self.default_intervals[source.id] = default
        now = self.sources.get(self.current) if self.current is not None else None
        if before is None or now is None or before[0] != now[0] or complete:
            self._reselect = True
        self.list.update_rows(rows, gone=gone, complete=complete)

    def _rows_shown(self) -> None:
        self.list.setVisible(bool(self.sources))
        self.empty_hint.setVisible(not self.sources)
        reselect, self._reselect = self._reselect, False
        if self.current is None:
            return
        item = self.list.item(self.current)
        if item is None:  # the source shown in the editor is gone
            self.tree.setCurrentIndex(QModelIndex())
            self._select(None)
        elif item is not self.tree.currentItem():  # just added: shown selected
            self.tree.setCurrentItem(item)
        elif reselect:
            self._select(item)
        else:
            self.health.setText(self.kind_form.in_gui_words(health_text(self.sources[
                self.current][1])))

    def _select(self, item: QTreeWidgetItem | None) -> None:
        source_id = item.data(0, ID_ROLE) if item is not None else None
        entry = self.sources.get(source_id) if source_id is not None else None
        self.current = source_id if entry else None
        self.editor.setEnabled(entry is not None)
        self._selection_changed()
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

    def _add_kind_id(self) -> str:
        return str(self.add_kind.currentData() or "feed")

    def _rebuild_add_form(self) -> None:
        """The chosen kind's address field (when it takes one) and every setting it declares,
        in the same generated form as the editor's."""
        kind = registry.get(self._add_kind_id())
        hint = hint_for(kind)
        self.add_url.setVisible(hint.takes is not Takes.NONE)
        self.add_url.setPlaceholderText(hint.placeholder)
        self.add_url.setToolTip(hint.example)
        self.add_example.setText(hint.example)
        self.add_example.setVisible(bool(hint.example))
        new = KindForm(kind.settings)
        self._add_layout.replaceWidget(self.add_form, new)
        new.setVisible(bool(kind.settings))  # no empty gap for a kind that needs nothing more
        self.add_form.hide()
        self.add_form.deleteLater()
        self.add_form = new
        self._forget_failed_check()

    # ----- actions
    def add(self) -> None:
        kind = self._add_kind_id()
        hint = hint_for(registry.get(kind))
        url = self.add_url.text().strip() if hint.takes is not Takes.NONE else ""
        if not url and hint.takes is Takes.REQUIRED:
            self._say(tr("Type {0} first.").format(hint.what))
            self.add_url.setFocus()
            return
        values, typed = self.add_form.values(), self.add_form.typed_secrets()
        self.add_button.setEnabled(False)
        self._say(tr("Looking at {0}…").format(redact(url)) if url
                  else tr("Adding {0}…").format(self.add_kind.currentText()))

        async def run(engine: Any) -> Any:
            address = url
            if kind != "feed":  # a YouTube handle is looked up on its page
                address = await engine.resolve_address(kind, url)
            if kind == "feed":
                check_settings(kind, url, values, typed)  # a malformed address: say so now
                probe = await engine.probe(url)
                if probe.error:
                    return CheckFailed(url, kind, str(probe.error))
                if not probe.is_feed:
                    return probe  # a web page: the person picks one of its feeds
            return await add_with_secrets(engine, kind, address, values, typed)

        def done(result: Any) -> None:
            self.add_button.setEnabled(True)
            if isinstance(result, Source):
                self._added(result)
                return
            if isinstance(result, CheckFailed):
                self._check_failed(result)
                return
            candidates = list(getattr(result, "candidates", ()))
            if not candidates:  # the core says why (a page, or JSON that is not a feed)
                said = getattr(result, "no_feed", "") or tr(
                    "{0} is a web page that announces no feed. Look for an RSS or Atom link on "
                    "it and add that address.").format(redact(url))
                self._say(self.kind_form.in_gui_words(said))
                return
            self._pick_candidate(candidates)

        ops.Op(self, run, done).failure(self._add_failed).run_in_background(self.bridge)

    def _added(self, source: Source) -> None:
        self.add_url.clear()
        self.add_form.clear_secrets()
        self._forget_failed_check()
        self.current = source.id
        self._say(tr("Added {0}.").format(one_line(source.title) or redact(source.url)))

    def _check_failed(self, failed: CheckFailed) -> None:
        """Say why; offer to add the address all the same (it may be down for a while)."""
        self._unchecked = failed
        self.add_anyway_button.show()
        self._say(tr("Could not add {0}: {1} If the address is right, \"Add anyway\" adds it "
                     "as it is: each poll tries it again.").format(
            redact(failed.url), failed.error.rstrip(".") + "."))

    def _forget_failed_check(self) -> None:
        self._unchecked = None
        self.add_anyway_button.hide()

    def add_anyway(self) -> None:
        """Add the address whose check failed, unchecked (``sources add --no-check``)."""
        failed = self._unchecked
        if failed is None or failed.url != self.add_url.text().strip():
            self._forget_failed_check()
            return
        values, typed = self.add_form.values(), self.add_form.typed_secrets()
        self.add_anyway_button.setEnabled(False)

        async def run(engine: Any) -> Source:
            return await add_with_secrets(engine, failed.kind, failed.url, values, typed)

        def done(source: Source) -> None:
            self.add_anyway_button.setEnabled(True)
            self._added(source)

        def error(err: BaseException) -> None:
            self.add_anyway_button.setEnabled(True)
            self._failed(err, self.add_form)

        ops.Op(self, run, done).failure(error).run_in_background(self.bridge)

    def _pick_candidate(self, candidates: list[Any]) -> None:
        labels = [f"{clipped(getattr(c, 'title', ''), 120) or redact(c.url)} — {redact(c.url)}"
                  for c in candidates]
        if len(candidates) == 1:
            chosen = candidates[0]
        else:
            label, ok = QInputDialog.getItem(self, tr("Choose a feed"),
                                             tr("This page offers several feeds:"), labels, 0,
                                             False)
            if not ok:
                return
            chosen = candidates[labels.index(label)]
        self.add_url.setText(chosen.url)
        self.add()

    def _add_failed(self, err: BaseException) -> None:
        self.add_button.setEnabled(True)
        self._failed(err, self.add_form)

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

    def _selection_changed(self) -> None:
        """Several sources selected: the buttons under the list act on them all, the editor
        (one source's) waits."""
        chosen = self.list.selected_ids()
        for button in (self.enable_button, self.disable_button, self.remove_button):
            button.setEnabled(bool(chosen))
        several = len(chosen) > 1
        self.editor.setTitle(tr("{0} sources selected: the buttons above act on all of them"
                                ).format(len(chosen)) if several else tr("Selected source"))
        self.editor.setEnabled(not several and self.current is not None)

    def set_enabled(self, enabled: bool) -> None:
        """Enable or disable every selected source."""
        ids = [i for i in self.list.selected_ids()
               if i in self.sources and self.sources[i][0].enabled != enabled]
        if not ids:
            return
        one, many = ((tr("Enabled 1 source."), tr("Enabled {0} sources.")) if enabled else
                     (tr("Disabled 1 source."), tr("Disabled {0} sources.")))
        ops.set_sources_enabled(
            self, ids, enabled, lambda n: self._say(one if n == 1 else many.format(n))
        ).failure(self._failed).run_in_background(self.bridge)

    def remove(self) -> None:
        ids = [i for i in self.list.selected_ids() if i in self.sources]
        if not ids:
            return
        source = self.sources[ids[0]][0]
        name = isolated(source.title) if one_line(source.title) else redact(source.url)
        answer = QMessageBox.question(
            self, tr("Remove source") if len(ids) == 1 else tr("Remove sources"),
            tr("Remove {0} and all its items? This cannot be undone.").format(name)
            if len(ids) == 1 else
            tr("Remove {0} sources ({1}, …) and all their items? This cannot be undone."
               ).format(len(ids), name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ops.remove_sources(self, ids, lambda n: self._say(
            tr("Removed.") if n == 1 else tr("Removed {0} sources.").format(n))).failure(
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

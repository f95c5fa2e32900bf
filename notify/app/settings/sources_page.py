"""Settings → Sources: add (``AddSourceBox``: by URL, with autodiscovery; "Add anyway" when the
check fails, as ``notify sources add --no-check``), the list with each source's health
(``SourceList``: updated row by row, a filter, sorting; several sources selected are enabled,
disabled or removed together, and the editor then shows none of their fields), import/export
OPML, and the selected source's editor: name, address (a new one checked first:
``address_check``), group, interval, enable, mute, its kind's settings, remove. The editor's
form comes from the kind's declared settings (``KindForm``), the same generated form as for
adding. "Poll every:
default" says what the default is for that source (the engine's interval, from
``notify.core.settings``).

The list and the editor share the page's height through a splitter whose place is remembered
with the window (``window_state.py``); the list has most of it at first, and the editor
scrolls when it is given less than it needs (a kind with many settings).

Tokens typed here go to the OS keyring (``notify.core.secrets``) off the GUI thread; the source
keeps only the reference. With no usable keyring the save is refused with the reason.
"""

from __future__ import annotations

import logging
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.app.settings.add_source_box import AddSourceBox
from notify.app.settings.address_check import (
    CheckFailed,
    address_problem,
    checked_address,
    no_feed_text,
    pick_feed,
)
from notify.app.settings.address_hints import Takes, hint_for
from notify.app.settings.field_error import FieldError
from notify.app.settings.import_report import ImportDetails, ImportReportDialog, report_note
from notify.app.settings.kind_form import KindForm
from notify.app.settings.source_health import health_text, minutes_text
from notify.app.settings.source_list import ID_ROLE, ChangedRows, SourceList, SourceRow
from notify.app.settings.source_secrets import store_typed_secrets
from notify.app.untrusted_text import isolated, one_line
from notify.app.window_state import RememberedSplitter
from notify.core.errors import NotifyError
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.sources import registry

log = logging.getLogger(__name__)
EDITOR_SHARE = 0.42  # of the list's and editor's height, at most, until the person moves it


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

        # --- list (source_list.py: rows updated in place, a filter, several selectable)
        self.list = SourceList(kind_settings, self)
        self.tree = self.list.tree
        self.tree.setMinimumHeight(100)  # the splitter gives the list its room
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._select(cur))
        self.list.selectionChanged.connect(self._selection_changed)
        self.list.rowsShown.connect(self._rows_shown)
        self._reselect = False  # the editor's source changed: fill the editor again
        self._filled: tuple[Any, ...] = ()  # what the editor's fields were filled with
        self._changed = ChangedRows(bridge, self._fill, self._failed, self)
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
        # several sources selected: the note takes the place of the fields (one source's),
        # in the same height, so that the buttons above do not move under the pointer
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.several_note = QLabel(tr("Select a single source to edit its name, address, "
                                      "group, interval and settings."))
        self.several_note.setWordWrap(True)
        self.several_note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.several_note.setAccessibleName(tr("Several sources selected"))
        self.editor_pages = QStackedWidget(self.editor)
        self.editor_pages.addWidget(self.fields)
        self.editor_pages.addWidget(self.several_note)
        QVBoxLayout(self.editor).addWidget(self.editor_pages)
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("Name"))
        # a new address is checked as an added one is (``address_check``); the source keeps
        # its items, and a name Notify gave follows the new address
        self.address = QLineEdit()
        self.address.setAccessibleName(tr("Address"))
        self.address.returnPressed.connect(self.save)
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
        address_field = QWidget()
        address_column = QVBoxLayout(address_field)
        address_column.setContentsMargins(0, 0, 0, 0)
        address_column.setSpacing(2)
        address_column.addWidget(self.address)
        self.address_error = FieldError(self.address)  # what is wrong, under the field
        address_column.addWidget(self.address_error)
        form.addRow(tr("Address"), address_field)
        # the short fields two to a row: the list keeps more of the page's height
        group_row = QHBoxLayout()
        group_row.addWidget(self.group, 2)
        interval_label = QLabel(tr("Poll every"))
        interval_label.setBuddy(self.interval)
        group_row.addWidget(interval_label)
        group_row.addWidget(self.interval, 1)
        form.addRow(tr("Group"), group_row)
        self._kind_row = form.rowCount()
        form.addRow(self.kind_form)
        # Save beside the switches, above the health (read-only, often several lines): in
        # sight without scrolling the editor
        switches = QHBoxLayout()
        switches.addWidget(self.enabled)
        switches.addWidget(self.muted)
        switches.addStretch(1)
        switches.addWidget(self.save_button)
        form.addRow("", switches)
        form.addRow(tr("Health"), self.health)
        self._form = form

        list_part = QWidget()
        column = QVBoxLayout(list_part)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty_hint, 1)
        column.addLayout(buttons)
        editor_area = QScrollArea()
        editor_area.setFrameShape(QFrame.Shape.NoFrame)
        editor_area.setWidgetResizable(True)
        editor_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own
        editor_area.setWidget(self.editor)
        # remembered with the window; at first the editor has what it needs, but never more
        # than EDITOR_SHARE of the height: the list has the rest
        self.split = RememberedSplitter(Qt.Orientation.Vertical, "sources-list-and-editor",
                                        self._first_split, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(list_part)
        self.split.addWidget(editor_area)
        self.split.setStretchFactor(0, 1)  # a taller window gives its height to the list
        self.split.setStretchFactor(1, 0)
        self._room_later = QTimer(self)  # once the editor's layout is done
        self._room_later.setSingleShot(True)
        self._room_later.setInterval(0)
        self._room_later.timeout.connect(self._editor_room)
        self.editor.installEventFilter(self)  # its content grew: ``_editor_room``
        layout = QVBoxLayout(self)
        layout.addWidget(self.adder)
        layout.addWidget(self.split, 1)
        # Tab goes as the eye does: the list, then the buttons under it, then the editor (the
        # buttons were made after the editor's fields, and Tab reached them after Save)
        chain = [self.tree, self.import_button, self.export_button, self.enable_button,
                 self.disable_button, self.remove_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self._select(None)
        # a poll round reports the sources it polled (their health) in SourcesChanged too
        bridge.sourcesChanged.connect(lambda e: self.refresh(e.source_ids or None))
        if bridge.running:
            self.refresh()
        else:
            bridge.started.connect(self.refresh)

    def _first_split(self, total: int) -> list[int]:
        editor = min(self.editor.sizeHint().height(), int(total * EDITOR_SHARE))
        return [total - editor, editor]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.LayoutRequest:
            self._room_later.start()
        return super().eventFilter(watched, event)

    def _editor_room(self) -> None:
        """The editor grew (a source selected: its health is often two lines or more): until
        the person places the divider, it gets what it needs, up to ``EDITOR_SHARE`` (its
        Health line was cut behind a scroll bar at 1280×1024, under a list mostly empty)."""
        if self.split.placed_by_person or not self.split.isVisible():
            return
        sizes = self.split.sizes()
        total = sum(sizes)
        editor = min(self.editor.sizeHint().height(), int(total * EDITOR_SHARE))
        if total > 0 and editor > sizes[1]:
            self.split.setSizes([total - editor, editor])

    # ----- list
    def refresh(self, source_ids: tuple[int, ...] | None = None) -> None:
        """Read ``source_ids`` again (None: every source) on the engine thread and update their
        rows; changes that come together (a poll round, many saves) are read together."""
        self._changed.add(None if not self.sources else source_ids)

    def _fill(self, rows: list[SourceRow], gone: list[int], complete: bool) -> None:
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
            if item.isHidden():  # by the filter: the source just added is shown all the same
                self.list.filter.clear()
            self.tree.setCurrentItem(item)
        elif reselect:  # the source changed (a first poll named it): what is typed in a
            # field stays, unless that field's own value changed (a save made elsewhere wins)
            typed, was = self._fields(), self._filled or self._fields()
            self._select(item)
            now = self._fields()
            kept = tuple(mine if mine != before and theirs == before else theirs
                         for mine, before, theirs in zip(typed, was, now, strict=True))
            if kept != now:
                self._set_fields(kept)
        else:
            self.health.setText(self.kind_form.in_gui_words(health_text(self.sources[
                self.current][1])))

    def _select(self, item: QTreeWidgetItem | None) -> None:
        source_id = item.data(0, ID_ROLE) if item is not None else None
        entry = self.sources.get(source_id) if source_id is not None else None
        self.current = source_id if entry else None
        self.editor.setEnabled(entry is not None)
        self._selection_changed()
        self.address_error.clear_error()  # about what was typed for the source shown before
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
        fixed = hint_for(registry.get(source.kind)).takes is Takes.NONE
        self.address.setReadOnly(fixed)  # made from the settings below (Hacker News' list)
        self.address.setToolTip(
            tr("Made from this source's settings below") if fixed else
            tr("Where Notify fetches this source (secrets hidden). Type a new address to "
               "move the source there: it keeps its items."))
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
        self._filled = self._fields()

    def _fields(self) -> tuple[Any, ...]:
        """What the editor's own fields hold now (not the kind's settings form)."""
        return (self.name.text(), self.address.text(), self.group.text(), self.interval.value(),
                self.enabled.isChecked(), self.muted.isChecked())

    def _set_fields(self, values: tuple[Any, ...]) -> None:
        name, address, group, interval, enabled, muted = values
        self.name.setText(name)
        self.address.setText(address)
        self.group.setText(group)
        self.interval.setValue(interval)
        self.enabled.setChecked(enabled)
        self.muted.setChecked(muted)

    def _set_kind_form(self, settings: Any) -> None:
        old = self.kind_form
        self.kind_form = KindForm(settings)
        self._form.replaceWidget(old, self.kind_form)
        self.kind_form.setVisible(bool(self.kind_form.settings))
        old.hide()
        old.deleteLater()
        # Tab goes through the kind's settings where they are drawn, between Poll every and
        # the switches beside Save (made after Save, they came after it)
        fields = [w for w in self.kind_form.widgets.values()
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for before, after in pairwise([self.interval, *fields, self.enabled]):
            QWidget.setTabOrder(before, after)

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
        current = self.sources[source_id][0]
        new_url = self.address.text().strip()
        moving = not self.address.isReadOnly() and new_url != redact(current.url)
        if moving and (problem := address_problem(current.kind, new_url)):
            self.address_error.show_error(problem)
            self._say(problem)
            return
        self.address_error.clear_error()
        if moving:
            self._say(tr("Looking at {0}…").format(redact(new_url)))

        async def run(engine: Any) -> Any:
            if moving:
                address = await checked_address(engine, current.kind, new_url)
                if not isinstance(address, str):
                    return address  # why not; or a web page: the person picks a feed
                changes["url"] = address
            if has_kind_settings:
                changes["settings"] = await store_typed_secrets(values, typed)
            return engine.update_source(source_id, **changes)

        def done(result: Any) -> None:
            if isinstance(result, Source):
                self.kind_form.clear_secrets()
                self._say(tr("Saved {0}.").format(one_line(result.title) or redact(result.url)))
            elif isinstance(result, CheckFailed):
                self._say(tr("{0} was not saved: {1} Check the address; the source still "
                             "uses {2}.").format(redact(result.url),
                                                 result.error.rstrip(".") + ".",
                                                 redact(current.url)))
            elif not (candidates := list(getattr(result, "candidates", ()))):
                self._say(form.in_gui_words(no_feed_text(result, new_url)))
            elif (chosen := pick_feed(self, candidates)) is not None \
                    and self.current == source_id:
                self.address.setText(chosen)
                self.save()

        ops.Op(self, run, done).failure(lambda err: self._failed(err, form)
                                        ).run_in_background(self.bridge)

    def _selection_changed(self) -> None:
        """Several sources selected: the buttons under the list act on them all, the editor
        (one source's) waits with its fields hidden (they showed one of the sources, as if it
        alone were chosen). One selected: the editor shows that one (a Ctrl-click that
        unselects the current row leaves another selected)."""
        chosen = self.list.selected_ids()
        if len(chosen) == 1 and chosen[0] != self.current and chosen[0] in self.sources:
            self._select(self.list.item(chosen[0]))  # which comes back here
            return
        # Enable offered when a selected source is disabled, Disable when one is polled: a
        # button that would change nothing is greyed out, not silently ignored
        states = {self.sources[i][0].enabled for i in chosen if i in self.sources}
        self.enable_button.setEnabled(False in states)
        self.disable_button.setEnabled(True in states)
        self.remove_button.setEnabled(bool(chosen))
        several = len(chosen) > 1
        self.editor.setTitle(tr("{0} sources selected: the buttons above act on all of them"
                                ).format(len(chosen)) if several else tr("Selected source"))
        self.editor.setEnabled(not several and self.current is not None)
        self.editor_pages.setCurrentWidget(self.several_note if several else self.fields)

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
            tr("Removed {0}.").format(name) if n == 1 else tr("Removed {0} sources.").format(n))
        ).failure(self._failed).run_in_background(self.bridge)

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
            self._failed(err)

        ops.Op(self, run, done).failure(failed).run_in_background(self.bridge)

    def show_import_report(self, name: str, report: Any | ImportDetails) -> None:
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
        def done(got: tuple[str, str, str]) -> None:
            text, feeds, missing = got
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as err:
                self._say(tr("Could not write {0}: {1}").format(path, err.strerror or err))
                return
            said = tr("Exported {0} to {1}.").format(feeds, path)
            self._say(f"{said} {missing}" if missing else said)

        ops.export_opml(self, done).failure(self._failed).run_in_background(self.bridge)

    # ----- messages
    def _say(self, text: str) -> None:
        emit(self.message, text)

    def _failed(self, err: BaseException, form: KindForm | None = None) -> None:
        """Say what failed; the core's command-line advice in the words of ``form``."""
        ops.log_failure(log, "sources page", err)
        self._say(form.in_gui_words(str(err)) if form is not None else str(err))


def kind_settings(kind_id: str) -> tuple[Any, ...]:
    """The declared settings of ``kind_id``; none for a kind this Notify does not know (a
    newer one wrote the database): shown, not a crash."""
    try:
        return tuple(registry.get(kind_id).settings)
    except NotifyError as err:
        log.error("a source has kind %r that this Notify does not know: %s", kind_id, err)
        return ()

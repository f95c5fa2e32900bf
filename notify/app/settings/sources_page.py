"""Settings → Sources: add (``AddSourceBox``: by URL, with autodiscovery; "Add anyway" when the
check fails, as ``notify sources add --no-check``), the list with each source's health
(``SourceList``: updated row by row, a filter, sorting; several sources selected are enabled,
disabled or removed together, and the editor then shows none of their fields), import/export
OPML (``SourceOpml``), and the selected source's editor (``SourceEditor``: its name, address,
group, interval, switches, its kind's settings, Save, Check now and its health). From the
keyboard: Enter in the list edits the source, Delete removes the selection; the control that
has the keyboard is ringed by the window's ``FocusRing`` (``notify/app/focus_ring.py``).

The list and the editor share the page's height (``ListEditorSplit``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from notify.app import message_boxes
from notify.app import operations as ops
from notify.app.advice_words import said
from notify.app.bridge import EngineBridge
from notify.app.poll_report import named, round_sentence
from notify.app.qtcompat import emit
from notify.app.settings.add_source_box import AddSourceBox
from notify.app.settings.filter_follow import FilterFollow
from notify.app.settings.flow_row import FlowRow
from notify.app.settings.import_report import ImportReportDialog
from notify.app.settings.kind_form import KindForm
from notify.app.settings.source_editor import SourceEditor, kind_settings
from notify.app.settings.source_list import SourceList
from notify.app.settings.source_opml import SourceOpml
from notify.app.settings.source_rows import ChangedRows, SourceRow
from notify.app.settings.source_split import ListEditorSplit
from notify.app.settings.source_tree import ID_ROLE
from notify.app.untrusted_text import isolated, one_line
from notify.core.logs import redact
from notify.core.models import Source, SourceState
from notify.core.source_names import source_name

log = logging.getLogger(__name__)


if TYPE_CHECKING:
    from notify.app.settings.unsaved import HoldsChanges

# asks about a page's changes to the fields named on a place: (where, names, page, then)
Asker = Callable[[str, list[str], "HoldsChanges", Callable[[], None]], None]


MOST_NAMED = 5  # sources named in the question before removing several (then "and 3 more")


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
        self.tree.currentItemChanged.connect(lambda cur, _prev: self._chosen(cur))
        self._asker: Asker | None = None  # asks before another source is shown over changes
        self._shown_id: int | None = None  # the source whose fields the editor holds
        self.list.selectionChanged.connect(self._selection_changed)
        self.list.rowsShown.connect(self._rows_shown)
        self._reselect = False  # the editor's source changed: fill the editor again
        self._filled: tuple[Any, ...] = ()  # what the editor's fields were filled with
        self._had_rows = False  # the list showed sources (the keyboard goes to it at first)
        self._just_added = False  # a source was added: selected once its row is shown
        self._changed = ChangedRows(bridge, self._fill, self._failed, self)
        self.empty_hint = QLabel(tr("No sources yet. Type the address of a feed or of a web "
                                    "page above and press Add (a web page is searched for its "
                                    "feeds), or import an OPML file from another reader."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setAccessibleName(tr("No sources yet"))
        self.empty_hint.hide()
        buttons = FlowRow()  # a second line when the window is narrow
        self.opml = SourceOpml(bridge, self)  # Import OPML… and Export OPML…
        self.opml.message.connect(self.message)
        self.import_button, self.export_button = self.opml.import_button, self.opml.export_button
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
        buttons.addStretch()
        for b in (self.enable_button, self.disable_button, self.remove_button):
            buttons.addWidget(b)
        # the keyboard in the list: Enter edits the source (its name, in the editor), Delete
        # removes the sources selected (asked first), as Remove… does (keys, not ``activated``:
        # a desktop that opens on a single click would take the keyboard out of the list)
        for key, act in (("Return", self._edit), ("Enter", self._edit),
                         (QKeySequence.StandardKey.Delete, self.remove)):
            shortcut = QShortcut(QKeySequence(key), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(act)

        # --- editor (source_editor.py); its fields reached as the page's own (``page.name``…)
        self.editor = SourceEditor(bridge, self._current_source, self, groups=lambda: {
            source.group for source, _state in self.sources.values() if source.group})
        self.editor.message.connect(self.message)
        e = self.editor
        self.fields, self.several_note, self.editor_pages = e.fields, e.several_note, e.pages
        self.name, self.address, self.address_error = e.name, e.address, e.address_error
        self.group, self.interval, self.health = e.group, e.interval, e.health
        self.enabled, self.muted, self.save_button = e.enabled, e.muted, e.save_button
        self.check_button = e.check_button  # Check now, beside the source's health
        self.check_button.clicked.connect(self.check_now)
        self._checking = False  # a Check now runs: its button waits for the result

        list_part = self.list_part = QWidget()  # the list, its filter and its buttons
        column = QVBoxLayout(list_part)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty_hint, 1)
        column.addLayout(buttons)
        # the editor as tall as its content, never a scroll area of its own inside the page's
        # (at the default size, under 30 sources, its Health line was cut at the end of both)
        self.split = ListEditorSplit(list_part, self.tree, self.editor, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.adder)
        layout.addWidget(self.split, 1)
        # Tab goes as the eye does: the filter, "Sort by", the list, then the buttons under it,
        # then the editor's fields (the buttons were made after the editor's fields, and Tab
        # reached them after Save; the editor put in the splitter came after the add box), then
        # the add box
        e = self.editor
        chain = [self.list.filter, self.list.sort_by.choice, self.tree, self.import_button,
                 self.export_button, self.enable_button, self.disable_button,
                 self.remove_button, e.name, e.address, e.group, e.interval, e.enabled,
                 e.muted, e.save_button, e.check_button, e.page_feed, self.add_kind]
        for before, after in pairwise(chain):  # (its kind's settings: ``set_kind_form``)
            QWidget.setTabOrder(before, after)
        self.filter_follow = FilterFollow(self)  # the editor on a row the filter shows
        self._select(None)
        # a poll round reports the sources it polled (their health) in SourcesChanged too
        bridge.sourcesChanged.connect(lambda e: self.refresh(e.source_ids or None))
        if bridge.running:
            self.refresh()
        else:
            bridge.started.connect(self.refresh)

    def focus_target(self) -> QWidget:
        """Where the keyboard starts on this page: the list when there are sources, else the
        address of a new one."""
        return self.tree if self.sources else self.add_url

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
        first_rows, self._had_rows = bool(self.sources) and not self._had_rows, bool(self.sources)
        self.list.setVisible(bool(self.sources))
        self.empty_hint.setVisible(not self.sources)
        self._follow_rows()
        if first_rows and self.window().focusWidget() is self.add_url and not self.add_url.text():
            # the sources came: the list. After the source asked for is made current: a tree
            # focused with no current row makes its first row current, and that row was shown
            # instead of the failing source a notice's click asked for
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _follow_rows(self) -> None:
        """The rows shown again: the source the editor shows (or the one asked for) selected,
        the editor filled again when that source changed, or its health updated."""
        reselect, self._reselect = self._reselect, False
        added = self._just_added
        if self.current is None:
            return
        item = self.list.item(self.current)
        if item is not None:
            self._just_added = False
        if item is None:  # the source shown in the editor is gone
            self.tree.setCurrentIndex(QModelIndex())
            self._select(None)
        elif item is not self.tree.currentItem() or (added and not item.isSelected()):
            # just added: shown selected (the first row of a list that was empty was made
            # current by the list itself, unselected: Remove and Disable stayed greyed out
            # under the editor showing it)
            if item.isHidden():  # by the filter: the source just added is shown all the same
                self.list.filter.clear()
            flag = QItemSelectionModel.SelectionFlag
            self.tree.setCurrentItem(item, 0, flag.ClearAndSelect | flag.Rows)
        elif reselect:  # the source changed (a first poll named it): what is typed in a
            # field stays, unless that field's own value changed (a save made elsewhere wins)
            typed, was = self.editor.values(), self.editor.filled or self.editor.values()
            self._select(item)
            now = self.editor.values()
            kept = tuple(mine if mine != before and theirs == before else theirs
                         for mine, before, theirs in zip(typed, was, now, strict=True))
            if kept != now:
                self.editor.set_values(kept)
        else:
            self.editor.show_health(self.sources[self.current][1])
        self.filter_follow.say()

    def _select(self, item: QTreeWidgetItem | None) -> None:
        source_id = item.data(0, ID_ROLE) if item is not None else None
        entry = self.sources.get(source_id) if source_id is not None else None
        self.current = source_id if entry else None
        self._shown_id = self.current
        self.editor.setEnabled(entry is not None)
        self.editor.show_source(entry, self.default_intervals.get(source_id)
                                if source_id is not None else None)
        # then the selection: it may choose another source (the one selected when the
        # keyboard moved the current row alone), which the editor then shows instead
        self._selection_changed()
        self.filter_follow.say()

    # ----- changes not saved (unsaved.py): the editor's, asked about before they are lost
    def set_asker(self, asker: Asker) -> None:
        """How to ask about the editor's changes before another source is shown (the
        window's question); without one, the other source is shown."""
        self._asker = asker

    def unsaved(self) -> list[str]:
        return self.editor.unsaved()

    def unsaved_where(self) -> str:
        source = self._current_source()
        name = one_line(source.title) if source is not None else ""
        return tr("source “{0}”").format(name) if name else tr("this source")

    def save_then(self, done: Callable[[], None]) -> None:
        self.editor.save(then=done)

    def discard(self) -> None:
        self.editor.discard()

    def _chosen(self, item: QTreeWidgetItem | None) -> None:
        """The person chose ``item``'s source (a click, the keyboard): shown in the editor,
        unless the editor holds changes to the source shown: then that one stays chosen and
        the window asks about them; ``item``'s is shown once they are saved or discarded."""
        source_id = item.data(0, ID_ROLE) if item is not None else None
        if source_id is not None and source_id == self._shown_id:
            return  # shown already, what is typed in it kept (the row put back while asked)
        names = self.editor.unsaved()
        back = self.list.item(self.current) if self.current is not None else None
        if not names or self._asker is None or back is None:
            self._select(item)
            return
        self._put_back(back)
        self._asker(self.unsaved_where(), names, self, lambda: self._choose(source_id))

    def _put_back(self, item: QTreeWidgetItem) -> None:
        """``item`` current and selected again, as if the person had not moved."""
        model = self.tree.selectionModel()
        self.tree.blockSignals(True)
        model.blockSignals(True)
        try:
            flag = QItemSelectionModel.SelectionFlag
            self.tree.setCurrentItem(item, 0, flag.ClearAndSelect | flag.Rows)
        finally:
            model.blockSignals(False)
            self.tree.blockSignals(False)
        self.tree.viewport().update()
        self._selection_changed()

    def choose_source(self, source_id: int) -> None:
        """Show ``source_id`` selected, in the list and the editor (a click on the notice of a
        source that keeps failing), now or once the list has read it; the filter is cleared if
        it hides it; changes typed for another source are asked about first, as for a click."""
        item = self.list.item(source_id)
        if item is None:  # not read yet: selected when it is (``_rows_shown``)
            if self.current is None or not self.editor.unsaved():
                self.current = source_id
            return
        if item.isHidden():
            self.list.filter.clear()
        self._choose(source_id)

    def _choose(self, source_id: int | None) -> None:
        item = self.list.item(source_id) if source_id is not None else None
        if item is not None:
            flag = QItemSelectionModel.SelectionFlag
            self.tree.setCurrentItem(item, 0, flag.ClearAndSelect | flag.Rows)

    def _current_source(self) -> Source | None:
        """The source the editor shows, as read last."""
        entry = self.sources.get(self.current) if self.current is not None else None
        return entry[0] if entry is not None else None

    @property
    def kind_form(self) -> KindForm:
        """The editor's form of the selected source's kind settings (a new one for each)."""
        return self.editor.kind_form

    @property
    def add_form(self) -> KindForm:
        """The add box's form of the chosen kind's settings (a new one for each kind)."""
        return self.adder.form

    # ----- actions
    def _added(self, source: Source) -> None:
        self.current = source.id  # selected once the list has it
        self._just_added = True

    def save(self) -> None:
        self.editor.save()

    def _selection_changed(self) -> None:
        """Several sources selected: the buttons under the list act on them all, the editor
        (one source's) waits with its fields hidden (they showed one of the sources, as if it
        alone were chosen). One selected: the editor shows that one (a Ctrl-click that
        unselects the current row leaves another selected). What is selected is counted
        (``SourceList.selection``), not read row by row: a Shift-click on 500 rows costs what
        a click on one does."""
        chosen = self.list.selection()
        shown = self.list.item(self.current) if self.current is not None else None
        if chosen.count == 0 and shown is not None and not shown.isHidden():
            # the editor shows a source that is not selected (the list made its first row
            # current on its own; a Ctrl-click took the selection off it): selected, so that
            # Enable, Disable and Remove… act on the source the editor shows, never greyed
            # out under it
            flag = QItemSelectionModel.SelectionFlag
            self.tree.setCurrentItem(shown, 0, flag.ClearAndSelect | flag.Rows)
            return  # which comes back here
        if chosen.one is not None and chosen.one != self.current and chosen.one in self.sources:
            self._chosen(self.list.item(chosen.one))  # which comes back here
            return
        # Enable offered when a selected source is disabled, Disable when one is polled: a
        # button that would change nothing is greyed out, not silently ignored
        self.enable_button.setEnabled(chosen.disabled > 0)
        self.disable_button.setEnabled(chosen.count > chosen.disabled)
        source = self._current_source()
        self.check_button.setEnabled(source is not None and source.enabled
                                     and not self._checking)
        self.remove_button.setEnabled(chosen.count > 0)
        self.editor.show_several(chosen.count, self.current is not None)

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

    def check_now(self) -> None:
        """Poll the source the editor shows now, due or not (``engine.poll`` with its id: a
        source just fixed); the status line says what the round found, the list and the
        editor its health."""
        source = self._current_source()
        if source is None or not source.enabled or self._checking:
            return
        ids = [source.id]
        self._checking = True
        self.check_button.setEnabled(False)
        self._say(tr("Checking {0}…").format(isolated(source_name(source), 60)))

        def done() -> None:
            self._checking = False
            self._selection_changed()

        def checked(summary: Any) -> None:
            done()
            self._say(round_sentence(summary))

        def failed(err: BaseException) -> None:
            done()
            self._failed(err)

        ops.Op(self, lambda engine: engine.poll(ids), checked).failure(
            failed).run_in_background(self.bridge)

    def _edit(self) -> None:
        """Enter on a row: the keyboard to the editor's first field, when it shows the one
        source selected."""
        if self.current is not None and self.list.selection().count == 1:
            self.name.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def remove(self) -> None:
        ids = [i for i in self.list.selected_ids() if i in self.sources]
        if not ids:
            return
        source = self.sources[ids[0]][0]
        name = isolated(source.title) if one_line(source.title) else redact(source.url)
        # several: which, up to five ("Remove 6 sources (Slow drip, …)" named one of six)
        names = [one_line(s.title) or redact(s.url) for s in (self.sources[i][0] for i in ids)]
        if not message_boxes.confirm(
                self, tr("Remove source") if len(ids) == 1 else tr("Remove sources"),
                tr("Remove {0} and all its items? This cannot be undone.").format(name)
                if len(ids) == 1 else
                tr("Remove {0} sources ({1}) and all their items? This cannot be undone."
                   ).format(len(ids), named(names, MOST_NAMED)), tr("Remove")):
            return
        after = self._after(ids)

        def removed(n: int) -> None:
            """Said; the row after them selected and the list holding the keyboard, unless the
            person went elsewhere meanwhile (Remove…, which had it, went grey: it was nowhere,
            and nothing was selected)."""
            self._say(tr("Removed {0}.").format(name) if n == 1
                      else tr("Removed {0} sources.").format(n))
            focus = QApplication.focusWidget()
            if focus is None or focus is self.remove_button or focus is self.tree:
                if after is not None:
                    self.choose_source(after)
                self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

        ops.remove_sources(self, ids, removed).failure(self._failed).run_in_background(
            self.bridge)

    def _after(self, ids: list[int]) -> int | None:
        """The source shown after the last of ``ids`` that is not one of them; else the one
        before the first."""
        rows = [self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount())]
        shown = [r.data(0, ID_ROLE) for r in rows if r is not None and not r.isHidden()]
        going = set(ids)
        places = [n for n, i in enumerate(shown) if i in going]
        if not places:
            return None
        later = [i for i in shown[places[-1] + 1:] if i not in going]
        earlier = [i for i in shown[:places[0]] if i not in going]
        return later[0] if later else earlier[-1] if earlier else None

    # ----- OPML (source_opml.py)
    @property
    def import_report(self) -> ImportReportDialog | None:
        """The last import's details, when it had any."""
        return self.opml.import_report

    def import_opml(self, path: Path) -> None:
        self.opml.import_opml(path)

    def export_opml(self, path: Path) -> None:
        self.opml.export_opml(path)

    # ----- messages
    def _say(self, text: str) -> None:
        emit(self.message, text)

    def _failed(self, err: BaseException) -> None:
        """Say what failed (the core's message says what to do)."""
        ops.log_failure(log, "sources page", err)
        self._say(said(err))

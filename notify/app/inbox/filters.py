"""What the inbox shows: the "Show" menu (all items, unread, notified, liked, saved, over
today's budget, a group, a source)
and the search field (applied 250 ms after the last key; Enter or Down applies it at once and goes
to the results, Escape ends it), as the model's ``InboxFilter``. Source
and group names come from the sources (untrusted): isolated, cut to ``NAME_CHARS``.

The menu is made for 1,000 sources: its entries are written on the reader's thread and set in
one model at once; when a name it lists changes (a poll round or a disabled source changes none),
the reader's thread also works out what changed (``menu_change``), and one source added, removed
or renamed inserts, removes or renames its one entry in place, in its sorted place, the choice
kept (the whole model made again took 12–16 ms of the GUI thread's turn); and it is
searchable (``searchable``): Qt's type-ahead only matches an entry's start ("Source: …" for all
of them), so any part of a name typed in the menu's field offers the entries that contain it
(any case); a click or Enter on one shows it and the keyboard goes back to the list; leaving the
field without choosing puts the shown entry's name back.

The Show menu's choice comes back after a restart (``choice``/``restore_choice``, saved with the
window by ``window_state.py``; one no longer listed, a source removed since, shows all items).
**View → Unread only** (``UNREAD_ONLY_KEY``) is the menu's Unread as a key: on, the list shows
Unread; off again, what it showed before (all items when that is gone)."""

from __future__ import annotations

import difflib
import heapq
import logging
import sqlite3
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from notify.app.inbox import query
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit
from notify.app.text_size import text_width
from notify.app.untrusted_text import isolated

log = logging.getLogger(__name__)
NAME_CHARS = 60  # a source or group name in a menu or action
WIDEST_MEASURED = 64  # of the menu's longest texts, measured for the open menu's width
SEARCH_CHARS = 12  # the search field is never narrower than this many characters ("Search (/)"
# shows whole; at 14 pt, 14 of them left no room for "Paused" on the toolbar: window.py)
MOST_EDITED = 50  # entries changed at most in place; more (an import): the model made again
# Unread only: U for unread, with Ctrl as the app's other commands (Ctrl+R, Ctrl+W, Ctrl+Z);
# the list's one-letter keys (j k l d o s m /) and the menus' keys are all elsewhere
UNREAD_ONLY_KEY = "Ctrl+U"
ALL_ITEMS = f"view:{query.VIEW_ALL}"
UNREAD = f"view:{query.VIEW_UNREAD}"


@dataclass(frozen=True)
class MenuEntries:
    """What the Show menu lists: each entry's text and key ("view:…", "group:…", "source:…"),
    in order, and each source's name by id (``source_names.name_of_source``; for ``shown_name``)."""

    texts: tuple[str, ...]
    keys: tuple[str, ...]
    source_names: tuple[tuple[int, str], ...]
    longest: tuple[str, ...] = ()  # the ``WIDEST_MEASURED`` longest texts (the popup's width)


@dataclass(frozen=True)
class MenuEdit:
    """Entries ``at`` to ``at + removed`` of the menu give way to ``texts`` and ``keys``."""

    at: int
    removed: int
    texts: tuple[str, ...]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class MenuChange:
    """The menu's entries now, and the edits that make them of ``base`` (the entries the menu
    had when asked), bottom first; ``edits`` None: too many, the model is made again."""

    menu: MenuEntries
    base: MenuEntries | None
    edits: tuple[MenuEdit, ...] | None


def menu_change(conn: sqlite3.Connection, base: MenuEntries | None) -> MenuChange:
    """The Show menu's entries (``menu_entries``) and the edits from ``base`` to them, worked
    out on the reader's thread: the GUI thread does one insert or removal per source added or
    removed, two for one renamed, instead of 1,007 entries made again."""
    menu = menu_entries(conn)
    if base is None or base == menu:
        return MenuChange(menu, base, None if base is None else ())
    old = list(zip(base.texts, base.keys, strict=True))
    new = list(zip(menu.texts, menu.keys, strict=True))
    edits: list[MenuEdit] = []
    changed = 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changed += (i2 - i1) + (j2 - j1)
        if changed > MOST_EDITED:
            return MenuChange(menu, base, None)
        edits.append(MenuEdit(i1, i2 - i1, menu.texts[j1:j2], menu.keys[j1:j2]))
    return MenuChange(menu, base, tuple(reversed(edits)))  # bottom first: places above hold


def menu_entries(conn: sqlite3.Connection) -> MenuEntries:
    """The Show menu's entries, made on the reader's thread (the names isolated and cut there:
    1,000 of them took 3 ms of the GUI thread's turn)."""
    sources, groups = query.source_choices(conn)
    entries = [(tr("All items"), f"view:{query.VIEW_ALL}"),
               (tr("Unread"), f"view:{query.VIEW_UNREAD}"),  # not read, not reacted to
               (tr("Notified"), f"view:{query.VIEW_NOTIFIED}"),
               (tr("Liked"), f"view:{query.VIEW_LIKED}"),
               (tr("Saved"), f"view:{query.VIEW_SAVED}"),
               # what the policy left silent today because the daily budget was used
               (tr("Over today's budget"), f"view:{query.VIEW_OVER_BUDGET}")]
    group_entry, source_entry = tr("Group: {0}"), tr("Source: {0}")
    entries += [(group_entry.format(isolated(group, NAME_CHARS)), f"group:{group}")
                for group in groups]
    entries += [(source_entry.format(isolated(name, NAME_CHARS)), f"source:{source_id}")
                for source_id, name in sources]
    texts = tuple(text for text, _ in entries)
    return MenuEntries(texts, tuple(key for _, key in entries), tuple(sources),
                       tuple(heapq.nlargest(WIDEST_MEASURED, texts, key=len)))


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


def is_choice(text: str) -> bool:
    """Whether ``text`` can be a key of the Show menu ("view:unread", "group:news",
    "source:12"): what a remembered choice read back from a file must be."""
    kind, _, value = text.partition(":")
    return ((kind == "view" and value in query.VIEWS) or (kind == "group" and bool(value))
            or (kind == "source" and value.isdigit()))


def searchable(box: QComboBox, then: QWidget) -> None:
    """Make ``box`` searchable by any part of an entry's text; ``then`` gets the keyboard focus
    once an entry is chosen (the inbox's list: its one-letter keys must not be typed into the
    menu's field)."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # typing never adds an entry
    box.setMinimumContentsLength(24)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(15)
    box.setCompleter(completer)
    field = box.lineEdit()
    assert field is not None  # editable
    field.setAccessibleName(tr("Show: type part of a name"))
    field.setPlaceholderText(tr("Type a source or group"))
    field.setToolTip(tr("Choose what the list shows, or type part of a source's or group's "
                        "name"))

    def restore() -> None:  # (an editable box's currentText() is what the field holds)
        if not (shiboken6.isValid(field) and shiboken6.isValid(box)):
            return  # the focus left as the window was deleted: nothing to put back
        shown = box.itemText(box.currentIndex())
        if field.text() != shown:
            field.setText(shown)
        field.setCursorPosition(0)

    def show_start() -> None:
        """The entry's start in view when the text is set, not typed: Qt leaves the cursor
        after the text it sets, and a box narrower than the entry (800 px at 14 pt) showed
        its end ("r today's budget")."""
        if shiboken6.isValid(field) and not field.hasFocus():
            field.setCursorPosition(0)

    field.editingFinished.connect(restore)
    field.textChanged.connect(lambda _text: show_start())  # a choice, a fill, a restore
    box.activated.connect(lambda _index: then.setFocus())


class InboxFilters(QObject):
    """The Show menu (``box``) and the search field; ``list_view`` gets the keyboard once an
    entry of the menu is chosen."""

    applied = Signal()  # the filter was applied (changed or not)
    # the person chose what the list shows (the Show menu, Unread only, the search): sent
    # before it is applied where it can be (a choice in the menu's list: just after)
    chosen = Signal()

    def __init__(self, reader: Reader, model: InboxModel, parent: QWidget,
                 list_view: QWidget) -> None:
        super().__init__(parent)
        self.reader = reader
        self.model = model
        self._source_names: dict[int, str] = {}
        self._reading = self._read_again = False  # a read on its way; another asked
        self._menu: MenuEntries | None = None  # what the menu lists (made again when it changes)
        self._wanted = ""  # a choice to show once the menu lists it (``restore_choice``)
        self._shown = ALL_ITEMS  # the choice last applied
        self._before_unread = ALL_ITEMS  # the one before Unread: what Unread only off shows
        self.setObjectName("show")  # its choice is remembered under this name (window_state.py)
        self.box = QComboBox(parent)
        self.box.setAccessibleName(tr("Show"))
        searchable(self.box, list_view)  # 1,000 sources: found by typing part of a name
        self.search = QLineEdit(parent)
        self.search.setPlaceholderText(tr("Search (/)"))
        self.search.setAccessibleName(tr("Search items"))
        self.search.setClearButtonEnabled(True)
        # in a small window a few words still show (it was squeezed to ~50 px: "Sea")
        self.search.setMinimumWidth(text_width(self.search, SEARCH_CHARS))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.textEdited.connect(lambda _t: emit(self.chosen))
        # Escape in the field ends the search: every item again, the keyboard back in the list
        self._list_view = list_view
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.end_search)
        # Enter or Down in the field: the results now, the keyboard in the list (its first
        # result current), the search kept
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            to_list = QShortcut(QKeySequence(key), self.search)
            to_list.setContext(Qt.ShortcutContext.WidgetShortcut)
            to_list.activated.connect(self.to_results)
        self.box.currentIndexChanged.connect(lambda _i: self.apply())
        self.box.activated.connect(lambda _i: emit(self.chosen))
        # View → Unread only: checked while the menu shows Unread (``apply``)
        self.unread_only = QAction(tr("Unread only"), self)
        self.unread_only.setObjectName("unread-only")
        self.unread_only.setCheckable(True)
        self.unread_only.setShortcut(QKeySequence(UNREAD_ONLY_KEY))
        self.unread_only.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = tr("List only the items not read and not reacted to; again: what was shown "
                 "before")
        self.unread_only.setToolTip(tip)
        self.unread_only.setStatusTip(tip)
        self.unread_only.triggered.connect(self.show_unread_only)

    def fill(self) -> None:
        """Read the sources and groups again for the "Show" menu (the choice is kept); its
        entries' texts are made on the reader's thread (``menu_entries``). Asked while a read
        is on its way (a removal says its source changed twice, and the database changed):
        one more read once that one is answered, not one per asking."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        base = self._menu
        self.reader.submit(lambda conn: menu_change(conn, base), self._got_choices,
                           self._read_failed, owner=self)

    def _answered(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.fill()

    def _read_failed(self, message: str) -> None:
        log.warning("the Show menu's sources and groups were not read again: %s", message)
        self._answered()

    def _got_choices(self, change: MenuChange) -> None:
        """Put the menu's entries in the box: the few edits from what it lists (``change``),
        in place, or a model made aside and set at once (1,000 entries added one by one each
        told the box, its list and its completer); the choice kept, the popup's width measured
        on the few longest texts."""
        self._answered()
        menu = change.menu
        if menu == self._menu:  # a poll round or a source disabled: the same names
            return
        shown, restoring = self.box.currentData(), bool(self._wanted)
        current, self._wanted = self._wanted or shown, ""  # (a remembered choice: now listed)
        self.box.blockSignals(True)
        try:
            if change.edits is not None and change.base is not None and (
                    change.base is self._menu):
                self._edit(change.edits)
            else:
                self._rebuild(menu)
            index = self.box.findData(current) if current else 0
            if index != self.box.currentIndex() or index < 0:
                self.box.setCurrentIndex(max(0, index))
        finally:
            self.box.blockSignals(False)
        self._menu = menu
        self._source_names = dict(menu.source_names)
        self._fit_popup(menu.longest)
        if index < 0:  # the source or group shown is gone (removed): every item is shown
            log.info("the Show menu's %s is gone: all items are shown", current)
            self.apply()
        elif restoring and self.box.currentData() != shown:  # the remembered one, at last
            self.apply()

    def _edit(self, edits: tuple[MenuEdit, ...]) -> None:
        """The menu's model changed in place: each edit's entries removed, its new ones put
        in their place (bottom first)."""
        model = self.box.model()
        assert isinstance(model, QStandardItemModel)
        for edit in edits:
            if edit.removed:
                model.removeRows(edit.at, edit.removed)
            for offset, (text, key) in enumerate(zip(edit.texts, edit.keys, strict=True)):
                entry = QStandardItem(text)
                entry.setData(key, Qt.ItemDataRole.UserRole)
                model.insertRow(edit.at + offset, entry)

    def _rebuild(self, menu: MenuEntries) -> None:
        model = QStandardItemModel(self.box)  # the box deletes the one it replaces
        column = []
        for text, key in zip(menu.texts, menu.keys, strict=True):
            entry = QStandardItem(text)
            entry.setData(key, Qt.ItemDataRole.UserRole)
            column.append(entry)
        model.appendColumn(column)
        self.box.setModel(model)
        completer = self.box.completer()
        if completer is not None and completer.model() is not model:
            completer.setModel(model)

    def _fit_popup(self, longest: tuple[str, ...]) -> None:
        """The open menu as wide as its longest entry (names are cut at ``NAME_CHARS``), not
        as narrow as the box: "Source: heise de…eueste Meldungen" named no source. Only the
        ``WIDEST_MEASURED`` longest texts are measured (measuring 1,000 took 6–30 ms; they
        are found on the reader's thread); a shorter one wider than all of them is a few
        pixels wider at most, within the margin."""
        view = self.box.view()
        metrics = view.fontMetrics()
        widest = max((metrics.horizontalAdvance(text) for text in longest), default=0)
        extra = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width() + 24
        view.setMinimumWidth(widest + extra)

    def apply(self) -> None:
        choice = str(self.box.currentData() or ALL_ITEMS)
        if choice == UNREAD and self._shown != UNREAD:
            self._before_unread = self._shown
        self._shown = choice
        kind, _, value = choice.partition(":")
        filt = query.InboxFilter(
            view=str(value) if kind == "view" else query.VIEW_ALL,
            source_id=int(value) if kind == "source" else None,
            group=str(value) if kind == "group" else None,
            search=self.search.text().strip(),
        )
        if filt != self.model.filter:
            self.model.set_filter(filt)
        self.unread_only.setChecked(filt.view == query.VIEW_UNREAD)
        emit(self.applied)

    def set_view(self, view: str) -> None:
        index = self.box.findData(f"view:{view}")
        if index >= 0:
            emit(self.chosen)
            self.box.setCurrentIndex(index)

    def show_all(self) -> None:
        """All items, the search cleared, applied at once (an item the view does not list is
        to be shown: ``jump.py``); before the menu is filled, it is the choice it will show
        (a remembered one waiting for it is dropped)."""
        self._search_timer.stop()
        if self.search.text():
            self.search.clear()
            self._search_timer.stop()  # (the field's change started it again)
        index = self.box.findData(ALL_ITEMS)
        if index < 0 and self._wanted:
            self._wanted = ALL_ITEMS
        self.box.blockSignals(True)
        try:
            if index >= 0:
                self.box.setCurrentIndex(index)
        finally:
            self.box.blockSignals(False)
        self.apply()

    def show_unread_only(self, on: bool) -> None:
        """Unread only (``UNREAD_ONLY_KEY``) on: the menu shows Unread; off: what it showed
        before Unread (all items when that is no longer listed)."""
        if on:
            self.set_view(query.VIEW_UNREAD)
            return
        if self.box.currentData() != UNREAD:
            return  # (already something else)
        emit(self.chosen)
        index = self.box.findData(self._before_unread)
        self.box.setCurrentIndex(index if index >= 0 else max(0, self.box.findData(ALL_ITEMS)))

    def choice(self) -> str:
        """The Show menu's choice as its key ("view:unread", "source:12"): what a restart
        shows again (``window_state.RememberedChoice``)."""
        return str(self.box.currentData() or self._wanted or ALL_ITEMS)

    def restore_choice(self, choice: str) -> None:
        """Show ``choice`` (``choice()`` of an earlier run): at once when the menu lists it,
        else once it is filled; anything else (an edited file) is left alone."""
        if not is_choice(choice):
            log.info("the remembered Show choice %r is none the menu has: not used", choice)
            return
        index = self.box.findData(choice)
        if index >= 0:
            self.box.setCurrentIndex(index)
        elif self._menu is None or self._reading:
            self._wanted = choice  # the menu is being filled (``_got_choices``)
        else:
            log.info("the Show menu's %s is gone: all items are shown", choice)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def end_search(self) -> None:
        """Clear the search at once (the Show menu's choice stays) and go back to the list."""
        if self.search.text():
            emit(self.chosen)
            self.search.clear()
            self._search_timer.stop()
            self.apply()
        self._list_view.setFocus()

    def to_results(self) -> None:
        """From the search field to its results: searched now (not 250 ms after the last
        key), the keyboard in the list."""
        self._search_timer.stop()
        self.apply()
        self._list_view.setFocus()

    def shown_name(self) -> str:
        """The source or group shown ("" for none), isolated for a sentence around it."""
        filt = self.model.filter
        name = (self._source_names.get(filt.source_id, "") if filt.source_id is not None
                else "")
        return (isolated(name, NAME_CHARS) if name
                else tr("group {0}").format(isolated(filt.group, NAME_CHARS)) if filt.group
                else "")

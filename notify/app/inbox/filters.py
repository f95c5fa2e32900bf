"""What the inbox shows: the "Show" menu (all items, notified, liked, saved, over today's
budget, a group, a source)
and the search field (applied 250 ms after the last key), as the model's ``InboxFilter``. Source
and group names come from the sources (untrusted): isolated, cut to ``NAME_CHARS``.

The menu is made for 1,000 sources: it is made again only when a name it lists changed (a poll
round or a disabled source changes none), and it is searchable (``searchable``): Qt's type-ahead
only matches an entry's start ("Source: …" for all of them), so any part of a name typed in the
menu's field offers the entries that contain it (any case); a click or Enter on one shows it and
the keyboard goes back to the list; leaving the field without choosing puts the shown entry's
name back."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from notify.app.inbox import query
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit
from notify.app.untrusted_text import isolated

NAME_CHARS = 60  # a source or group name in a menu or action
Choices = tuple[list[tuple[int, str]], list[str]]
"""What the menu lists: (source id, title) of each source, and the group names."""


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


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

    field.editingFinished.connect(restore)
    box.activated.connect(lambda _index: then.setFocus())


class InboxFilters(QObject):
    """The Show menu (``box``) and the search field; ``list_view`` gets the keyboard once an
    entry of the menu is chosen."""

    applied = Signal()  # the filter was applied (changed or not)

    def __init__(self, reader: Reader, model: InboxModel, parent: QWidget,
                 list_view: QWidget) -> None:
        super().__init__(parent)
        self.reader = reader
        self.model = model
        self._source_titles: dict[int, str] = {}
        self._choices: Choices | None = None  # what the menu lists (made again when it changes)
        self.box = QComboBox(parent)
        self.box.setAccessibleName(tr("Show"))
        searchable(self.box, list_view)  # 1,000 sources: found by typing part of a name
        self.search = QLineEdit(parent)
        self.search.setPlaceholderText(tr("Search (/)"))
        self.search.setAccessibleName(tr("Search items"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        # Escape in the field ends the search: every item again, the keyboard back in the list
        self._list_view = list_view
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.end_search)
        self.box.currentIndexChanged.connect(lambda _i: self.apply())

    def fill(self) -> None:
        """Read the sources and groups again for the "Show" menu (the choice is kept)."""
        self.reader.submit(query.source_choices, self._got_choices)

    def _got_choices(self, choices: Choices) -> None:
        if choices == self._choices:  # a poll round or a source disabled: the same names
            return
        self._choices = choices
        sources, groups = choices
        self._source_titles = dict(sources)
        current = self.box.currentData()
        self.box.blockSignals(True)
        self.box.clear()
        self.box.addItem(tr("All items"), f"view:{query.VIEW_ALL}")
        self.box.addItem(tr("Notified"), f"view:{query.VIEW_NOTIFIED}")
        self.box.addItem(tr("Liked"), f"view:{query.VIEW_LIKED}")
        self.box.addItem(tr("Saved"), f"view:{query.VIEW_SAVED}")
        # what the policy left silent today because the daily budget was used
        self.box.addItem(tr("Over today's budget"), f"view:{query.VIEW_OVER_BUDGET}")
        for group in groups:
            self.box.addItem(tr("Group: {0}").format(isolated(group, NAME_CHARS)),
                             f"group:{group}")
        for source_id, title in sources:
            self.box.addItem(tr("Source: {0}").format(isolated(title, NAME_CHARS)),
                             f"source:{source_id}")
        index = self.box.findData(current) if current else 0
        self.box.setCurrentIndex(max(0, index))
        self.box.blockSignals(False)
        self._fit_popup()

    def _fit_popup(self) -> None:
        """The open menu as wide as its longest entry (names are cut at ``NAME_CHARS``), not
        as narrow as the box: "Source: heise de…eueste Meldungen" named no source."""
        view = self.box.view()
        metrics = view.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.box.itemText(i))
                      for i in range(self.box.count())), default=0)
        extra = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width() + 24
        view.setMinimumWidth(widest + extra)

    def apply(self) -> None:
        kind, _, value = str(self.box.currentData() or "view:all").partition(":")
        filt = query.InboxFilter(
            view=str(value) if kind == "view" else query.VIEW_ALL,
            source_id=int(value) if kind == "source" else None,
            group=str(value) if kind == "group" else None,
            search=self.search.text().strip(),
        )
        if filt != self.model.filter:
            self.model.set_filter(filt)
        emit(self.applied)

    def set_view(self, view: str) -> None:
        index = self.box.findData(f"view:{view}")
        if index >= 0:
            self.box.setCurrentIndex(index)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def end_search(self) -> None:
        """Clear the search at once (the Show menu's choice stays) and go back to the list."""
        if self.search.text():
            self.search.clear()
            self._search_timer.stop()
            self.apply()
        self._list_view.setFocus()

    def shown_name(self) -> str:
        """The source or group shown ("" for none), isolated for a sentence around it."""
        filt = self.model.filter
        title = (self._source_titles.get(filt.source_id, "") if filt.source_id is not None
                 else "")
        return (isolated(title, NAME_CHARS) if title
                else tr("group {0}").format(isolated(filt.group, NAME_CHARS)) if filt.group
                else "")

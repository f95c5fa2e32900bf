"""What the inbox shows: the "Show" menu (all items, notified, liked, a group, a source) and the
search field (applied 250 ms after the last key), as the model's ``InboxFilter``. Source and
group names come from the sources (untrusted): isolated, cut to ``NAME_CHARS``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from notify.app.inbox import query
from notify.app.inbox.model import InboxModel
from notify.app.inbox.reader import Reader
from notify.app.qtcompat import emit
from notify.app.untrusted_text import isolated

NAME_CHARS = 60  # a source or group name in a menu or action


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class InboxFilters(QObject):
    applied = Signal()  # the filter was applied (changed or not)

    def __init__(self, reader: Reader, model: InboxModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.reader = reader
        self.model = model
        self._source_titles: dict[int, str] = {}
        self.box = QComboBox(parent)
        self.box.setAccessibleName(tr("Show"))
        self.search = QLineEdit(parent)
        self.search.setPlaceholderText(tr("Search (/)"))
        self.search.setAccessibleName(tr("Search items"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.box.currentIndexChanged.connect(lambda _i: self.apply())

    def fill(self) -> None:
        """Read the sources and groups again for the "Show" menu (the choice is kept)."""
        self.reader.submit(query.source_choices, self._got_choices)

    def _got_choices(self, choices: tuple[list[tuple[int, str]], list[str]]) -> None:
        sources, groups = choices
        self._source_titles = dict(sources)
        current = self.box.currentData()
        self.box.blockSignals(True)
        self.box.clear()
        self.box.addItem(tr("All items"), f"view:{query.VIEW_ALL}")
        self.box.addItem(tr("Notified"), f"view:{query.VIEW_NOTIFIED}")
        self.box.addItem(tr("Liked"), f"view:{query.VIEW_LIKED}")
        for group in groups:
            self.box.addItem(tr("Group: {0}").format(isolated(group, NAME_CHARS)),
                             f"group:{group}")
        for source_id, title in sources:
            self.box.addItem(tr("Source: {0}").format(isolated(title, NAME_CHARS)),
                             f"source:{source_id}")
        index = self.box.findData(current) if current else 0
        self.box.setCurrentIndex(max(0, index))
        self.box.blockSignals(False)

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

    def shown_name(self) -> str:
        """The source or group shown ("" for none), isolated for a sentence around it."""
        filt = self.model.filter
        title = (self._source_titles.get(filt.source_id, "") if filt.source_id is not None
                 else "")
        return (isolated(title, NAME_CHARS) if title
                else tr("group {0}").format(isolated(filt.group, NAME_CHARS)) if filt.group
                else "")

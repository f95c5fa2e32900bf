"""Settings → Sources: the editor and the list's filter agree. The editor shows the source of a
row the list shows, never one the filter hid while its fields stayed live under a list that
no longer has it ("hostile" typed: seven Hostile rows, none selected, the editor still on “How
not to suck at game design”, Save and Check now acting on it).

- Typing in the filter hides the source the editor shows: the first row the filter keeps
  becomes the current one, selected, and the editor shows it (as a click on it would); when
  no row is kept, the editor shows none ("No source matches the filter").
- Unless the editor holds changes not saved: they are never dropped by a filter being typed,
  nor asked about at each letter; the editor keeps its source, and its title says that the
  filter hides its row. So does it when a poll round's change hides the row (a "failing"
  filter, the source read again): the editor does not jump while the person reads it.
- Clearing the filter keeps the current row where the filter left it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject

if TYPE_CHECKING:
    from notify.app.settings.sources_page import SourcesPage


class FilterFollow(QObject):
    """Keeps ``page``'s editor on a row its list shows (see the module's docstring)."""

    def __init__(self, page: SourcesPage) -> None:
        super().__init__(page)
        self._page = page
        self._emptied = False  # the filter kept no row: the editor was emptied by it
        # after the list applied the filter (its own connection was made first)
        page.list.filter.textChanged.connect(lambda _t: self.filter_typed())

    def hidden(self) -> bool:
        """The source the editor shows is one the filter hides."""
        page = self._page
        item = page.list.item(page.current) if page.current is not None else None
        return item is not None and item.isHidden()

    def filter_typed(self) -> None:
        page = self._page
        emptied, self._emptied = self._emptied, False
        hidden = self.hidden()
        if not hidden and not (emptied and page.current is None):
            self.say()
            return
        if hidden and page.editor.unsaved():  # kept, and said: never dropped by a letter
            self.say()
            return
        tree = page.tree
        rows = (tree.topLevelItem(n) for n in range(tree.topLevelItemCount()))
        first = next((row for row in rows if row is not None and not row.isHidden()), None)
        if first is None:  # none kept: the editor shows none (as for no row), and says why
            tree.setCurrentIndex(QModelIndex())
            page.editor.show_no_match()
            self._emptied = True
            return
        flag = QItemSelectionModel.SelectionFlag
        tree.setCurrentItem(first, 0, flag.ClearAndSelect | flag.Rows)
        self.say()

    def say(self) -> None:
        """The editor's title says whether the filter hides the source it shows."""
        self._page.editor.show_filtered_out(self.hidden())

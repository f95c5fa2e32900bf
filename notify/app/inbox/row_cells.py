"""What each cell of the inbox's list shows for an item (``RowCells.value``): the Title with the
saved ★ and the reaction's mark, the Source, When ("5 min ago", "May 28"); unread items (not
read, no reaction: ``is_unread``) in bold, as in a mail client; the bell on notified ones; a
dismissed one greyed; the whole title, date and marks in the tooltips, and the words a screen
reader says. Every text is one line, without bidi controls, cut long before any row ends (the
view elides it): a row's values come from feeds (``untrusted_text``).

The model (``model.py``) owns which rows are loaded and where; this module only how one shows.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from notify.app.inbox import query
from notify.app.inbox.bell_icon import bell_icon
from notify.app.untrusted_text import clipped, tooltip

COL_TITLE, COL_SOURCE, COL_TIME = range(3)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row itself (a ``query.Row``)
_MARKS = {"like": "♥ ", "dismiss": "✕ ", "open": "↗ "}
SAVED_MARK = "★ "  # before the reaction's mark: saved for later


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxModel", text)


def column_titles() -> tuple[str, str, str]:
    return (tr("Title"), tr("Source"), tr("When"))


def is_unread(row: query.Row) -> bool:
    """Not shown yet and not reacted to (``notify status`` counts the same as unread)."""
    return not row.read and not row.reaction


def when_text(ts: float | None, now: float | None = None) -> str:
    if ts is None:
        return ""
    now = time.time() if now is None else now
    age = max(0.0, now - ts)
    if age < 60:
        return tr("just now")  # not "0 min ago"
    if age < 3600:
        return tr("{0} min ago").format(int(age // 60))
    if age < 86400:
        return tr("{0} h ago").format(int(age // 3600))
    stamp = time.localtime(ts)
    if stamp.tm_year == time.localtime(now).tm_year:
        # "May 28": half a date's width, so that at 14 pt the Title keeps the list's room
        # (the whole date and time are in the cell's tooltip)
        return f"{time.strftime('%b', stamp)} {stamp.tm_mday}"
    return time.strftime("%Y-%m-%d", stamp)


class RowCells:
    """The values of a row's cells for each Qt role (the bold font and the bell made once)."""

    def __init__(self) -> None:
        self._bold = QFont()
        self._bold.setBold(True)
        self._bell = bell_icon(QApplication.palette())  # readable on the list, light or dark

    def value(self, row: query.Row, col: int, role: int) -> Any:
        """What ``row``'s cell in column ``col`` shows for ``role`` (None: nothing)."""
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return (SAVED_MARK if row.saved else "") + _MARKS.get(row.reaction or "", "") + (
                    clipped(row.title) or tr("(untitled)"))
            if col == COL_SOURCE:
                return clipped(row.source_name)
            return when_text(row.sort_time)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.FontRole and is_unread(row):
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and col == COL_TITLE and row.notified_at:
            return self._bell
        if role == Qt.ItemDataRole.ForegroundRole and row.reaction == "dismiss":
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_TITLE:
            state = [tr("unread")] if is_unread(row) else []
            if row.notified_at:
                state.append(tr("notified"))
            if row.saved:
                state.append(tr("saved"))
            return ", ".join([clipped(row.title), clipped(row.source_name), *state])
        return None

    @staticmethod
    def _tooltip(row: query.Row, col: int) -> str:
        if col == COL_TIME:
            return time.strftime("%Y-%m-%d %H:%M", time.localtime(row.sort_time))
        if col == COL_SOURCE:
            return tooltip(row.source_name)
        notified = tr("Notified at {0}").format(time.strftime(
            "%Y-%m-%d %H:%M", time.localtime(row.notified_at))) if row.notified_at else ""
        return tooltip(row.title, tr("Saved for later") if row.saved else "", notified)

"""Where the windows were: each window's size and position, and the state of its named
splitters and table headers (with the column widths the person gave, for a header that keeps
them apart from those fitted to its rows: ``GivenWidths``), and the choices of its named
parts that keep one (the inbox's Show menu: ``RememberedChoice``), kept in a Qt INI file in the
data folder (``Paths.window_state``: a second data folder, ``--data-dir``, has its own). A position
is restored only when the window fits on a screen that is there now (a monitor unplugged since
would put it out of sight).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableView,
    QTreeView,
    QWidget,
)

log = logging.getLogger(__name__)


@runtime_checkable
class GivenWidths(Protocol):
    """A header whose shown widths are fitted to its rows, and which keeps the widths the
    person gave apart (``inbox/columns.py``): those are what must come back."""

    def given_widths(self) -> dict[int, int]: ...

    def restore_given_widths(self, widths: dict[int, int]) -> None: ...


@runtime_checkable
class RememberedChoice(Protocol):
    """A named part of a window whose choice comes back after a restart (the inbox's Show
    menu, ``inbox/filters.py``): a short text it reads back itself, and checks (the file can be
    edited)."""

    def choice(self) -> str: ...

    def restore_choice(self, choice: str) -> None: ...


def _choices(window: QWidget) -> dict[str, RememberedChoice]:
    """The window's parts that keep a choice and have an object name, by name."""
    return {f"choice-{part.objectName()}": part for part in window.findChildren(QObject)
            if part.objectName() and isinstance(part, RememberedChoice)}


def _widths_text(widths: dict[int, int]) -> str:
    return ",".join(f"{column}:{width}" for column, width in sorted(widths.items()))


def _widths_of(text: object) -> dict[int, int]:
    """``_widths_text``'s text read back; nothing from anything else (an edited file)."""
    widths: dict[int, int] = {}
    for pair in str(text or "").split(","):
        column, _, width = pair.partition(":")
        if column.strip().isdigit() and width.strip().isdigit():
            widths[int(column)] = int(width)
    return widths


def fits_on_a_screen(rect: QRect) -> bool:
    """Whether a window at ``rect`` (its normal geometry) fits on one of the screens now: no
    larger than that screen's free area, its centre on it."""
    for screen in QGuiApplication.screens():
        area = screen.availableGeometry()
        if (rect.width() <= area.width() and rect.height() <= area.height()
                and area.contains(rect.center())):
            return True
    return False


class RememberedSplitter(QSplitter):
    """A named splitter (its place is remembered with its window) whose first place, when no
    place was restored, is ``first_sizes(total)``: worked out once it has its real size, which
    proportions given before it is shown cannot do (a part that does not stretch keeps its
    size hint, and the other pays for it)."""

    def __init__(self, orientation: Qt.Orientation, name: str,
                 first_sizes: Callable[[int], list[int]], parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self.setObjectName(name)
        self._first_sizes: Callable[[int], list[int]] | None = first_sizes
        self.placed_by_person = False  # dragged, or restored as the person left it
        self.splitterMoved.connect(self._moved)  # (only a drag emits it, never setSizes)

    def _moved(self, _pos: int, _index: int) -> None:
        self.placed_by_person = True

    def restoreState(self, state: QByteArray | bytes) -> bool:  # type: ignore[override]
        restored = super().restoreState(state)
        if restored:
            self._first_sizes = None  # the person's place
            self.placed_by_person = True
        return restored

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        total = sum(self.sizes())
        if self._first_sizes is not None and self.isVisible() and total > 0:
            sizes, self._first_sizes = self._first_sizes(total), None
            self.setSizes(sizes)


def _parts(window: QWidget) -> dict[str, QSplitter | QHeaderView]:
    """The window's splitters and item views' headers that have an object name, by name."""
    parts: dict[str, QSplitter | QHeaderView] = {}
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            parts[f"splitter-{splitter.objectName()}"] = splitter
    for view in window.findChildren(QAbstractItemView):
        name = view.objectName()
        if not name:
            continue
        if isinstance(view, QTableView):
            parts[f"header-{name}"] = view.horizontalHeader()
        elif isinstance(view, QTreeView):
            parts[f"header-{name}"] = view.header()
    return parts


class WindowState:
    """Saves and restores windows under a key each ("inbox", "settings")."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    def restore(self, window: QWidget, key: str) -> bool:
        """Put ``window`` where it was (call before showing it); False when nothing was saved
        or it would not fit on a screen now (it keeps its default size and place)."""
        s = self._settings
        for name, part in _parts(window).items():
            state = s.value(f"{key}/{name}")
            if isinstance(state, QByteArray) and not part.restoreState(state):
                log.info("the saved %s of the %s window does not apply any more", name, key)
            if isinstance(part, GivenWidths):
                part.restore_given_widths(_widths_of(s.value(f"{key}/{name}-given")))
        for name, chooser in _choices(window).items():
            choice = s.value(f"{key}/{name}")
            if isinstance(choice, str) and choice:
                chooser.restore_choice(choice)
        geometry, rect = s.value(f"{key}/geometry"), s.value(f"{key}/normal")
        if not isinstance(geometry, QByteArray) or not isinstance(rect, QRect):
            return False
        if not fits_on_a_screen(rect):
            log.info("the %s window's saved place (%d,%d %dx%d) is on no screen now: not used",
                     key, rect.x(), rect.y(), rect.width(), rect.height())
            return False
        return window.restoreGeometry(geometry)

    def save(self, window: QWidget, key: str) -> None:
        s = self._settings
        s.setValue(f"{key}/geometry", window.saveGeometry())
        s.setValue(f"{key}/normal", window.normalGeometry())
        for name, part in _parts(window).items():
            s.setValue(f"{key}/{name}", part.saveState())
            if isinstance(part, GivenWidths):
                s.setValue(f"{key}/{name}-given", _widths_text(part.given_widths()))
        for name, chooser in _choices(window).items():
            s.setValue(f"{key}/{name}", chooser.choice())
        s.sync()  # now: the session may end with a kill
        if s.status() != QSettings.Status.NoError:
            log.warning("Notify could not save where its %s window was in %s (%s)", key,
                        self.path, s.status().name)

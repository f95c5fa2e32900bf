"""The inbox's commands as menus and keys: the menu bar (**Notify**: the app's commands shared
with the tray, and Close window; **Item**: like, dismiss, open, save, read, Mark all as read,
Undo; **View**: Unread only, ``filters.py``'s; **Go**: next, previous, search), the list's
context menu (the current item's commands), and the item actions' state for the current row
(enabled, Save checked, Mark as read or unread, Mark all of <the source shown> as read).

Every action is also the window's own, so its key works wherever the focus is in the window (a
text field keeps the letters typed into it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar, QStyleOptionMenuItem, QTableView

from notify.app.actions import AppActions, key_text, plain_letter, shortcuts
from notify.app.inbox import query
from notify.app.inbox.row_cells import is_unread
from notify.app.untrusted_text import mnemonic_free

Slot = Callable[[], None]


def tr(text: str) -> str:
    return QCoreApplication.translate("InboxWindow", text)


class KeyMenu(QMenu):
    """A menu whose key column writes a plain letter as it is typed and as docs/app.md lists
    it ("Next item   j"): Qt writes a plain j "J", which reads as Shift+J. Only the drawn
    column changes: the action's text (a screen reader's name, the toolbar's words) and its
    keys stay as they are."""

    def initStyleOption(self, option: QStyleOptionMenuItem, action: QAction) -> None:
        super().initStyleOption(option, action)
        text, tab, _keys = option.text.partition("\t")
        if tab and plain_letter(action.shortcut()):  # (no tab: a menu showing no keys)
            option.text = f"{text}\t{key_text(action)}"


def key_menu(bar: QMenuBar, title: str, window: QMainWindow) -> KeyMenu:
    menu = KeyMenu(title, window)
    bar.addMenu(menu)
    return menu


class InboxMenus:
    """Builds the window's menus and item actions; ``slots`` are the window's commands by key
    ("like", "dismiss", "open", "save", "read", "all-read", "next", "previous", "search")."""

    def __init__(self, window: QMainWindow, view: QTableView, app_actions: AppActions | None,
                 undo_action: QAction, slots: Mapping[str, Slot],
                 view_actions: Sequence[QAction] = ()) -> None:
        self.window = window
        self.view = view
        self.actions: dict[str, QAction] = {}
        bar = window.menuBar()
        if app_actions is not None:
            app_menu = key_menu(bar, tr("&Notify"), window)
            app_actions.add_app_commands(app_menu)
            close = QAction(tr("Close window"), window)
            close.setObjectName("close-window")
            close.setShortcuts(shortcuts(QKeySequence.StandardKey.Close, "Ctrl+W",
                                         extra_first=True))
            close.triggered.connect(window.close)
            app_menu.insertAction(app_actions.action("quit"), close)
            for key in ("poll", "settings", "quit", "resume"):
                window.addAction(app_actions.action(key))
            window.addAction(close)
            self.actions["close"] = close
        item_menu = key_menu(bar, tr("&Item"), window)
        # Like and Dismiss move on to the next item, as mail and feed readers do: the labels
        # say so, or "l then j" would skip one
        item_commands: list[tuple[str, str, list[Any]]] = [
            ("like", tr("Like and go to next"), ["L"]),
            ("dismiss", tr("Dismiss and go to next"), ["D"]),
            ("open", tr("Open in browser"), ["O"]),
            ("save", tr("Save for later"), ["S"]),
            ("", "", []),
            ("read", tr("Mark as read"), ["M"]),
            ("all-read", tr("Mark all as read"), []),
            ("", "", [])]
        for key, label, keys in item_commands:
            if not key:
                item_menu.addSeparator()
                continue
            item_menu.addAction(self._action(key, label, keys, slots.get(key)))
        for key, tip in (("like", tr("More items like this one; then the next item is shown")),
                         ("dismiss", tr("Fewer items like this one; then the next item is "
                                        "shown"))):
            self.actions[key].setToolTip(tip)
            self.actions[key].setStatusTip(tip)
        # checked while the current item is saved (``update``); "Save" or ☆ on the toolbar
        # (``toolbar.py``)
        self.actions["save"].setCheckable(True)
        item_menu.addAction(undo_action)
        window.addAction(undo_action)
        if view_actions:  # what the list shows (Unread only: ``filters.py``)
            view_menu = key_menu(bar, tr("&View"), window)
            for action in view_actions:
                view_menu.addAction(action)
                window.addAction(action)
        go_menu = key_menu(bar, tr("&Go"), window)
        go_commands: list[tuple[str, str, list[Any]]] = [
            ("next", tr("Next item"), ["J"]),
            ("previous", tr("Previous item"), ["K"]),
            ("search", tr("Search"), ["/", QKeySequence.StandardKey.Find])]
        for key, label, keys in go_commands:
            go_menu.addAction(self._action(key, label, keys, slots.get(key)))
        # the list's context menu: the current item's commands (a right click selects first)
        self.item_menu = KeyMenu(window)
        for key in ("like", "dismiss", "open", "save", "", "read"):
            if key:
                self.item_menu.addAction(self.actions[key])
            else:
                self.item_menu.addSeparator()
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)

    def _action(self, key: str, label: str, keys: list[Any], slot: Slot | None) -> QAction:
        action = QAction(label, self.window)
        sequences: list[QKeySequence] = []
        for k in keys:
            if isinstance(k, QKeySequence.StandardKey):
                sequences += shortcuts(k)
            else:
                sequences.append(QKeySequence(k))
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(lambda _=False: slot())
        self.window.addAction(action)
        self.actions[key] = action
        return action

    def _context_menu(self, at: QPoint) -> None:
        """The item's menu at ``at`` (the list's viewport), for the row there; shown without
        waiting (``popup``: a nested ``exec()`` would run the event loop inside this slot)."""
        index = self.view.indexAt(at)
        if not index.isValid():
            return
        if index.row() != self.view.currentIndex().row():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self.item_menu.popup(self.view.viewport().mapToGlobal(at))

    def update(self, row: query.Row | None, shown_name: str) -> None:
        """The item actions for the current ``row`` (None: no item); ``shown_name``: the source
        or group shown, isolated ("" for none)."""
        for key in ("like", "dismiss", "open", "save", "read"):
            self.actions[key].setEnabled(row is not None)
        saved = row is not None and row.saved
        save = self.actions["save"]
        save.setChecked(saved)
        key = key_text(save)
        tip = (tr("Saved for later: kept however old it gets. {0} unsaves it").format(key)
               if saved else tr("Keep the item for later, however old it gets ({0})").format(key))
        save.setToolTip(tip)
        save.setStatusTip(tip)
        self.actions["read"].setText(tr("Mark as unread") if row is not None
                                     and not is_unread(row) else tr("Mark as read"))
        # a source's or group's name in an action's text: its "&" is no mnemonic, its bidi
        # controls are gone and it is isolated from the words around it
        self.actions["all-read"].setText(
            tr("Mark all of {0} as read").format(mnemonic_free(shown_name)) if shown_name
            else tr("Mark all items as read"))

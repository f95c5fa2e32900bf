"""How the inbox's menus write its single-letter keys: as they are typed ("j"), as docs/app.md
lists them, not as Qt writes a plain j ("J", which reads as Shift+J)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStyleOptionMenuItem
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths

DOCS = Path(__file__).resolve().parents[3] / "docs" / "app.md"
LETTERS = {Qt.Key(k) for k in range(Qt.Key.Key_A.value, Qt.Key.Key_Z.value + 1)}


@pytest.fixture
def window(qtbot: QtBot, small_db: Path, paths: Paths) -> Iterator[InboxWindow]:
    reader = Reader(paths.db)
    w = InboxWindow(None, reader, actions=AppActions())
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    qtbot.waitUntil(lambda: w.pane.item is not None or w.model.rowCount() > 0, timeout=5000)
    yield w
    reader.close()


def shown(menu: QMenu, action: QAction) -> str:
    """The entry as the menu draws it: its text, a tab, its key column."""
    option = QStyleOptionMenuItem()
    menu.initStyleOption(option, action)
    return option.text


def letter_keyed(window: InboxWindow) -> list[tuple[QMenu, QAction]]:
    """Every entry of the menu bar's menus and the list's context menu whose key is one plain
    letter."""
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    menus.append(window.menus.item_menu)
    out = []
    for menu in menus:
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            keys = action.shortcut()
            if keys.count() == 1 and not keys[0].keyboardModifiers() \
                    and keys[0].key() in LETTERS:
                out.append((menu, action))
    return out


def test_menus_write_single_letter_keys_as_typed(window: InboxWindow) -> None:
    """A new user's finding: the Go menu said "Next item   J", which reads as Shift+J."""
    entries = letter_keyed(window)
    names = {action: name for name, action in window.menus.actions.items()}
    texts = {names[action]: shown(menu, action).partition("\t")[2] for menu, action in entries}
    assert texts == {"like": "l", "dismiss": "d", "open": "o", "save": "s", "read": "m",
                     "next": "j", "previous": "k"}
    assert shown(window.menus.item_menu, window.menus.actions["like"]) == \
        "Like and go to next\tl"
    # the context menu's entries too (the same actions, another menu)
    assert sum(1 for menu, _a in entries if menu is window.menus.item_menu) == 5
    # the action's own text is untouched (a screen reader's name, the toolbar's words)
    assert all("\t" not in action.text() for _m, action in entries)


def test_each_letter_key_is_in_the_docs_list_of_keys(window: InboxWindow) -> None:
    keys_paragraph = DOCS.read_text(encoding="utf-8").split("  Keys: ", 1)[1].split("\n\n")[0]
    listed = set(re.findall(r"`([a-z])`", keys_paragraph))
    letters = {shown(menu, action).partition("\t")[2] for menu, action in letter_keyed(window)}
    assert letters and letters <= listed


def test_tooltips_and_the_footer_write_the_letter_as_typed(
        qtbot: QtBot, window: InboxWindow) -> None:
    """Save's tooltip said "(S)", the empty Saved view "S saves the item shown"."""
    save = window.menus.actions["save"]
    assert save.toolTip().endswith("(s)"), save.toolTip()
    for name in ("like", "dismiss", "open"):
        assert re.search(r"\([ldo]\)$", window.pane.buttons[name].toolTip()), name
    assert window.pane.save_button.toolTip().endswith("(s)")
    window.set_view(query.VIEW_SAVED)
    qtbot.waitUntil(lambda: window.status.text()
                    == "Nothing saved yet: press s to save the item shown for later.")

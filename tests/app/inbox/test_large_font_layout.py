"""The inbox at a large system font (14 pt) on a small screen (the offscreen one: 800×800), as a
new user's walkthrough met it: the titles readable, every toolbar command on the bar, and a
window that never grows by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QToolBar
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox.model import COL_SOURCE, COL_TIME, COL_TITLE
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from notify.core.store.db import connect


@pytest.fixture
def reader(small_db: Path) -> Iterator[Reader]:
    r = Reader(small_db)
    yield r
    r.close()


def opened(qtbot: QtBot, reader: Reader, *, items: bool = True) -> InboxWindow:
    window = InboxWindow(None, reader, actions=AppActions())  # a toolbar as full as the app's
    qtbot.addWidget(window)
    window.show()
    if items:
        qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    else:
        qtbot.waitUntil(lambda: window.footer.status.text() != "", timeout=5000)
    qtbot.wait(200)  # the columns fitted (``columns.SETTLE_MS``)
    return window


def hidden_commands(window: InboxWindow) -> list[str]:
    bar = window.findChild(QToolBar, "inbox-toolbar")
    assert bar is not None
    return [action.text() or (bar.widgetForAction(action).accessibleName())
            for action in bar.actions()
            if not bar.widgetForAction(action).isVisible()]


def test_at_14_pt_the_title_has_most_of_the_list(qtbot: QtBot, large_font: Any,
                                                reader: Reader, shots_dir: Path) -> None:
    """Regression: at 14 pt the inbox (792 px, its least width) gave the list ~300 px and the
    Title ~90 of them ("(untitl…", "Exam…"): Source and When took two thirds."""
    window = opened(qtbot, reader)
    assert window.width() <= 800
    header = window.view.horizontalHeader()
    width = window.view.viewport().width()
    title = header.sectionSize(COL_TITLE)
    assert title >= 0.5 * width, (title, width)
    assert header.sectionSize(COL_SOURCE) + header.sectionSize(COL_TIME) <= 0.5 * width
    assert title >= 15 * window.view.fontMetrics().averageCharWidth()
    window.grab().save(str(shots_dir / "inbox-14pt.png"))


@pytest.mark.parametrize("items", [True, False], ids=["items", "empty"])
def test_at_14_pt_every_toolbar_command_is_on_the_bar(qtbot: QtBot, large_font: Any,
                                                      paths: Paths, small_db: Path,
                                                      items: bool, shots_dir: Path) -> None:
    """Regression: at 14 pt Settings, Save and Undo went into the toolbar's "»" menu, and in
    the empty inbox "»" itself was off the window's edge."""
    db = small_db
    if not items:
        db = paths.data_dir / "empty.db"
        connect(db).close()
    reader = Reader(db)
    try:
        window = opened(qtbot, reader, items=items)
        assert hidden_commands(window) == []
        name = "items" if items else "empty"
        window.grab().save(str(shots_dir / f"inbox-14pt-toolbar-{name}.png"))
    finally:
        reader.close()

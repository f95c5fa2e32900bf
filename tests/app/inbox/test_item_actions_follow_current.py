"""The item actions (Save, Mark as read…) follow the current row when rows change: many rows
changed together (a refresh after a source was removed elsewhere) update them once, for the
current row, not once per row."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from notify.core.store.db import connect
from tests.app.conftest import fill


def test_many_rows_changed_update_the_actions_once_for_the_current_row(
        qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(paths.db, 300, n_sources=5)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.model.rowCount() == 300, timeout=5000)
        done: list[object] = []
        reader.submit(lambda _conn: None, done.append)  # the reader answered all asked before
        qtbot.waitUntil(lambda: bool(done), timeout=5000)
        qtbot.wait(50)
        window.view.setCurrentIndex(window.model.index(0, 0))
        current = window.model.row_at(window.view.currentIndex())
        assert current is not None and not current.saved
        updates: list[int] = []
        real = window._update_item_actions
        monkeypatch.setattr(window, "_update_item_actions",
                            lambda: (updates.append(1), real())[1])
        conn = connect(paths.db)
        conn.execute("UPDATE items SET saved = 1 WHERE id > 100")  # the current row and ~200
        conn.close()
        window.model.refresh()
        qtbot.waitUntil(lambda: window.item_action("save").isChecked(), timeout=5000)
        assert len(updates) == 1  # not one per row changed
        conn = connect(paths.db)
        conn.execute("UPDATE items SET saved = 0 WHERE id != ?", (current.id,))
        conn.close()
        window.model.refresh()
        qtbot.waitUntil(lambda: not any(window.model.row_at(window.model.index(r, 0)).saved
                                        for r in range(1, 50)), timeout=5000)
        assert len(updates) == 1 and window.item_action("save").isChecked()  # still saved
    finally:
        reader.close()

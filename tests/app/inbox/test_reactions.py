"""Reactions from the inbox reach the real engine: like, undo, the Why panel, mute."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.engine import Engine
from notify.core.paths import Paths
from notify.core.store.db import connect
from tests.app.conftest import RSS, assert_not_blank

pytestmark = pytest.mark.skipif(not hasattr(Engine, "feedback"),
                                reason="the engine has no feedback() in this checkout")


def call(qtbot: QtBot, bridge: Any, fn: Any) -> Any:
    out: list[Any] = []
    bridge.submit(fn, out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=10_000)
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[InboxWindow]:
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/feed.xml")))
    call(qtbot, bridge, lambda e: e.poll())
    reader = Reader(paths.db)
    window = InboxWindow(bridge, reader)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    yield window
    reader.close()


def reaction_of(paths: Paths, title: str) -> str | None:
    conn = connect(paths.db, readonly=True)
    try:
        row = conn.execute("SELECT reaction FROM items WHERE title = ?", (title,)).fetchone()
        return None if row is None else row[0]
    finally:
        conn.close()


def test_like_with_the_keyboard_then_undo(qtbot: QtBot, inbox: InboxWindow,
                                          paths: Paths) -> None:
    assert inbox.pane.item is not None
    title = inbox.pane.item.title
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: reaction_of(paths, title) == "like", timeout=5000)
    qtbot.waitUntil(lambda: inbox.undo_action.isEnabled())
    qtbot.waitUntil(lambda: inbox.model.index(0, 0).data().startswith("♥"), timeout=5000)
    inbox.undo_action.trigger()
    qtbot.waitUntil(lambda: "undone" in inbox.status.text(), timeout=5000)
    assert reaction_of(paths, title) in (None, "")


def test_why_panel_and_mute_this_source(qtbot: QtBot, inbox: InboxWindow, bridge: Any,
                                        shots_dir: Path) -> None:
    mute = None

    def has_mute() -> bool:
        nonlocal mute
        mute = inbox.pane.why.findChild(QPushButton, "why-mute")
        return mute is not None

    qtbot.waitUntil(has_mute, timeout=5000)
    assert_not_blank(inbox, shots_dir / "inbox-why.png")
    assert mute is not None
    mute.click()
    qtbot.waitUntil(lambda: inbox.status.text() == "Source muted.", timeout=5000)
    assert call(qtbot, bridge, lambda e: e.sources()[0].muted) is True

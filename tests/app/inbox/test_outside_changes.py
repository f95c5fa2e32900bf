"""Changes made from the command line while the app runs (``notify save``, ``notify feedback``,
``notify sources add``: another process, no engine event) show in the open inbox once the
person comes back to it (the window becomes active: SQLite's ``data_version`` says the database
changed), without a reload of the list and without a timer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, call, polled_ids

ROOT = Path(__file__).resolve().parents[3]


def notify_cli(paths: Paths, *args: str) -> None:
    """``notify --data-dir … ARGS`` in a process of its own, as typed in a terminal."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "notify", "--data-dir", str(paths.data_dir),
                           *args], env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[tuple[InboxWindow, list[int]]]:
    ids = polled_ids(qtbot, bridge, httpserver, "/feed.xml")
    reader = Reader(paths.db)
    window = InboxWindow(bridge, reader, actions=AppActions())
    qtbot.addWidget(window)
    window.resize(820, 720)
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    yield window, ids
    reader.close()


def come_back(window: InboxWindow) -> None:
    """The person comes back to the inbox (offscreen windows are not activated by Qt)."""
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))


def looked_at(qtbot: QtBot, window: InboxWindow) -> None:
    """The person comes back to the inbox, and its look for outside changes was answered."""
    come_back(window)
    qtbot.waitUntil(lambda: not window.outside._asking, timeout=5000)


def title_of(window: InboxWindow, item_id: int) -> str:
    at = window.model.row_of(item_id)
    return str(window.model.index(at, 0).data()) if at is not None else ""


def test_a_save_and_a_like_from_a_terminal_show_when_the_person_comes_back(
        qtbot: QtBot, inbox: tuple[InboxWindow, list[int]], paths: Paths,
        monkeypatch: pytest.MonkeyPatch, shots_dir: Path) -> None:
    window, ids = inbox
    monkeypatch.setattr(window, "isActiveWindow", lambda: True)  # (offscreen: not always)
    first, second = ids
    qtbot.waitUntil(lambda: window.outside._seen is not None, timeout=5000)
    resets: list[bool] = []
    window.model.modelAboutToBeReset.connect(lambda: resets.append(True))
    notify_cli(paths, "save", str(first))
    notify_cli(paths, "feedback", str(second), "like")
    come_back(window)
    qtbot.waitUntil(lambda: title_of(window, first).startswith("★ "), timeout=5000)
    qtbot.waitUntil(lambda: title_of(window, second).startswith("♥ "), timeout=5000)
    assert not resets  # the list kept its place: no reload
    # Undo offers the Like made in the terminal (as notify profile undo would take back)
    qtbot.waitUntil(lambda: window.undo_action.isEnabled(), timeout=5000)
    assert_not_blank(window, shots_dir / "inbox-changes-from-a-terminal.png")
    # the Saved view: an item saved in the terminal joins it, one unsaved there leaves it
    window.set_view(query.VIEW_SAVED)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == first,
                    timeout=5000)
    notify_cli(paths, "save", str(second))
    come_back(window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    assert window.pane.item is not None and window.pane.item.id == first  # still shown
    notify_cli(paths, "unsave", str(second))
    come_back(window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.row_of(first) == 0


def test_a_source_added_from_a_terminal_joins_the_show_menu(
        qtbot: QtBot, inbox: tuple[InboxWindow, list[int]], paths: Paths,
        httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    window, _ids = inbox
    monkeypatch.setattr(window, "isActiveWindow", lambda: True)  # (offscreen: not always)
    qtbot.waitUntil(lambda: window.outside._seen is not None, timeout=5000)
    count = window.filter_box.count()
    notify_cli(paths, "sources", "add", "--no-check", "--title", "Terminal feed",
               httpserver.url_for("/other.xml"))
    come_back(window)
    qtbot.waitUntil(lambda: window.filter_box.count() == count + 1, timeout=5000)
    box = window.filter_box
    assert any("Terminal feed" in box.itemText(i) for i in range(box.count()))


def test_nothing_changed_nothing_is_read_again(
        qtbot: QtBot, inbox: tuple[InboxWindow, list[int]]) -> None:
    window, _ids = inbox
    qtbot.waitUntil(lambda: window.outside._seen is not None, timeout=5000)
    changed: list[bool] = []
    window.outside.changed.connect(lambda: changed.append(True))
    window.outside.check()
    qtbot.wait(300)
    assert not changed


def test_only_another_process_s_writes_read_the_list_again(
        qtbot: QtBot, inbox: tuple[InboxWindow, list[int]], bridge: Any, paths: Paths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own engine writing (a Save, a Like, a read mark, a round) is reported by its
    events: coming back to the inbox reads nothing again. ``PRAGMA data_version`` on the
    reader's connection changed for those too, and each cost a refill of the list."""
    window, ids = inbox
    monkeypatch.setattr(window, "isActiveWindow", lambda: True)  # (offscreen: not always)
    qtbot.waitUntil(lambda: window.outside._seen is not None, timeout=5000)
    refills: list[bool] = []
    real = window.model.refresh
    monkeypatch.setattr(window.model, "refresh", lambda: (refills.append(True), real())[1])
    first, second = ids
    window.saved_marks.set_saved(first, True)  # the app's own writes, through its engine
    qtbot.waitUntil(lambda: title_of(window, first).startswith("★ "), timeout=5000)
    window.react(second, "like")
    qtbot.waitUntil(lambda: "♥ " in title_of(window, second), timeout=5000)
    call(qtbot, bridge, lambda e: e.mark_read([first]))
    call(qtbot, bridge, lambda e: e.poll())  # a round (pollFinished: a look, as it shows)
    looked_at(qtbot, window)
    assert not refills
    notify_cli(paths, "unsave", str(first))  # another process
    come_back(window)
    qtbot.waitUntil(lambda: bool(refills), timeout=5000)
    qtbot.waitUntil(lambda: not title_of(window, first).startswith("★"), timeout=5000)
    looked_at(qtbot, window)
    assert len(refills) == 1

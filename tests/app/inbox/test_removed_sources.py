"""A source removed while the inbox is open (in Settings: the app's engine; or ``notify sources
remove`` in a terminal): its items leave the list at once (the engine's ``SourcesChanged``), or
at the next look for outside changes (another process); a current row among them moves the
selection to the next item still listed and the pane shows that one, never a deleted item. A
source disabled keeps its items (disabling stops polling only); a source renamed is named anew in
the list and the Show menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QItemSelectionModel
from PySide6.QtWidgets import QApplication
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, call
from tests.app.inbox.test_outside_changes import notify_cli


def feed(name: str, days: list[int]) -> str:
    return ("""<?xml version="1.0"?><rss version="2.0"><channel><title>""" + name
            + "</title><link>http://127.0.0.1/</link>" + "".join(
                f"<item><title>{name} {n}</title><link>http://127.0.0.1/{name}/{n}</link>"
                f"<guid>{name}-{n}</guid><pubDate>Mon, 0{day} Jun 2026 10:00:00 GMT</pubDate>"
                f"<description>About {name} {n}</description></item>"
                for n, day in enumerate(days, start=1)) + "</channel></rss>")


# newest first: News 3, Other 3, News 2, Other 2, News 1, Other 1
ORDER = ["News 3", "Other 3", "News 2", "Other 2", "News 1", "Other 1"]


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[InboxWindow]:
    for path, name, days in (("/news.xml", "News", [2, 4, 6]),
                             ("/other.xml", "Other", [1, 3, 5])):
        httpserver.expect_request(path).respond_with_data(
            feed(name, days), content_type="application/rss+xml")
        call(qtbot, bridge, lambda e, p=path, n=name: e.add_source(
            "feed", httpserver.url_for(p), title=f"{n} feed"))
    call(qtbot, bridge, lambda e: e.poll())
    reader = Reader(paths.db)
    window = InboxWindow(bridge, reader, actions=AppActions())
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitUntil(lambda: titles(window) == ORDER, timeout=5000)
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.filter_box.findText("Source: \u2068News feed\u2069") >= 0,
                    timeout=5000)
    yield window
    reader.close()


def titles(inbox: InboxWindow) -> list[str]:
    rows = (inbox.model.row_at(inbox.model.index(r, 0)) for r in range(inbox.model.rowCount()))
    return [row.title for row in rows if row is not None]


def current_title(inbox: InboxWindow) -> str:
    row = inbox.model.row_at(inbox.view.currentIndex())
    return row.title if row is not None else ""


def select(inbox: InboxWindow, title: str) -> None:
    index = inbox.model.index(titles(inbox).index(title), 0)
    inbox.view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def shown(inbox: InboxWindow, title: str) -> bool:
    return inbox.pane.item is not None and inbox.pane.item.title == title


def source_id(qtbot: QtBot, bridge: Any, title: str) -> int:
    return next(int(s.id) for s in call(qtbot, bridge, lambda e: e.sources())
                if s.title == title)


def answered(qtbot: QtBot, inbox: InboxWindow) -> None:
    """Every query asked of the reader so far was answered (and what it started, too)."""
    for _ in range(2):
        done: list[object] = []
        inbox.reader.submit(lambda _conn: None, done.append)
        qtbot.waitUntil(lambda d=done: bool(d), timeout=5000)


def test_a_source_removed_by_the_app_leaves_the_open_inbox_at_once(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any, monkeypatch: pytest.MonkeyPatch,
        shots_dir: Path) -> None:
    monkeypatch.setattr(inbox, "isActiveWindow", lambda: False)  # never looked at again
    select(inbox, "News 2")
    qtbot.waitUntil(lambda: shown(inbox, "News 2"), timeout=5000)
    news = source_id(qtbot, bridge, "News feed")
    call(qtbot, bridge, lambda e: e.remove_source(news))  # as Settings → Remove does
    qtbot.waitUntil(lambda: titles(inbox) == ["Other 3", "Other 2", "Other 1"], timeout=5000)
    # the selection went on to the next item that stays, and the pane shows it
    assert current_title(inbox) == "Other 2"
    qtbot.waitUntil(lambda: shown(inbox, "Other 2"), timeout=5000)
    assert inbox.item_action("save").isEnabled()
    qtbot.waitUntil(lambda: inbox.filter_box.findText("Source: \u2068News feed\u2069") < 0,
                    timeout=5000)
    assert_not_blank(inbox, shots_dir / "inbox-source-removed.png")


def test_the_last_row_removed_selects_the_one_above(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any) -> None:
    select(inbox, "Other 1")
    qtbot.waitUntil(lambda: shown(inbox, "Other 1"), timeout=5000)
    other = source_id(qtbot, bridge, "Other feed")
    call(qtbot, bridge, lambda e: e.remove_source(other))
    qtbot.waitUntil(lambda: titles(inbox) == ["News 3", "News 2", "News 1"], timeout=5000)
    assert current_title(inbox) == "News 1"
    qtbot.waitUntil(lambda: shown(inbox, "News 1"), timeout=5000)


def test_every_source_removed_empties_the_list_and_the_pane(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any) -> None:
    for title in ("News feed", "Other feed"):
        sid = source_id(qtbot, bridge, title)
        call(qtbot, bridge, lambda e, s=sid: e.remove_source(s))
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 0, timeout=5000)
    qtbot.waitUntil(lambda: inbox.pane.item is None, timeout=5000)
    assert not inbox.item_action("save").isEnabled()


def test_the_source_shown_removed_shows_every_item(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any) -> None:
    inbox.filter_box.setCurrentIndex(inbox.filter_box.findText("Source: \u2068News feed\u2069"))
    qtbot.waitUntil(lambda: titles(inbox) == ["News 3", "News 2", "News 1"], timeout=5000)
    news = source_id(qtbot, bridge, "News feed")
    call(qtbot, bridge, lambda e: e.remove_source(news))
    qtbot.waitUntil(lambda: titles(inbox) == ["Other 3", "Other 2", "Other 1"], timeout=5000)
    assert inbox.model.filter.source_id is None
    assert inbox.filter_box.currentText() == "All items"
    qtbot.waitUntil(lambda: inbox.pane.item is not None
                    and inbox.pane.item.title.startswith("Other"), timeout=5000)


def test_a_source_removed_in_a_terminal_leaves_when_the_person_comes_back(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any, paths: Paths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inbox, "isActiveWindow", lambda: True)  # (offscreen: not always)
    qtbot.waitUntil(lambda: inbox.outside._seen is not None, timeout=5000)
    select(inbox, "News 3")
    qtbot.waitUntil(lambda: shown(inbox, "News 3"), timeout=5000)
    news = source_id(qtbot, bridge, "News feed")
    notify_cli(paths, "sources", "remove", "--yes", str(news))
    QApplication.sendEvent(inbox, QEvent(QEvent.Type.ActivationChange))  # comes back
    qtbot.waitUntil(lambda: titles(inbox) == ["Other 3", "Other 2", "Other 1"], timeout=5000)
    assert current_title(inbox) == "Other 3"
    qtbot.waitUntil(lambda: shown(inbox, "Other 3"), timeout=5000)
    qtbot.waitUntil(lambda: inbox.filter_box.findText("Source: \u2068News feed\u2069") < 0,
                    timeout=5000)


def test_a_source_disabled_keeps_its_items_and_a_renamed_one_is_named_anew(
        qtbot: QtBot, inbox: InboxWindow, bridge: Any) -> None:
    select(inbox, "News 2")
    qtbot.waitUntil(lambda: shown(inbox, "News 2"), timeout=5000)
    news = source_id(qtbot, bridge, "News feed")
    call(qtbot, bridge, lambda e: e.update_source(news, enabled=False))
    answered(qtbot, inbox)
    assert titles(inbox) == ORDER  # disabling stops its polls only
    assert current_title(inbox) == "News 2" and shown(inbox, "News 2")
    assert inbox.filter_box.findText("Source: \u2068News feed\u2069") >= 0
    call(qtbot, bridge, lambda e: e.update_source(news, title="Renamed news"))
    qtbot.waitUntil(lambda: inbox.filter_box.findText("Source: \u2068Renamed news\u2069") >= 0,
                    timeout=5000)
    at = titles(inbox).index("News 2")
    qtbot.waitUntil(lambda: inbox.model.index(at, 1).data() == "Renamed news", timeout=5000)
    assert inbox.filter_box.findText("Source: \u2068News feed\u2069") < 0
    assert titles(inbox) == ORDER and current_title(inbox) == "News 2"

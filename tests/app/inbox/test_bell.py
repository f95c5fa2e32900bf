"""The bell in the inbox: an item notified while the inbox is open carries it at once, as the
docs promise ("notified ones carry the bell"), not only after something else re-reads its row."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Request, Response

from notify.app.inbox.read_marks import READ_AFTER_MS
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.events import NotificationPlanned
from notify.core.paths import Paths
from notify.core.store.db import connect
from notify.core.store.notifications import add_notification
from tests.app.conftest import call

ITEM = ("<item><title>{title}</title><link>http://127.0.0.1/{n}</link><guid>{n}</guid>"
        "<description>{title}</description></item>")


def feed(titles: list[str]) -> str:
    items = "\n".join(ITEM.format(title=t, n=t.split()[0].lower()) for t in titles)
    return ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bells</title>"
            f"<link>http://127.0.0.1/</link>{items}</channel></rss>")


@pytest.fixture
def served(httpserver: HTTPServer) -> Iterator[list[str]]:
    """The feed's titles, newest last; the test appends to it between polls."""
    titles = ["Gardening in winter", "Knitting for beginners"]

    def respond(_request: Request) -> Response:
        return Response(feed(list(reversed(titles))), content_type="application/rss+xml")

    httpserver.expect_request("/bells.xml").respond_with_handler(respond)
    yield titles


def notified(paths: Paths, title: str) -> bool:
    conn = connect(paths.db, readonly=True)
    try:
        row = conn.execute("SELECT notified_at FROM items WHERE title = ?", (title,)).fetchone()
        return row is not None and row[0] is not None
    finally:
        conn.close()


def bell(window: InboxWindow, title: str) -> Any:
    model = window.model
    for r in range(model.rowCount()):
        if title in model.index(r, 0).data():
            return model.index(r, 0).data(Qt.ItemDataRole.DecorationRole)
    raise AssertionError(f"{title!r} is not in the inbox")


def is_read(paths: Paths, title: str) -> bool:
    conn = connect(paths.db, readonly=True)
    try:
        row = conn.execute("SELECT read FROM items WHERE title = ?", (title,)).fetchone()
        return row is not None and bool(row[0])
    finally:
        conn.close()


def bold(window: InboxWindow, title: str) -> bool:
    model = window.model
    for r in range(model.rowCount()):
        if title in model.index(r, 0).data():
            font = model.index(r, 0).data(Qt.ItemDataRole.FontRole)
            return font is not None and font.bold()
    raise AssertionError(f"{title!r} is not in the inbox")


def notify_now(qtbot: QtBot, bridge: Any, item_id: int, title: str) -> None:
    """Record a bubble for the item and emit it, as a round's ``_after_round`` does."""
    def notify_it(engine: Any) -> NotificationPlanned:
        with engine._db_lock, engine.conn:
            nid = add_notification(engine.conn, time.time(), "single", title, "Bells",
                                   "your interest", (item_id,))
        note = NotificationPlanned(nid, "single", title, "Bells", "your interest", (item_id,))
        engine.emit(note)
        return note

    with qtbot.waitSignal(bridge.notificationPlanned, timeout=10_000):
        call(qtbot, bridge, notify_it)


def test_an_item_notified_while_the_inbox_is_open_gets_the_bell(
        qtbot: QtBot, bridge: Any, paths: Paths, httpserver: HTTPServer,
        served: list[str]) -> None:
    """A round emits ``ItemsAdded`` before it decides and records its notifications: the inbox
    has shown the new row (no bell yet) when ``NotificationPlanned`` comes; the row must then
    get its bell. A live session showed it without one until the item was liked."""
    source = call(qtbot, bridge,
                  lambda e: e.add_source("feed", httpserver.url_for("/bells.xml")))
    call(qtbot, bridge, lambda e: e.poll())  # the backlog: silent
    # muted for this round, so that the test decides when the item is notified
    call(qtbot, bridge, lambda e: e.update_source(source.id, muted=True))
    served.append("Rust compiler gets faster")
    call(qtbot, bridge, lambda e: e.poll_all())
    reader = Reader(paths.db)
    try:
        window = InboxWindow(bridge, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
        title = "Rust compiler gets faster"
        assert bell(window, title) is None
        items = call(qtbot, bridge, lambda e: e.items())
        item = next(i for i in items if i.title == title)
        # the person reads another item (the one shown is re-read when it is marked read)
        other = next(i for i in items if i.title == "Gardening in winter")
        window.show_item(other.id)
        qtbot.waitUntil(lambda: window.pane.item is not None and window.pane.item.id == other.id)
        qtbot.waitUntil(lambda: is_read(paths, other.title), timeout=READ_AFTER_MS + 5000)
        qtbot.waitUntil(lambda: not bold(window, other.title), timeout=5000)  # its row re-read

        notify_now(qtbot, bridge, item.id, title)
        assert notified(paths, title)
        qtbot.waitUntil(lambda: bell(window, title) is not None, timeout=5000)
        assert not bell(window, title).isNull()
        assert bell(window, "Gardening in winter") is None
    finally:
        reader.close()


def test_an_item_notified_joins_the_notified_view(
        qtbot: QtBot, bridge: Any, paths: Paths, httpserver: HTTPServer,
        served: list[str]) -> None:
    """With Show → Notified, the items of a bubble (a digest at the end of quiet hours, say)
    joined the list only when it was loaded again."""
    from notify.app.inbox import query

    source = call(qtbot, bridge,
                  lambda e: e.add_source("feed", httpserver.url_for("/bells.xml")))
    call(qtbot, bridge, lambda e: e.poll())
    call(qtbot, bridge, lambda e: e.update_source(source.id, muted=True))
    served.append("Rust compiler gets faster")
    call(qtbot, bridge, lambda e: e.poll_all())
    items = call(qtbot, bridge, lambda e: e.items())
    first = next(i for i in items if i.title == "Gardening in winter")
    notify_now(qtbot, bridge, first.id, first.title)
    reader = Reader(paths.db)
    try:
        window = InboxWindow(bridge, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.filter_box.count() == 6 + 1, timeout=5000)  # + Bells
        window.set_view(query.VIEW_NOTIFIED)
        qtbot.waitUntil(lambda: window.model.filter.view == query.VIEW_NOTIFIED
                        and window.model.rowCount() == 1, timeout=5000)
        rust = next(i for i in items if i.title == "Rust compiler gets faster")
        notify_now(qtbot, bridge, rust.id, rust.title)
        qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
        assert bell(window, rust.title) is not None
        qtbot.wait(200)
        assert window.model.rowCount() == 2  # not inserted twice
    finally:
        reader.close()

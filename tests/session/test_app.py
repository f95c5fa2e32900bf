"""The whole app in a real session: engine in its thread, bubbles in dunst, Like through
dunst's own action menu stored by the engine, tokens in the Secret Service only, screenshots."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSystemTrayIcon
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.bridge import default_factory
from notify.app.notifier.freedesktop import FreedesktopNotifier
from notify.app.shell import Shell
from notify.core.events import NotificationPlanned
from notify.core.paths import Paths
from notify.core.store.db import connect
from tests.session.conftest import displayed, dunstctl, history, pick_action

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Session news</title><link>http://127.0.0.1/</link>
<item><title>Rust compiler gets faster</title><link>http://127.0.0.1/1</link><guid>1</guid>
<description>rust compiler speed</description></item>
<item><title>Gardening in winter</title><link>http://127.0.0.1/2</link><guid>2</guid>
<description>gardening tips</description></item>
</channel></rss>"""


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


def call(qtbot: QtBot, shell: Shell, fn: Any, timeout: int = 10_000) -> Any:
    out: list[Any] = []
    errors: list[BaseException] = []
    shell.bridge.submit(fn, out.append, errors.append)
    qtbot.waitUntil(lambda: bool(out or errors), timeout=timeout)
    if errors:
        raise errors[0]
    return out[0]


@pytest.fixture
def shell(qtbot: QtBot, tmp_path: Path) -> Iterator[Shell]:
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=10_000)
    paths = Paths(tmp_path / "data").ensure()
    s = Shell(paths, default_factory(str(paths.data_dir)))
    assert isinstance(s.notifier, FreedesktopNotifier)
    with qtbot.waitSignal(s.bridge.started, timeout=10_000):
        s.start()
    qtbot.waitUntil(lambda: s.firstrun is not None, timeout=5000)  # no sources yet
    s.firstrun.reject()
    yield s
    s.notifier.shutdown()
    s.bridge.stop()
    s.reader.close()
    if s.tray is not None:
        s.tray.hide()


def test_like_in_dunst_is_stored_by_the_engine(qtbot: QtBot, shell: Shell,
                                               httpserver: HTTPServer, shots_dir: Path) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    call(qtbot, shell, lambda e: e.add_source("feed", httpserver.url_for("/feed.xml")))
    call(qtbot, shell, lambda e: e.poll())
    items = call(qtbot, shell, lambda e: e.items())
    rust = next(i for i in items if i.title.startswith("Rust"))
    note = NotificationPlanned(901, "single", rust.title, "rust compiler speed",
                               "matches your interest 'rust'", (rust.id,), ())
    # the person left the inbox (Notify goes on in the tray): its count is of items notified
    # since; while the inbox is the active window nothing is counted (they arrive before them)
    if shell.inbox is not None:
        shell.inbox.close()
    # the engine's own emit, on its thread, exactly as a poll round does it
    call(qtbot, shell, lambda e: e.emit(note))
    notifier = shell.notifier
    assert isinstance(notifier, FreedesktopNotifier)
    qtbot.waitUntil(lambda: len(notifier.shown_ids) == 1 and displayed() == 1, timeout=5000)
    assert shell.tray is not None and shell.tray.count == 1
    qtbot.wait(300)
    screen = QGuiApplication.primaryScreen().grabWindow(0)
    assert screen.save(str(shots_dir / "screen-bubble.png"))
    pick_action(f"[{notifier.shown_ids[0]},like]")
    with qtbot.waitSignal(notifier.reacted, timeout=10_000):
        subprocess.Popen(["dunstctl", "context"]).wait(10)
    conn = connect(shell.paths.db, readonly=True)
    try:
        qtbot.waitUntil(lambda: conn.execute(
            "SELECT count(*) FROM feedback WHERE item_id = ? AND label = 'like'",
            (rust.id,)).fetchone()[0] == 1, timeout=5000)
        assert conn.execute("SELECT reaction FROM items WHERE id = ?",
                            (rust.id,)).fetchone()[0] == "like"
        assert conn.execute("SELECT count(*) FROM profile").fetchone()[0] > 0
    finally:
        conn.close()


def test_the_bubble_says_why_in_words(qtbot: QtBot, shell: Shell,
                                      httpserver: HTTPServer) -> None:
    """The bubble said "Why: 59% likely to interest you"; the reason is the interest the
    person stated, as the inbox's Why panel says it."""
    from notify.core.ranking.profile import parse_term

    httpserver.expect_request("/why.xml").respond_with_data(
        RSS, content_type="application/rss+xml")
    call(qtbot, shell, lambda e: e.add_source("feed", httpserver.url_for("/why.xml")))
    call(qtbot, shell, lambda e: e.poll())
    call(qtbot, shell, lambda e: e.ranking().interests([parse_term("rust")]))
    items = call(qtbot, shell, lambda e: e.items())
    rust = next(i for i in items if i.title.startswith("Rust"))
    note = NotificationPlanned(902, "single", rust.title, "Session news",
                               "59% likely to interest you", (rust.id,), ())
    call(qtbot, shell, lambda e: e.emit(note))
    qtbot.waitUntil(lambda: displayed() == 1, timeout=5000)
    dunstctl("close-all")
    qtbot.waitUntil(lambda: bool(history()), timeout=5000)
    body = str(history()[0]["body"]["data"])  # type: ignore[index]
    assert "Why: you said you&#x27;re interested in “rust”" in body, body
    assert "%" not in body, body


def test_token_goes_to_the_secret_service_only(qtbot: QtBot, shell: Shell,
                                               shots_dir: Path) -> None:
    from notify.core import secrets

    token = "canary-app-token-7f3a9c"
    shell.open_settings()
    page = shell.settings.sources
    page.add_kind.setCurrentIndex(page.add_kind.findData("json"))
    page.add_url.setText("http://127.0.0.1:9/api/items.json")
    secret_widgets = [w for s, w in page.add_form.widgets.items() if s == "token_ref"]
    assert secret_widgets, "the JSON API kind declares a token setting"
    secret_widgets[0].setText(token)  # type: ignore[attr-defined]
    page.add_button.click()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=15_000)
    source = call(qtbot, shell, lambda e: e.sources()[0])
    ref = source.settings["token_ref"]
    assert secrets.is_ref(ref) and token not in ref
    assert secrets.lookup(ref) == token
    shell.settings.show()
    qtbot.wait(200)
    assert shell.settings.grab().save(str(shots_dir / "settings-xcb.png"))
    call(qtbot, shell, lambda e: e.stop())  # flush WAL into the file before searching it
    for path in shell.paths.data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), f"the token leaked into {path}"


def test_inbox_window_in_the_session(qtbot: QtBot, shell: Shell, shots_dir: Path) -> None:
    shell.open_inbox()
    assert shell.inbox.isVisible()
    shell.inbox.search.setFocus()
    qtbot.keyClick(shell.inbox.search, Qt.Key.Key_Escape)
    qtbot.wait(200)
    assert shell.inbox.grab().save(str(shots_dir / "inbox-xcb.png"))


def test_a_click_on_a_failing_sources_bubble_opens_its_settings(
        qtbot: QtBot, shell: Shell, httpserver: HTTPServer, shots_dir: Path) -> None:
    """A walkthrough: the bubble "Beta News failed 2 times in a row" said what to do in
    Settings → Sources, and a click on it did nothing. Clicked in dunst, it opens them, the
    failing source selected."""
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    source = call(qtbot, shell, lambda e: e.add_source(
        "feed", httpserver.url_for("/gone.xml"), title="Beta News"))
    if shell.inbox is not None:
        shell.inbox.close()
    for _ in range(2):
        call(qtbot, shell, lambda e: e.poll([source.id]))
    qtbot.waitUntil(lambda: displayed() == 1, timeout=10_000)
    assert shell.settings is None or not shell.settings.isVisible()
    dunstctl("action", "0")  # the default action: a click on the bubble
    qtbot.waitUntil(lambda: shell.settings is not None and shell.settings.isVisible(),
                    timeout=10_000)
    page = shell.settings.sources

    def selected() -> bool:  # once the list read the sources
        item = page.list.item(source.id)
        return (item is not None and page.tree.currentItem() is item and item.isSelected()
                and page.current == source.id)

    qtbot.waitUntil(selected, timeout=10_000)
    assert page.editor.isEnabled()
    assert shell.settings.tabs.currentWidget() is shell.settings.slots["sources"]
    qtbot.waitUntil(lambda: displayed() == 0, timeout=5000)
    qtbot.wait(300)
    screen = QGuiApplication.primaryScreen().grabWindow(0)
    assert screen.save(str(shots_dir / "settings-from-notice.png"))

"""Settings → Sources → the editor's Address: a feed that moved is given its new address in the
app (it could only be changed with ``notify sources edit --url``), checked as an added one is,
against the real engine (offscreen) and feeds on 127.0.0.1."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Request, Response

from notify.app.settings import feed_picker
from notify.app.settings.window import SettingsWindow
from tests.app.settings.test_pages import engine_call

OLD = """<?xml version="1.0"?><rss version="2.0"><channel><title>Old feed</title>
<link>http://example.org/</link><item><title>Kept item</title><guid>k1</guid></item>
</channel></rss>"""
NEW = OLD.replace("Old feed", "New feed").replace("Kept item", "New item").replace("k1", "n1")
RSS_TYPE = "application/rss+xml"


def select_only_source(qtbot: QtBot, window: SettingsWindow) -> None:
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    assert page.editor.isEnabled()


def add_polled(qtbot: QtBot, window: SettingsWindow, bridge: Any, url: str) -> None:
    """Add ``url`` as a person does; a new source is polled at once (which names it)."""
    page = window.sources
    page.add_url.setText(url)
    with qtbot.waitSignal(bridge.pollFinished, timeout=15_000):
        page.add_button.click()


def test_a_moved_feed_gets_its_new_address_keeps_its_items_and_follows_the_new_name(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old.xml").respond_with_data(OLD, content_type=RSS_TYPE)
    httpserver.expect_request("/new.xml").respond_with_data(NEW, content_type=RSS_TYPE)
    add_polled(qtbot, window, bridge, httpserver.url_for("/old.xml"))
    source = engine_call(qtbot, bridge, lambda e: e.sources()[0])
    assert source.title == "Old feed"
    page = window.sources
    select_only_source(qtbot, window)
    assert not page.address.isReadOnly()
    page.address.setText(httpserver.url_for("/new.xml"))
    page.save_button.click()
    qtbot.waitUntil(lambda: window.status.full_text == "Saved New feed.", timeout=10_000)
    moved = engine_call(qtbot, bridge, lambda e: e.source(source.id))
    assert (moved.url, moved.title) == (httpserver.url_for("/new.xml"), "New feed")
    titles = engine_call(qtbot, bridge, lambda e: [
        r[0] for r in e.conn.execute("SELECT title FROM items WHERE source_id = ?",
                                     (source.id,))])
    assert "Kept item" in titles  # its items stay (the new feed is polled soon after)
    qtbot.waitUntil(lambda: page.address.text() == httpserver.url_for("/new.xml"),
                    timeout=5000)


def test_a_name_the_person_gave_is_kept_when_the_address_changes(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/new.xml").respond_with_data(NEW, content_type=RSS_TYPE)
    engine_call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/gone.xml",
                                                      "My news"))
    page = window.sources
    select_only_source(qtbot, window)
    page.address.setText(httpserver.url_for("/new.xml"))
    page.address.returnPressed.emit()  # Enter in the field saves, as in the other fields
    qtbot.waitUntil(lambda: window.status.full_text == "Saved My news.", timeout=10_000)
    assert engine_call(qtbot, bridge, lambda e: e.sources()[0].url) \
        == httpserver.url_for("/new.xml")


def test_an_address_that_does_not_answer_changes_nothing_and_says_why(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    engine_call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml", "A"))
    page = window.sources
    select_only_source(qtbot, window)
    page.name.setText("Renamed")
    page.address.setText("http://127.0.0.1:9/typo.xml")
    page.save_button.click()
    qtbot.waitUntil(lambda: "was not saved" in window.status.full_text, timeout=15_000)
    text = window.status.full_text
    assert "127.0.0.1:9/typo.xml" in text and "still uses http://127.0.0.1:9/a.xml" in text
    source = engine_call(qtbot, bridge, lambda e: e.sources()[0])
    assert (source.url, source.title) == ("http://127.0.0.1:9/a.xml", "A")  # nothing saved


def test_a_web_page_with_several_feeds_asks_which_one(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    httpserver.expect_request("/").respond_with_data(
        '<html><head>'
        f'<link rel="alternate" type="application/rss+xml" title="News" '
        f'href="{httpserver.url_for("/news.xml")}">'
        f'<link rel="alternate" type="application/rss+xml" title="Blog" '
        f'href="{httpserver.url_for("/new.xml")}">'
        '</head><body>hi</body></html>', content_type="text/html")
    httpserver.expect_request("/new.xml").respond_with_data(NEW, content_type=RSS_TYPE)
    asked: list[list[str]] = []

    def pick_second(_parent: Any, _title: str, _label: str, labels: list[str], *_a: Any,
                    **_kw: Any) -> int:
        asked.append(labels)
        return 1

    monkeypatch.setattr(feed_picker, "choose", pick_second)
    engine_call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml"))
    page = window.sources
    select_only_source(qtbot, window)
    page.address.setText(httpserver.url_for("/"))
    page.save_button.click()
    qtbot.waitUntil(lambda: window.status.full_text.startswith("Saved"), timeout=10_000)
    assert [label.split(" — ")[0] for label in asked[0]] == ["News", "Blog"]
    assert engine_call(qtbot, bridge, lambda e: e.sources()[0].url) \
        == httpserver.url_for("/new.xml")


def test_an_address_shown_with_a_hidden_secret_is_not_used_as_it_is(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    url = "http://127.0.0.1:9/feed.xml?token=s3cretvalue"
    engine_call(qtbot, bridge, lambda e: e.add_source("feed", url, "Private"))
    page = window.sources
    select_only_source(qtbot, window)
    assert "s3cretvalue" not in page.address.text() and "•••" in page.address.text()
    page.save_button.click()  # the address untouched: other fields save as before
    qtbot.waitUntil(lambda: window.status.full_text == "Saved Private.", timeout=5000)
    page.address.setText(page.address.text().replace("feed.xml", "other.xml"))
    page.save_button.click()
    assert "where a secret is hidden" in window.status.full_text
    assert engine_call(qtbot, bridge, lambda e: e.sources()[0].url) == url


def test_an_address_made_from_settings_cannot_be_typed(
        qtbot: QtBot, window: SettingsWindow, bridge: Any) -> None:
    engine_call(qtbot, bridge, lambda e: e.add_source("hackernews", "",
                                                      settings={"list": "best"}))
    page = window.sources
    select_only_source(qtbot, window)
    assert page.address.isReadOnly()
    assert "settings" in page.address.toolTip()


def test_what_is_typed_in_the_editor_stays_when_a_poll_changes_the_source(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    """A source's first poll names it, which filled the editor again: what the person was
    typing in Address (or Group) was lost. Fields they did not touch follow the source."""
    release = threading.Event()

    def held(_request: Request) -> Response:  # the first poll waits until the typing is done
        release.wait(10)
        return Response(OLD, content_type=RSS_TYPE)

    httpserver.expect_request("/old.xml").respond_with_handler(held)
    engine_call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/old.xml")))
    page = window.sources
    select_only_source(qtbot, window)
    assert page.name.text() != "Old feed"  # named after its host until its first poll
    typed = httpserver.url_for("/moved.xml")
    page.address.setText(typed)
    page.group.setText("Reading")
    release.set()
    qtbot.waitUntil(lambda: page.name.text() == "Old feed", timeout=10_000)  # it followed
    assert (page.address.text(), page.group.text()) == (typed, "Reading")  # they stayed

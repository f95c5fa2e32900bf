"""Settings → Sources: a source whose address gives a web page that announces feeds is switched
to one of them in one click ("Use the page's feed…"), keeping its items, group, interval and a
name the person gave; several feeds are chosen among in the feed picker, as adding a web page
does. Against the real engine (offscreen) and a site on 127.0.0.1 whose answer changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Response

from notify.app.settings import feed_picker
from notify.app.settings.window import SettingsWindow
from tests.app.conftest import call

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>{0}</title>
<link>http://example.org/</link><item><title>{1}</title><guid>{1}</guid></item>
</channel></rss>"""
RSS_TYPE = "application/rss+xml"


class Site:
    """``/`` answers with ``self.home`` (a feed at first, a web page later)."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.home = FEED.format("Old home feed", "Kept story")
        self.type = RSS_TYPE
        server.expect_request("/").respond_with_handler(
            lambda _r: Response(self.home, content_type=self.type))

    def becomes_a_page(self, *feeds: tuple[str, str]) -> None:
        """``/`` a web page announcing ``feeds`` (title, path), each served as a feed."""
        links = "".join(f'<link rel="alternate" type="{RSS_TYPE}" title="{title}" '
                        f'href="{self.server.url_for(path)}">' for title, path in feeds)
        self.home, self.type = (f"<html><head><title>Site</title>{links}</head>"
                                "<body>Our new site</body></html>"), "text/html"
        for title, path in feeds:
            self.server.expect_request(path).respond_with_handler(
                lambda _r, t=title: Response(FEED.format(t, f"{t} story"),
                                             content_type=RSS_TYPE))


def failing_page_source(qtbot: QtBot, bridge: Any, site: Site, *feeds: tuple[str, str],
                        title: str = "") -> Any:
    """A source at the site's home, polled as a feed (its item stored), then polled again
    once the home is a web page announcing ``feeds``."""
    source = call(qtbot, bridge, lambda e: e.add_source(
        "feed", site.server.url_for("/"), title, group="News", interval_s=3600))
    call(qtbot, bridge, lambda e: e.poll([source.id]))
    site.becomes_a_page(*feeds)
    call(qtbot, bridge, lambda e: e.poll([source.id]))
    return source


def shown(qtbot: QtBot, window: SettingsWindow) -> Any:
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    qtbot.waitUntil(lambda: "web page" in page.health.text(), timeout=10_000)
    return page


def said(qtbot: QtBot, window: SettingsWindow, start: str) -> str:
    qtbot.waitUntil(lambda: window.status.full_text.startswith(start), timeout=10_000)
    return window.status.full_text


def titles_of(qtbot: QtBot, bridge: Any, source_id: int) -> list[str]:
    return call(qtbot, bridge, lambda e: [r[0] for r in e.conn.execute(
        "SELECT title FROM items WHERE source_id = ? ORDER BY id", (source_id,))])


def test_one_click_switches_a_source_to_the_one_feed_its_page_announces(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        shots_dir: Path) -> None:
    site = Site(httpserver)
    source = failing_page_source(qtbot, bridge, site, ("Site news", "/news.xml"),
                                 title="My site")
    page = shown(qtbot, window)
    button = page.editor.page_feed
    assert button.isVisible() and button.isEnabled()
    assert httpserver.url_for("/news.xml") in button.toolTip()
    assert "press “Use the page's feed…” under its health" in page.health.text()
    window.grab().save(str(shots_dir / "page-feed-button.png"))
    button.click()
    text = said(qtbot, window, "My site now follows")
    assert httpserver.url_for("/news.xml") in text
    moved = call(qtbot, bridge, lambda e: e.source(source.id))
    assert (moved.url, moved.title, moved.group, moved.interval_s) == (
        httpserver.url_for("/news.xml"), "My site", "News", 3600)
    # the editor shows the new address
    qtbot.waitUntil(lambda: page.address.text() == httpserver.url_for("/news.xml"),
                    timeout=5000)
    # its history stays; the new feed is polled at once (the engine's own round)
    qtbot.waitUntil(lambda: "Site news story" in titles_of(qtbot, bridge, source.id),
                    timeout=15_000)
    assert titles_of(qtbot, bridge, source.id)[0] == "Kept story"
    qtbot.waitUntil(lambda: "web page" not in page.health.text(), timeout=10_000)
    assert not button.isVisible()  # the source reads its feed: nothing to switch


def test_a_page_with_several_feeds_asks_which_one_and_cancel_changes_nothing(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    site = Site(httpserver)
    source = failing_page_source(qtbot, bridge, site, ("Site news", "/news.xml"),
                                 ("Site blog", "/blog.xml"))
    answers: list[int | None] = [None, 1]  # Cancel, then the second feed
    asked: list[tuple[str, list[str]]] = []

    def choose(_parent: Any, _title: str, question: str, labels: list[str], _first: int = 0,
               **_kw: Any) -> int | None:
        asked.append((question, labels))
        return answers.pop(0)

    monkeypatch.setattr(feed_picker, "choose", choose)
    page = shown(qtbot, window)
    page.editor.page_feed.click()
    assert "Nothing changed" in said(qtbot, window, "Nothing changed")
    question, labels = asked[0]
    assert "offers 2 feeds. Choose the one it follows from now on" in question
    assert [label.split(" — ")[0] for label in labels] == ["Site news", "Site blog"]
    assert call(qtbot, bridge, lambda e: e.source(source.id)).url == httpserver.url_for("/")
    page.editor.page_feed.click()
    said(qtbot, window, "Site blog now follows")  # a name Notify gave follows the feed's own
    moved = call(qtbot, bridge, lambda e: e.source(source.id))
    assert (moved.url, moved.group) == (httpserver.url_for("/blog.xml"), "News")


def test_no_switch_is_offered_where_the_page_announces_no_feed_or_the_error_is_another(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    site = Site(httpserver)
    failing_page_source(qtbot, bridge, site)  # a web page that announces no feed
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/down.xml", "Down"))
    call(qtbot, bridge, lambda e: e.poll())
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=10_000)
    for row in range(2):
        page.tree.setCurrentItem(page.tree.topLevelItem(row))
        qtbot.waitUntil(lambda: "Last error" in page.health.text(), timeout=10_000)
        assert not page.editor.page_feed.isVisible(), page.health.text()


def test_a_page_whose_feeds_are_all_sources_already_says_which_and_changes_nothing(
        qtbot: QtBot, window: SettingsWindow, bridge: Any, httpserver: HTTPServer) -> None:
    site = Site(httpserver)
    source = failing_page_source(qtbot, bridge, site, ("Site news", "/news.xml"),
                                 title="My site")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/news.xml"),
                                               "Site news feed"))
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 2, timeout=10_000)
    page.choose_source(source.id)
    qtbot.waitUntil(lambda: page.editor.page_feed.isVisible(), timeout=10_000)
    page.editor.page_feed.click()
    text = said(qtbot, window, "Every feed")
    assert text.endswith("already: Site news feed. Remove My site if you no longer need it.")
    assert call(qtbot, bridge, lambda e: e.source(source.id)).url == httpserver.url_for("/")

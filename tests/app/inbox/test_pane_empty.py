"""The item pane with no item says what to do next, once (the footer says the fact): with no
source, Add a source (Settings → Sources); with sources but no item yet, when they are polled,
and Poll now; with a filter or a search that hides every item, Show all items."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from notify.app.inbox.empty_state import EmptyInbox, Step, empty_words
from notify.app.inbox.pane import ItemPane
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import call

EMPTY_RSS = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Quiet feed</title>"
             "<link>http://example.org/</link></channel></rss>")


@pytest.fixture
def reader(paths: Paths, bridge: Any) -> Iterator[Reader]:
    r = Reader(paths.db)  # the database the bridge's engine made
    yield r
    r.close()


def test_each_empty_inbox_says_its_next_step() -> None:
    now = time.mktime((2026, 11, 30, 14, 0, 0, 0, 0, -1))
    assert empty_words(EmptyInbox(sources=0)).step is Step.ADD_SOURCE
    assert empty_words(EmptyInbox(sources=0)).button == "Add a source…"
    waiting = empty_words(EmptyInbox(sources=3, enabled=3, next_poll=now + 300), now)
    assert waiting.step is Step.POLL
    assert waiting.text == "Notify polls your 3 sources next at 14:05."
    assert "within a minute" in empty_words(EmptyInbox(sources=1, enabled=1, next_poll=now),
                                            now).text
    polling = empty_words(EmptyInbox(sources=1000, enabled=1000, polling=True), now)
    assert polling.step is Step.NONE and "your 1,000 sources" in polling.text
    assert "Enable one" in empty_words(EmptyInbox(sources=2, enabled=0)).text
    hidden = empty_words(EmptyInbox(sources=2, enabled=2, filtered=True))
    assert (hidden.step, hidden.button) == (Step.SHOW_ALL, "Show all items")
    # the footer says what the view holds ("No item matches “rust”."): the pane not again
    assert "matches" not in hidden.title + hidden.text
    caught_up = empty_words(EmptyInbox(sources=2, enabled=2, filtered=True, caught_up=True))
    assert caught_up.title == "You're all caught up"  # Show → Unread, none left
    assert (caught_up.step, caught_up.button) == (Step.SHOW_ALL, "Show all items")


def test_the_pane_of_an_empty_inbox_offers_the_next_step(qtbot: QtBot,
                                                         shots_dir: Path) -> None:
    """Regression: it showed only "No item selected" (and greyed-out Like, Dismiss, Open)."""
    pane = ItemPane()
    qtbot.addWidget(pane)
    pane.resize(480, 400)
    pane.show()
    pane.show_empty(EmptyInbox(sources=0))
    assert pane.title.text() == "Add a source to start"
    assert pane.empty_button.isVisible() and pane.empty_button.text() == "Add a source…"
    assert not any(b.isVisible() for b in pane.buttons.values())
    pane.grab().save(str(shots_dir / "pane-empty-no-source.png"))
    with qtbot.waitSignal(pane.nextStep) as said:
        pane.empty_button.click()
    assert said.args == ["add-source"]


def test_no_source_opens_settings_on_sources(qtbot: QtBot, bridge: Any, reader: Reader,
                                             shots_dir: Path) -> None:
    window = InboxWindow(bridge, reader)
    qtbot.addWidget(window)
    window.resize(820, 600)
    window.show()
    qtbot.waitUntil(lambda: window.pane.empty.sources == 0, timeout=5000)
    assert window.pane.title.text() == "Add a source to start"
    assert window.status.text() == "No items yet."  # the fact, once; the step in the pane
    window.grab().save(str(shots_dir / "inbox-empty-no-source.png"))
    # nothing item-specific without an item (a stray ☆ Save stood above the next step)
    assert [b.objectName() for b in window.pane.findChildren(QAbstractButton)
            if b.isVisible()] == ["pane-next-step"]
    with qtbot.waitSignal(window.empty_watch.sourcesRequested):
        window.pane.empty_button.click()


def test_sources_without_items_say_when_they_are_polled(qtbot: QtBot, bridge: Any,
                                                        reader: Reader, httpserver: Any) -> None:
    # a feed that works and lists nothing (the schedule polls it at once: one that failed
    # would be said to fail)
    httpserver.expect_request("/a.xml").respond_with_data(
        EMPTY_RSS, content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/a.xml"), title="A"))
    window = InboxWindow(bridge, reader)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.pane.empty.sources == 1, timeout=5000)
    assert window.pane.title.text() in ("Waiting for the first items", "Fetching your sources…")
    assert "your source" in window.pane.empty_note.text()


def test_a_search_hiding_everything_offers_show_all(qtbot: QtBot, small_db: Path) -> None:
    reader = Reader(small_db)
    try:
        window = InboxWindow(None, reader)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
        window.search.setText("nothing-has-this-word")
        qtbot.waitUntil(lambda: window.pane.item is None, timeout=3000)
        qtbot.waitUntil(lambda: window.pane.empty_button.isVisible(), timeout=3000)
        assert window.pane.empty_button.text() == "Show all items"
        assert not window.pane.save_button.isVisible()  # no item: nothing to save
        window.pane.empty_button.click()
        assert window.search.text() == "" and window.filter_box.currentIndex() == 0
        qtbot.waitUntil(lambda: window.pane.item is not None, timeout=3000)
        assert not window.pane.empty_button.isVisible()
        assert window.pane.save_button.isVisible()
    finally:
        reader.close()


def failing_inbox(qtbot: QtBot, bridge: Any, reader: Reader, httpserver: Any,
                  broken: int, quiet: int = 0) -> tuple[InboxWindow, list[int]]:
    """An inbox over the real engine after one poll of ``broken`` sources answering 404 and
    ``quiet`` ones that work but list nothing: no item at all. Returns the broken ones' ids."""
    ids = []
    for n in range(broken):
        httpserver.expect_request(f"/gone{n}.xml").respond_with_data("gone", status=404)
        ids.append(int(call(qtbot, bridge, lambda e, n=n: e.add_source(
            "feed", httpserver.url_for(f"/gone{n}.xml"), title=f"Gone {n}")).id))
    for n in range(quiet):
        httpserver.expect_request(f"/quiet{n}.xml").respond_with_data(
            EMPTY_RSS, content_type="application/rss+xml")
        call(qtbot, bridge, lambda e, n=n: e.add_source(
            "feed", httpserver.url_for(f"/quiet{n}.xml"), title=f"Quiet {n}"))
    call(qtbot, bridge, lambda e: e.poll())
    window = InboxWindow(bridge, reader)
    qtbot.addWidget(window)
    window.resize(820, 600)
    window.show()
    return window, ids


def test_an_inbox_whose_every_source_failed_says_so(
        qtbot: QtBot, bridge: Any, reader: Reader, httpserver: Any, shots_dir: Path) -> None:
    """A new user's offline first run: every source failed, and the empty inbox said "Waiting
    for the first items. Notify polls your 26 sources next at 19:04." as if all were well."""
    window, ids = failing_inbox(qtbot, bridge, reader, httpserver, broken=3)
    pane = window.pane
    qtbot.waitUntil(lambda: pane.title.text() == "None of your 3 sources could be read",
                    timeout=5000)
    note = pane.empty_note.text()
    # the error as the engine keeps it for the first one (its source health), what to do
    error = call(qtbot, bridge, lambda e: e.source_state(ids[0])).last_error
    assert "HTTP 404" in error and "Gone 0\u2069: " in note and "HTTP 404" in note
    assert "each one's error" in note
    assert "offline" not in note  # servers that answer 404: not this computer's network
    assert pane.empty_button.text() == "Open Sources…"
    assert pane.empty_part.more_button.isVisible()
    assert pane.empty_part.more_button.text() == "Poll now"
    window.grab().save(str(shots_dir / "inbox-empty-every-source-failing.png"))
    with qtbot.waitSignal(window.empty_watch.sourcesRequested) as asked:
        pane.empty_button.click()
    assert asked.args == [ids]  # the failing ones, the first to select first


def test_sources_whose_servers_cannot_be_reached_say_the_computer_seems_offline(
        qtbot: QtBot, bridge: Any, reader: Reader, httpserver: Any, shots_dir: Path) -> None:
    """The offline first run: every server unreachable (here: connections refused), by the
    kind of failure the engine stores for each source, not by its message."""
    for n in range(3):
        call(qtbot, bridge, lambda e, n=n: e.add_source(
            "feed", f"http://127.0.0.1:9/down{n}.xml", title=f"Down {n}"))
    call(qtbot, bridge, lambda e: e.poll())
    window = InboxWindow(bridge, reader)
    qtbot.addWidget(window)
    window.resize(820, 600)
    window.show()
    qtbot.waitUntil(lambda: window.pane.title.text() == "None of your 3 sources could be read",
                    timeout=5000)
    note = window.pane.empty_note.text()
    assert note.startswith("This computer seems to be offline: their servers could not be "
                           "reached. Check its internet connection.")
    assert "Down 0" in note
    window.grab().save(str(shots_dir / "inbox-empty-offline.png"))


def test_most_sources_failing_and_no_item_say_how_many(
        qtbot: QtBot, bridge: Any, reader: Reader, httpserver: Any) -> None:
    window, _ids = failing_inbox(qtbot, bridge, reader, httpserver, broken=2, quiet=1)
    qtbot.waitUntil(lambda: window.pane.title.text()
                    == "2 of your 3 sources could not be read", timeout=5000)
    assert window.pane.empty_note.text().startswith("The others have no items yet")


def test_some_sources_failing_and_no_item_yet_say_how_many_failed(
        qtbot: QtBot, bridge: Any, reader: Reader, httpserver: Any, shots_dir: Path) -> None:
    window, ids = failing_inbox(qtbot, bridge, reader, httpserver, broken=1, quiet=2)
    pane = window.pane
    qtbot.waitUntil(lambda: "1 of them failed" in pane.empty_note.text(), timeout=5000)
    assert pane.title.text() == "Waiting for the first items"
    assert "Gone 0" in pane.empty_note.text() and "HTTP 404" in pane.empty_note.text()
    assert (pane.empty_button.text(), pane.empty_part.more_button.text()) == (
        "Poll now", "Open Sources…")
    window.grab().save(str(shots_dir / "inbox-empty-one-source-failing.png"))
    with qtbot.waitSignal(window.empty_watch.sourcesRequested) as asked:
        pane.empty_part.more_button.click()
    assert asked.args == [ids]


def test_each_failing_empty_inbox_words() -> None:
    now = time.mktime((2026, 11, 30, 14, 0, 0, 0, 0, -1))
    one = empty_words(EmptyInbox(sources=1, enabled=1, next_poll=now + 300, failing=(4,),
                                 failure="A: it failed."), now)
    assert one.title == "Your source could not be read"
    assert one.text == "A: it failed.\nNotify tries again next at 14:05."
    assert (one.step, one.more) == (Step.FAILING, Step.POLL)
    # a source disabled by the person is not counted: 2 enabled, both failing
    both = empty_words(EmptyInbox(sources=3, enabled=2, failing=(1, 2), failure="A: x."), now)
    assert both.title == "None of your 2 sources could be read"
    few = empty_words(EmptyInbox(sources=26, enabled=26, next_poll=now + 300,
                                 failing=(1, 2, 3), failure="A: x."), now)
    assert few.title == "Waiting for the first items"
    assert few.text.splitlines()[1].startswith("3 of them failed at their last poll")
    assert (few.step, few.more) == (Step.POLL, Step.FAILING)
    # polling: what the round finds says it next
    assert empty_words(EmptyInbox(sources=2, enabled=2, failing=(1, 2), polling=True),
                       now).title == "Fetching your sources…"


@pytest.fixture
def app_shell(qtbot: QtBot, paths: Paths) -> Iterator[Any]:
    """The app's shell (no tray, Notify's own popups), started over ``paths``."""
    from notify.app.bridge import default_factory
    from notify.app.notifier import PopupNotifier
    from notify.app.shell import Shell
    from tests.app.test_shell import stop_shell

    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=False)
    with qtbot.waitSignal(s.bridge.started, timeout=10_000):
        s.start()
    try:
        yield s
    finally:
        stop_shell(s)


def test_open_sources_for_failing_ones_opens_settings_sources_in_the_app(
        qtbot: QtBot, app_shell: Any, httpserver: Any) -> None:
    """In the app (the shell's inbox), Open Sources… of an inbox whose sources all fail opens
    Settings → Sources."""
    s = app_shell
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    call(qtbot, s.bridge, lambda e: e.add_source(
        "feed", httpserver.url_for("/gone.xml"), title="Gone"))
    call(qtbot, s.bridge, lambda e: e.poll())
    s.open_inbox()
    inbox = s.inbox
    assert inbox is not None
    qtbot.waitUntil(lambda: inbox.pane.title.text() == "Your source could not be read",
                    timeout=5000)
    inbox.pane.empty_button.click()
    settings = s.settings
    assert settings is not None and settings.isVisible()
    assert settings.tabs.currentIndex() == 0  # Sources


def test_open_sources_selects_the_first_failing_source_in_the_app(
        qtbot: QtBot, app_shell: Any, httpserver: Any) -> None:
    """Open Sources… of an inbox with a failing source lands on that source in Settings →
    Sources (the shell's ``open_failing_sources``), not on the list's first row, a source that
    works ("Aardvark" sorts first)."""
    from tests.app.test_failing_watch import settings_shows

    s = app_shell
    httpserver.expect_request("/quiet.xml").respond_with_data(
        EMPTY_RSS, content_type="application/rss+xml")
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    call(qtbot, s.bridge, lambda e: e.add_source(
        "feed", httpserver.url_for("/quiet.xml"), title="Aardvark"))
    gone = call(qtbot, s.bridge, lambda e: e.add_source(
        "feed", httpserver.url_for("/gone.xml"), title="Zed")).id
    call(qtbot, s.bridge, lambda e: e.poll())
    s.open_inbox()
    inbox = s.inbox
    assert inbox is not None
    qtbot.waitUntil(lambda: inbox.pane.empty.failing == (gone,), timeout=5000)
    inbox.empty_watch.do_step(Step.FAILING.value)
    qtbot.waitUntil(lambda: settings_shows(s, gone), timeout=10_000)

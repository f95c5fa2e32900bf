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
                                                        reader: Reader) -> None:
    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml", title="A"))
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

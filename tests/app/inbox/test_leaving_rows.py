"""A row that leaves its view (unsaved in "Saved", its Like taken back in "Liked"), over the real
engine: the current row stays, without its mark, until the selection moves off it, then goes;
a row that is not current goes at once; one that belongs again (Ctrl+Z) comes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.actions import AppActions
from notify.app.inbox import query
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, call, numbered_feed

FEED = numbered_feed(5)


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[InboxWindow]:
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED, content_type="application/rss+xml")
    call(qtbot, bridge, lambda e: e.add_source("feed", httpserver.url_for("/feed.xml")))
    call(qtbot, bridge, lambda e: e.poll())
    reader = Reader(paths.db)
    window = InboxWindow(bridge, reader, actions=AppActions())
    qtbot.addWidget(window)
    window.resize(820, 720)
    window.show()
    qtbot.waitUntil(lambda: window.pane.item is not None, timeout=5000)
    yield window
    reader.close()


def ids_by_title(qtbot: QtBot, bridge: Any) -> dict[str, int]:
    return {it.title: int(it.id) for it in call(qtbot, bridge, lambda e: e.items())}


def titles(inbox: InboxWindow) -> list[str]:
    return [str(inbox.model.index(r, 0).data()) for r in range(inbox.model.rowCount())]


def current_title(inbox: InboxWindow) -> str:
    row = inbox.model.row_at(inbox.view.currentIndex())
    return row.title if row is not None else ""


def test_unsaved_in_the_saved_view_the_row_stays_until_left_then_goes(
        qtbot: QtBot, bridge: Any, inbox: InboxWindow, shots_dir: Path) -> None:
    ids = ids_by_title(qtbot, bridge)
    for n in (5, 4, 3):
        call(qtbot, bridge, lambda e, n=n: e.set_saved(ids[f"Story {n}"], True))
    inbox.set_view(query.VIEW_SAVED)
    qtbot.waitUntil(lambda: titles(inbox) == ["★ Story 5", "★ Story 4", "★ Story 3"],
                    timeout=5000)
    qtbot.waitUntil(lambda: inbox.pane.item is not None
                    and inbox.pane.item.title == "Story 5", timeout=5000)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_S)  # unsave the current row: it stays, unstarred
    qtbot.waitUntil(lambda: titles(inbox)[0] == "Story 5", timeout=5000)
    assert titles(inbox) == ["Story 5", "★ Story 4", "★ Story 3"]
    assert current_title(inbox) == "Story 5"
    assert_not_blank(inbox, shots_dir / "inbox-unsaved-row-stays-while-current.png")
    qtbot.keyClick(inbox.view, Qt.Key.Key_J)  # moved off: it goes; the next stays selected
    qtbot.waitUntil(lambda: titles(inbox) == ["★ Story 4", "★ Story 3"], timeout=5000)
    assert current_title(inbox) == "Story 4"
    qtbot.waitUntil(lambda: inbox.pane.item is not None
                    and inbox.pane.item.title == "Story 4", timeout=5000)
    # the pane says it is saved (its ★ was the unsaved item's ☆)
    assert inbox.pane.save_button.isChecked() and inbox.pane.save_button.text() == "★"
    assert_not_blank(inbox, shots_dir / "inbox-unsaved-row-gone.png")
    # Ctrl+Z saves it again: it comes back where it sorts, the selection stays
    inbox.undo_action.trigger()
    qtbot.waitUntil(lambda: titles(inbox) == ["★ Story 5", "★ Story 4", "★ Story 3"],
                    timeout=5000)
    assert current_title(inbox) == "Story 4"
    qtbot.waitUntil(lambda: inbox.status.text() == "Saved “Story 5” again.", timeout=5000)
    # a row that is not the current one leaves at once (unsaved elsewhere: a bubble, a menu)
    call(qtbot, bridge, lambda e: e.set_saved(ids["Story 3"], False))
    qtbot.waitUntil(lambda: titles(inbox) == ["★ Story 5", "★ Story 4"], timeout=5000)
    assert current_title(inbox) == "Story 4"


def test_unsaved_and_saved_again_before_moving_the_row_keeps_its_place(
        qtbot: QtBot, bridge: Any, inbox: InboxWindow) -> None:
    ids = ids_by_title(qtbot, bridge)
    for n in (5, 4):
        call(qtbot, bridge, lambda e, n=n: e.set_saved(ids[f"Story {n}"], True))
    inbox.set_view(query.VIEW_SAVED)
    qtbot.waitUntil(lambda: titles(inbox) == ["★ Story 5", "★ Story 4"], timeout=5000)
    qtbot.waitUntil(lambda: current_title(inbox) == "Story 5", timeout=5000)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: titles(inbox)[0] == "Story 5", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_S)  # saved again while still on it
    qtbot.waitUntil(lambda: titles(inbox)[0] == "★ Story 5", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: current_title(inbox) == "Story 4", timeout=5000)
    qtbot.wait(100)  # (a row that left would go now)
    assert titles(inbox) == ["★ Story 5", "★ Story 4"]


def test_a_like_taken_back_in_the_liked_view_leaves_it_when_the_selection_moves(
        qtbot: QtBot, bridge: Any, inbox: InboxWindow) -> None:
    ids = ids_by_title(qtbot, bridge)
    for n in (5, 4, 3):
        call(qtbot, bridge, lambda e, n=n: e.feedback(ids[f"Story {n}"], "like"))
    inbox.set_view(query.VIEW_LIKED)
    qtbot.waitUntil(lambda: titles(inbox) == ["♥ Story 5", "♥ Story 4", "♥ Story 3"],
                    timeout=5000)
    qtbot.waitUntil(lambda: current_title(inbox) == "Story 5", timeout=5000)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: inbox.pane.item is not None
                    and inbox.pane.item.title == "Story 4", timeout=5000)
    # Dismiss in the Liked view: no longer liked, and the next item is shown: the row goes
    qtbot.keyClick(inbox.view, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: titles(inbox) == ["♥ Story 5", "♥ Story 3"], timeout=5000)
    assert current_title(inbox) == "Story 3"
    # the Like of the current row taken back from elsewhere (a terminal): it stays while current
    qtbot.waitUntil(lambda: inbox.undo_action.isEnabled(), timeout=5000)
    call(qtbot, bridge, lambda e: e.undo_feedback())  # the dismiss: Story 4 liked again
    qtbot.waitUntil(lambda: titles(inbox) == ["♥ Story 5", "♥ Story 4", "♥ Story 3"],
                    timeout=5000)
    assert current_title(inbox) == "Story 3"


def test_the_unread_view_lists_unread_items_and_a_read_one_leaves_once_left(
        qtbot: QtBot, bridge: Any, inbox: InboxWindow, shots_dir: Path) -> None:
    """Show → Unread (a daily reader's main view): items not read and not reacted to. The
    item read by being shown (or liked) stays while current, and goes once the selection moves
    off it, as a row unsaved in Saved does; Mark all as read empties it but for the current
    row, and its Ctrl+Z brings the rows back."""
    ids = ids_by_title(qtbot, bridge)
    call(qtbot, bridge, lambda e: e.mark_read([ids["Story 2"]]))
    box = inbox.filter_box
    qtbot.waitUntil(lambda: box.findData(f"view:{query.VIEW_UNREAD}") == 1, timeout=5000)
    assert box.itemText(1) == "Unread"
    box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: titles(inbox) == ["Story 5", "Story 4", "Story 3", "Story 1"],
                    timeout=5000)
    qtbot.waitUntil(lambda: current_title(inbox) == "Story 5", timeout=5000)
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)  # read now: it stays while current
    qtbot.wait(300)
    assert titles(inbox) == ["Story 5", "Story 4", "Story 3", "Story 1"]
    qtbot.keyClick(inbox.view, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: titles(inbox) == ["Story 4", "Story 3", "Story 1"], timeout=5000)
    assert current_title(inbox) == "Story 4"
    qtbot.keyClick(inbox.view, Qt.Key.Key_L)  # liked: no longer unread either
    qtbot.waitUntil(lambda: "Story 4" not in titles(inbox), timeout=5000)
    assert_not_blank(inbox, shots_dir / "inbox-unread-view.png")
    inbox.item_action("all-read").trigger()
    qtbot.waitUntil(lambda: len(titles(inbox)) == 1, timeout=5000)  # the current row stays
    inbox.undo_action.trigger()  # Undo Mark all as read: they are unread again
    qtbot.waitUntil(lambda: titles(inbox) == ["Story 3", "Story 1"], timeout=5000)


def unread_count(qtbot: QtBot, bridge: Any) -> int:
    return sum(1 for it in call(qtbot, bridge, lambda e: e.items())
               if not it.read and not it.reaction)


def test_the_unread_view_s_footer_counts_the_unread_items(qtbot: QtBot, bridge: Any,
                                                          inbox: InboxWindow) -> None:
    """Regression: Unread's footer counted its rows, the current one too once it was read by
    being shown a second (it stays until left): "5 items" over 4 unread ones, "4 items" over 3
    after a j; and it did not say what it counted."""
    inbox.set_view(query.VIEW_UNREAD)
    qtbot.waitUntil(lambda: current_title(inbox) == "Story 5", timeout=5000)
    status = inbox.footer.status
    qtbot.waitUntil(lambda: titles(inbox) == ["Story 5", "Story 4", "Story 3", "Story 2",
                                              "Story 1"], timeout=5000)
    inbox.view.setFocus()
    for expected in (4, 3, 2, 1):
        # shown a second, it is read: it stays while current, but it is no longer unread
        qtbot.waitUntil(lambda expected=expected: unread_count(qtbot, bridge) == expected,
                        timeout=5000)
        qtbot.waitUntil(lambda expected=expected: status.text() == (
            f"{expected} unread items" if expected > 1 else "1 unread item"), timeout=5000)
        qtbot.keyClick(inbox.view, Qt.Key.Key_J)  # it goes; the count stays true
        qtbot.waitUntil(lambda expected=expected: len(titles(inbox)) == expected, timeout=5000)
        assert status.text() == (f"{expected} unread items" if expected > 1
                                 else "1 unread item")
    # the last one read, its row still current: none left
    qtbot.waitUntil(lambda: status.text() == "No unread items: you're all caught up.",
                    timeout=5000)
    assert titles(inbox) == ["Story 1"]
    inbox.set_view(query.VIEW_ALL)  # All items counts every item, in its words
    qtbot.waitUntil(lambda: status.text() == "5 items", timeout=5000)

"""Ctrl+Z in the inbox is a stack, over the real engine: likes, saves and read marks made here are
taken back newest first, one per press, each said in its own words; the Undo entry names what it
takes back next ("Undo Save “Story 2”") and is greyed when nothing is left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.inbox.window import InboxWindow
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, numbered_feed, open_inbox
from tests.app.inbox.test_saved_marks import column

FEED = numbered_feed(3)


@pytest.fixture
def inbox(qtbot: QtBot, bridge: Any, paths: Paths,
          httpserver: HTTPServer) -> Iterator[InboxWindow]:
    for window in open_inbox(qtbot, bridge, paths, httpserver, "/feed.xml", FEED):
        # only what the person does here: the read timer's mark is no step, and never fires
        window.read_marks._timer.setInterval(3_600_000)
        window.resize(900, 600)
        yield window


def shown(inbox: InboxWindow) -> str:
    return inbox.pane.item.title if inbox.pane.item is not None else ""


def item_menu_has_undo(inbox: InboxWindow) -> bool:
    menus = [a.menu() for a in inbox.menuBar().actions() if a.menu() is not None]
    return any(inbox.undo_action in menu.actions() for menu in menus)  # type: ignore[union-attr]


def test_several_steps_are_taken_back_in_order_each_in_its_own_words(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths, shots_dir: Path) -> None:
    undo = inbox.undo_action
    assert item_menu_has_undo(inbox)
    assert not undo.isEnabled() and undo.text() == "Undo"
    assert shown(inbox) == "Story 3"
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_L)  # like Story 3; Story 2 is shown next
    qtbot.waitUntil(lambda: undo.text() == "Undo Like “Story 3”", timeout=5000)
    qtbot.waitUntil(lambda: shown(inbox) == "Story 2", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: undo.text() == "Undo Save “Story 2”", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: undo.text() == "Undo Mark as read “Story 2”", timeout=5000)
    assert column(paths, "read", "Story 2") == 1
    assert_not_blank(inbox, shots_dir / "inbox-undo-names-its-step.png")
    item_menu = next(a.menu() for a in inbox.menuBar().actions() if a.text() == "&Item")
    item_menu.popup(inbox.mapToGlobal(inbox.rect().topLeft()))  # type: ignore[union-attr]
    qtbot.waitUntil(item_menu.isVisible, timeout=5000)  # type: ignore[union-attr]
    assert_not_blank(item_menu, shots_dir / "inbox-item-menu-undo.png")
    item_menu.hide()  # type: ignore[union-attr]

    undo.trigger()
    qtbot.waitUntil(lambda: column(paths, "read", "Story 2") == 0, timeout=5000)
    qtbot.waitUntil(lambda: inbox.status.text()
                    == "“Story 2” is unread again: your Mark as read was undone.", timeout=5000)
    assert undo.text() == "Undo Save “Story 2”"
    assert column(paths, "saved", "Story 2") == 1

    undo.trigger()
    qtbot.waitUntil(lambda: column(paths, "saved", "Story 2") == 0, timeout=5000)
    qtbot.waitUntil(lambda: inbox.status.text()
                    == "“Story 2” is no longer saved: your save was undone.", timeout=5000)
    assert undo.text() == "Undo Like “Story 3”"
    assert column(paths, "reaction", "Story 3") == "like"

    undo.trigger()
    qtbot.waitUntil(lambda: column(paths, "reaction", "Story 3") is None, timeout=5000)
    qtbot.waitUntil(lambda: inbox.status.text() == "Your like of “Story 3” was undone.",
                    timeout=5000)
    qtbot.waitUntil(lambda: not undo.isEnabled(), timeout=5000)
    assert undo.text() == "Undo"
    qtbot.waitUntil(lambda: shown(inbox) == "Story 3", timeout=5000)  # whose like came back


def test_ctrl_z_pressed_twice_at_once_takes_back_two_steps(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_D)  # dismiss Story 3; Story 2 is shown next
    qtbot.waitUntil(lambda: inbox.undo_action.text() == "Undo Dismiss “Story 3”", timeout=5000)
    qtbot.waitUntil(lambda: shown(inbox) == "Story 2", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: inbox.undo_action.text() == "Undo Save “Story 2”", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(inbox.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: column(paths, "saved", "Story 2") == 0
                    and column(paths, "reaction", "Story 3") is None, timeout=5000)
    qtbot.waitUntil(lambda: not inbox.undo_action.isEnabled(), timeout=5000)


def test_an_unsave_and_a_mark_as_unread_are_steps_too(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: inbox.undo_action.text() == "Undo Save “Story 3”", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: inbox.undo_action.text() == "Undo Unsave “Story 3”", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: inbox.item_action("read").text() == "Mark as unread", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: inbox.undo_action.text() == "Undo Mark as unread “Story 3”",
                    timeout=5000)
    inbox.undo_action.trigger()
    qtbot.waitUntil(lambda: inbox.status.text()
                    == "“Story 3” is read again: your Mark as unread was undone.", timeout=5000)
    assert column(paths, "read", "Story 3") == 1
    assert inbox.undo_action.text() == "Undo Mark as read “Story 3”"
    inbox.undo_action.trigger()
    qtbot.waitUntil(lambda: column(paths, "read", "Story 3") == 0, timeout=5000)
    inbox.undo_action.trigger()  # the unsave: saved again
    qtbot.waitUntil(lambda: column(paths, "saved", "Story 3") == 1, timeout=5000)
    qtbot.waitUntil(lambda: inbox.status.text() == "Saved “Story 3” again.", timeout=5000)
    assert inbox.undo_action.text() == "Undo Save “Story 3”"


def test_mark_all_as_read_is_a_step_that_marks_exactly_those_unread_again(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    """Regression: Mark all as read could not be undone, and Ctrl+Z right after it undid the
    Like before it. Now it is a step of its own; the items read before it stay read."""
    undo = inbox.undo_action
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_L)  # like Story 3 (no longer unread)
    qtbot.waitUntil(lambda: undo.text() == "Undo Like “Story 3”", timeout=5000)
    qtbot.waitUntil(lambda: shown(inbox) == "Story 2", timeout=5000)
    qtbot.keyClick(inbox.view, Qt.Key.Key_M)  # Story 2 read by hand
    qtbot.waitUntil(lambda: undo.text() == "Undo Mark as read “Story 2”", timeout=5000)
    inbox.item_action("all-read").trigger()  # only Story 1 was left unread
    qtbot.waitUntil(lambda: undo.text() == "Undo Mark all as read (1 item)", timeout=5000)
    assert column(paths, "read", "Story 1") == 1
    assert inbox.status.text() == f"Marked 1 item as read. {undo.shortcut().toString()} undoes it."
    assert "Mark all as read (1 item)" in undo.toolTip()

    qtbot.keyClick(inbox.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the Mark all
    qtbot.waitUntil(lambda: column(paths, "read", "Story 1") == 0, timeout=5000)
    qtbot.waitUntil(lambda: inbox.status.text()
                    == "1 item is unread again: your Mark all as read was undone.", timeout=5000)
    assert column(paths, "read", "Story 2") == 1  # read before it: stays read
    assert column(paths, "reaction", "Story 3") == "like"  # the Like is not what was undone
    assert undo.text() == "Undo Mark as read “Story 2”"


def test_the_undo_entry_counts_the_items_mark_all_as_read_marked(
        qtbot: QtBot, inbox: InboxWindow, paths: Paths) -> None:
    inbox.item_action("all-read").trigger()
    qtbot.waitUntil(lambda: inbox.undo_action.text() == "Undo Mark all as read (3 items)",
                    timeout=5000)
    inbox.undo_action.trigger()
    qtbot.waitUntil(lambda: all(column(paths, "read", f"Story {n}") == 0 for n in (1, 2, 3)),
                    timeout=5000)
    qtbot.waitUntil(lambda: not inbox.undo_action.isEnabled(), timeout=5000)


def test_undoing_a_large_mark_all_as_read_goes_a_page_at_a_time(
        qtbot: QtBot, bridge: Any, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the undo marked every item unread again in one engine call (one transaction,
    one change event: 100,000 items at once), while marking them read went 500 at a time. Now
    it goes ``MARK_READ_PAGE`` at a time too, and says how far it is when that takes a while;
    exactly the items it marked are unread again."""
    from notify.app.inbox import read_marks
    from notify.app.inbox.reader import Reader
    from notify.core.store.db import connect
    from tests.app.conftest import call, fill

    fill(paths.db, 1260)  # every 25th liked: 1,210 unread
    conn = connect(paths.db)
    conn.execute("UPDATE items SET read = 1 WHERE id <= 10")  # read before: stays read
    conn.commit()
    conn.close()
    reader = Reader(paths.db)
    try:
        inbox = InboxWindow(bridge, reader)
        qtbot.addWidget(inbox)
        inbox.show()
        inbox.item_action("all-read").trigger()
        qtbot.waitUntil(lambda: inbox.undo_action.text() == "Undo Mark all as read (1,200 items)",
                        timeout=10_000)
        marked = set(inbox.undo.steps[-1].item_ids)
        engine = call(qtbot, bridge, lambda e: e)
        calls: list[int] = []
        real = engine.mark_read

        def counted(ids: Any, read: bool = True) -> Any:
            calls.append(len(ids))
            return real(ids, read)

        monkeypatch.setattr(engine, "mark_read", counted)
        monkeypatch.setattr(read_marks, "PROGRESS_AFTER_S", 0.0)  # "a while": at once
        said: list[str] = []
        monkeypatch.setattr(inbox.footer, "say", lambda text: said.append(text))
        inbox.undo_action.trigger()
        qtbot.waitUntil(lambda: bool(said) and said[-1].endswith("undone."), timeout=10_000)
        assert calls == [500, 500, 200]
        assert said[-1] == "1,200 items are unread again: your Mark all as read was undone."
        assert said[:-1] == ["Marking items unread again… 500 of 1,200",
                             "Marking items unread again… 1,000 of 1,200"]
        conn = connect(paths.db, readonly=True)
        try:
            unread = {r[0] for r in conn.execute(
                "SELECT id FROM items WHERE read = 0 AND reaction IS NULL")}
            read = {r[0] for r in conn.execute("SELECT id FROM items WHERE read = 1")}
        finally:
            conn.close()
        assert unread == marked and len(marked) == 1200
        assert read == set(range(1, 11))
        assert not inbox.undo_action.isEnabled()
    finally:
        reader.close()

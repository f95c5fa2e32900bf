"""The shell's ways into the inbox when the inbox was not built yet in the session: a bubble's
Open that no browser took (the reason stays in the footer), the tray's Open inbox with new
stories (they are shown, not hidden by an old search)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from notify.app.bridge import default_factory
from notify.app.inbox.reader import Reader
from notify.app.inbox.window import InboxWindow
from notify.app.notifier import PopupNotifier
from notify.app.shell import Shell
from notify.app.window_state import WindowState
from notify.core.events import NotificationPlanned
from notify.core.paths import Paths
from notify.core.store.db import connect
from tests.app.conftest import fill
from tests.app.test_shell import fake_xdg_open, stop_shell


def left_last_run(qtbot: QtBot, paths: Paths, choice: str = "view:all",
                  search: str = "") -> None:
    """An inbox of an earlier run, closed on the Show menu's ``choice`` and ``search``: its
    place and choice saved as the shell saves them on close."""
    reader = Reader(paths.db)
    try:
        last = InboxWindow(None, reader)
        qtbot.addWidget(last)
        qtbot.waitUntil(lambda: last.filters.box.count() > 6, timeout=5000)
        last.filters.box.setCurrentIndex(last.filters.box.findData(choice))
        last.search.setText(search)
        WindowState(paths.window_state).save(last, "inbox")
        last.close()
    finally:
        reader.close()


@pytest.fixture
def shells() -> Iterator[list[Shell]]:
    made: list[Shell] = []
    yield made
    for s in made:
        stop_shell(s)


def tray_shell(qtbot: QtBot, paths: Paths, made: list[Shell], choice: str = "view:all",
               search: str = "") -> Shell:
    """A shell with a tray (no window opened at start) over an inbox of 1,000 items, whose
    inbox an earlier run left on ``choice`` and ``search``."""
    fill(paths.db, 1000)
    with closing(connect(paths.db)) as conn, conn:  # saved: a round's retention keeps them
        conn.execute("UPDATE items SET saved = 1")  # (their items are months old)
    left_last_run(qtbot, paths, choice, search)
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=True)
    with qtbot.waitSignal(s.bridge.started, timeout=10_000):
        s.start()
    made.append(s)
    assert s.inbox is None
    return s


@pytest.mark.parametrize("last_choice", ["view:all", "view:unread"])
def test_the_reason_no_browser_opened_stays_in_a_new_inbox(
        qtbot: QtBot, paths: Paths, shells: list[Shell], tmp_path: Path,
        shots_dir: Path, last_choice: str) -> None:
    """Open on a bubble, no browser, the first inbox of the session: the footer says why the
    inbox came up, and its first count does not replace that. Regression: "1,000 items"
    replaced it before anyone could read it (the second time in a session it stayed)."""
    from notify.app.notifier.base import ACTION_OPEN, BubbleReaction
    from notify.app.notifier.browser import LinkOpener, no_browser_text

    s = tray_shell(qtbot, paths, shells, last_choice)
    s.bubbles.links = LinkOpener(s, xdg_open=fake_xdg_open(tmp_path, 3))
    s.on_reaction(BubbleReaction(5, (990,), ACTION_OPEN, ("http://127.0.0.1/990",)))
    qtbot.waitUntil(lambda: s.inbox is not None and s.inbox.isVisible(), timeout=5000)
    inbox: Any = s.inbox
    qtbot.waitUntil(lambda: inbox.selection.current_id() == 990
                    and inbox.pane.item is not None, timeout=10_000)
    qtbot.wait(1000)  # the remembered Show choice put back, the pages and counts read
    assert inbox.filters.choice() == last_choice
    assert inbox.status.text() == no_browser_text()
    inbox.grab().save(str(shots_dir / f"not-opened-{last_choice[5:]}.png"))
    inbox.set_view("saved")  # the person acts: the count of what they chose
    qtbot.waitUntil(lambda: inbox.status.text() == "1,000 saved items", timeout=5000)


def left_on(qtbot: QtBot, s: Shell, choice: str, search: str) -> Any:
    """The inbox opened, put on the Show menu's ``choice`` and ``search`` (Enter in the field),
    then closed (Ctrl+W): as the person left it."""
    s.open_inbox()
    inbox: Any = s.inbox
    qtbot.waitUntil(lambda: inbox.filters.box.count() > 6 and inbox.pane.item is not None,
                    timeout=5000)
    inbox.filters.box.setCurrentIndex(inbox.filters.box.findData(choice))
    inbox.search.setText(search)
    inbox.filters.to_results()
    qtbot.waitUntil(lambda: inbox.model.filter.search == search and not inbox.model.settling
                    and inbox.model.rowCount() > 0, timeout=5000)
    inbox.close()
    qtbot.waitUntil(lambda: not inbox.isVisible(), timeout=2000)
    return inbox


def notified(s: Shell, *item_ids: int) -> None:
    """A bubble for each item (one story each) while the inbox is closed: the tray counts them."""
    for n, item_id in enumerate(item_ids, 1):
        s.on_notification(NotificationPlanned(n, "single", f"Story {item_id}", "Feed", "why",
                                              (item_id,)))


# item i is "Item number i about topic{i % 7}": 996 topic2, 995 topic1, 993 topic6; 999 is the
# newest of all (topic5)
@pytest.mark.parametrize(("choice", "search", "says"), [
    ("view:all", "topic3", "The search “topic3” is cleared: it hid the 3 new stories."),
    ("view:all", "topic2", "The search “topic2” is cleared: it hid 2 of the 3 new stories."),
    ("view:liked", "", "All items are shown: Liked hid the 3 new stories."),
    ("source:1", "topic2", "All items are shown and the search is cleared: Source: Source 1 "
                           "with the search “topic2” hid 2 of the 3 new stories."),
])
def test_open_inbox_with_new_stories_shows_them_whatever_hid_them(
        qtbot: QtBot, paths: Paths, shells: list[Shell], shots_dir: Path, choice: str,
        search: str, says: str) -> None:
    """The tray's "Open inbox (3 new)" on an inbox left on a search (or a Show choice) that
    hides the new stories: All items, the search cleared, the footer says what hid them, the
    newest of them selected; the badge clears once they can be seen, not before. Regression:
    the inbox came up on the old search, none of the new stories in it, the badge cleared."""
    from notify.app.inbox import query

    s = tray_shell(qtbot, paths, shells)
    assert s.tray is not None
    inbox = left_on(qtbot, s, choice, search)
    notified(s, 993, 995, 996)
    assert s.tray.count == 3 and s.tray.inbox_text() == "Open inbox (3 new)"
    s.tray.action("inbox").trigger()
    assert inbox.isVisible()
    assert s.tray.count == 3  # not yet: the inbox is still on the search that hides them
    qtbot.waitUntil(lambda: not inbox.new_stories.pending, timeout=10_000)
    qtbot.waitUntil(lambda: inbox.selection.current_id() == 996 and inbox.pane.item is not None
                    and inbox.pane.item.id == 996, timeout=10_000)
    assert inbox.model.filter == query.InboxFilter() and inbox.search.text() == ""
    assert inbox.filters.choice() == "view:all"
    assert inbox.status.text() == says
    assert s.tray.count == 0
    inbox.grab().save(str(shots_dir / f"open-new-{choice.replace(':', '-')}-{search}.png"))


def test_open_inbox_with_new_stories_the_view_lists_keeps_it(
        qtbot: QtBot, paths: Paths, shells: list[Shell]) -> None:
    """A search that lists the new stories stays (nothing hid them); the newest is selected
    and the badge clears."""
    s = tray_shell(qtbot, paths, shells)
    assert s.tray is not None
    inbox = left_on(qtbot, s, "view:unread", "topic2")
    notified(s, 989, 996)  # both topic2
    s.tray.action("inbox").trigger()
    qtbot.waitUntil(lambda: s.tray is not None and s.tray.count == 0, timeout=10_000)
    qtbot.waitUntil(lambda: inbox.selection.current_id() == 996, timeout=10_000)
    assert inbox.search.text() == "topic2" and inbox.filters.choice() == "view:unread"
    assert "cleared" not in inbox.status.text()


def test_open_inbox_without_new_stories_leaves_it_as_it_was(
        qtbot: QtBot, paths: Paths, shells: list[Shell]) -> None:
    s = tray_shell(qtbot, paths, shells)
    inbox = left_on(qtbot, s, "view:all", "topic3")
    current = inbox.selection.current_id()
    s.tray.action("inbox").trigger()  # type: ignore[union-attr]
    qtbot.wait(300)
    assert inbox.search.text() == "topic3" and inbox.selection.current_id() == current


def test_open_inbox_with_new_stories_over_the_last_runs_show_choice(
        qtbot: QtBot, paths: Paths, shells: list[Shell]) -> None:
    """The first inbox of the session, its Show choice of the last run (Liked) put back as
    its menu fills: the new stories are shown all the same, in All items."""
    from notify.app.inbox import query

    s = tray_shell(qtbot, paths, shells, "view:liked")
    assert s.tray is not None
    notified(s, 993, 995, 996)
    s.tray.action("inbox").trigger()
    inbox: Any = s.inbox
    assert inbox is not None and s.tray.count == 3
    qtbot.waitUntil(lambda: s.tray is not None and s.tray.count == 0, timeout=10_000)
    qtbot.waitUntil(lambda: inbox.selection.current_id() == 996 and not inbox.model.settling,
                    timeout=10_000)
    qtbot.wait(300)  # nothing puts the remembered choice back afterwards
    assert inbox.model.filter == query.InboxFilter() and inbox.filters.choice() == "view:all"
    assert inbox.selection.current_id() == 996

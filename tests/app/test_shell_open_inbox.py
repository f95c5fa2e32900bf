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

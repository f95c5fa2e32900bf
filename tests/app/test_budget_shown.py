"""Today's notification budget, used and exceeded, as the person sees it (offscreen, the real
engine): the tray's tooltip and the inbox's footer say that today's notifications are used and
how many more stories were left out for it, "Show them" lists them (Show → Over today's budget),
"Raise the budget" opens Settings → Notifications; a larger budget or the turn of the day
ends it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from notify.app.bridge import default_factory
from notify.app.inbox import query
from notify.app.inbox.budget import Budget, budget_state, next_midnight
from notify.app.notifier import PopupNotifier
from notify.app.shell import Shell
from notify.core.paths import Paths
from notify.core.store import db
from notify.core.store import settings as settings_store
from tests.app.conftest import assert_not_blank, polled_ids
from tests.app.test_shell import stop_shell

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Local news</title><link>http://127.0.0.1/</link>
""" + "".join(
    f"<item><title>Story {n}</title><link>http://127.0.0.1/{n}</link><guid>{n}</guid>"
    f"<description>Topic {n}</description></item>\n" for n in range(1, 5)) + "</channel></rss>"


@pytest.fixture
def shell(qtbot: QtBot, paths: Paths) -> Iterator[Shell]:
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=True)
    with qtbot.waitSignal(s.bridge.started, timeout=10_000):
        s.start()
    yield s
    stop_shell(s)


def a_busy_day(paths: Paths, ids: list[int], *, budget: int = 1,
               at: float | None = None) -> None:
    """What the policy stored on a busy day (``at``: now): ``budget`` stories notified, every
    other item left silent over today's budget, as another round would have."""
    at = time.time() if at is None else at
    conn = db.connect(paths.db)
    try:
        settings_store.write(conn, "notify.daily_budget", budget)
        for n, item_id in enumerate(ids):
            if n < budget:
                conn.execute("UPDATE items SET first_seen = ?, decision = 'notify', "
                             "decision_reason = 'likely', notified_at = ?, backlog = 0 "
                             "WHERE id = ?", (at, at, item_id))
            else:
                conn.execute("UPDATE items SET first_seen = ?, decision = 'silent', "
                             "decision_reason = ?, notified_at = NULL, backlog = 0 "
                             "WHERE id = ?", (at, f"over today's budget of {budget}", item_id))
    finally:
        conn.close()


def a_round(qtbot: QtBot, shell: Shell) -> None:
    with qtbot.waitSignal(shell.bridge.pollFinished, timeout=10_000):
        shell.bridge.submit(lambda e: e.poll([]))


def test_a_used_budget_is_said_in_the_tray_and_the_footer_with_the_ways_on(
        qtbot: QtBot, shell: Shell, paths: Paths, httpserver: HTTPServer,
        shots_dir: Path) -> None:
    ids = polled_ids(qtbot, shell.bridge, httpserver, "/feed.xml", FEED)
    assert shell.tray is not None
    assert "budget" not in shell.tray.tooltip()
    a_busy_day(paths, ids, budget=1)
    a_round(qtbot, shell)
    said = "Today's 1 notification is used: 3 more stories you may like were not notified"
    qtbot.waitUntil(lambda: said in shell.tray.tooltip(), timeout=5000)  # type: ignore[union-attr]
    assert "Show → Over today's budget" in shell.tray.tooltip()
    shell.open_inbox()
    inbox = shell.inbox
    inbox.resize(820, 720)
    note = inbox.footer.budget_note
    assert note.isVisibleTo(inbox) and said in note.text()
    assert "Show them" in note.text() and "Raise the budget" in note.text()
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 4, timeout=5000)
    assert_not_blank(inbox, shots_dir / "inbox-budget-used.png")
    # "Show them": the three stories left out, and only those
    note.linkActivated.emit("over-budget")
    assert inbox.filter_box.currentText() == "Over today's budget"
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 3, timeout=5000)
    assert {inbox.model.row_at(inbox.model.index(r, 0)).id  # type: ignore[union-attr]
            for r in range(3)} == set(ids[1:])
    assert_not_blank(inbox, shots_dir / "inbox-over-todays-budget.png")
    # "Raise the budget": Settings on its Notifications page, the keyboard in the budget
    note.linkActivated.emit("budget")
    settings = shell.settings
    assert settings is not None and settings.isVisible()
    page = settings.notifications
    assert settings.tabs.currentWidget().page is page  # type: ignore[attr-defined]
    assert settings.focusWidget() is page.widgets["notify.daily_budget"]


def test_a_larger_budget_or_a_new_day_ends_it(qtbot: QtBot, shell: Shell, paths: Paths,
                                               httpserver: HTTPServer) -> None:
    ids = polled_ids(qtbot, shell.bridge, httpserver, "/feed.xml", FEED)
    a_busy_day(paths, ids, budget=2)
    a_round(qtbot, shell)
    shell.open_inbox()
    note = shell.inbox.footer.budget_note
    qtbot.waitUntil(lambda: note.isVisibleTo(shell.inbox), timeout=5000)
    assert "Today's 2 notifications are used: 2 more stories" in note.text()
    # it goes at midnight: a timer for then, only while it is said
    assert shell.budget._midnight.isActive()
    left = shell.budget._midnight.remainingTime() / 1000
    assert abs(left - (next_midnight(time.time()) - time.time())) < 60
    # a larger budget, set from a terminal (or Settings): no longer "used"
    conn = db.connect(paths.db)
    try:
        settings_store.write(conn, "notify.daily_budget", 5)
    finally:
        conn.close()
    shell.check_settings()  # what the app does when the person comes to it
    qtbot.waitUntil(lambda: not note.isVisibleTo(shell.inbox), timeout=5000)
    assert "budget" not in shell.tray.tooltip()  # type: ignore[union-attr]
    assert not shell.budget._midnight.isActive()
    # yesterday's busy day says nothing today
    a_busy_day(paths, ids, budget=2, at=time.time() - 86400 * 2)
    a_round(qtbot, shell)
    qtbot.wait(200)
    assert not note.isVisibleTo(shell.inbox)


def test_the_state_counts_stories_as_the_policy_does(paths: Paths, writer: Any) -> None:
    """Two copies of one story left out count once (the budget counts stories)."""
    from tests.app.conftest import fill

    fill(paths.db, 6, n_sources=2)
    now = time.time()
    writer.execute("UPDATE items SET first_seen = ?, decision = 'silent', notified_at = NULL, "
                   "decision_reason = 'over today''s budget of 10', group_key = 'g' || (id % 2)"
                   " WHERE id > 2", (now,))
    writer.execute("UPDATE items SET first_seen = ?, decision = 'notify', notified_at = ? "
                   "WHERE id <= 2", (now, now))
    state = budget_state(writer, now)
    assert (state.budget, state.used, state.held) == (10, 2, 2)
    assert not state.spent  # 2 of 10 used: later rounds may still notify
    assert Budget(2, 2, 2).spent and not Budget(2, 2, 0).spent
    rows = query.page(writer, query.InboxFilter(view=query.VIEW_OVER_BUDGET))
    assert sorted(r.id for r in rows) == [3, 4, 5, 6]

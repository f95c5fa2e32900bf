"""The shell offscreen: no tray (the inbox is home), no bus (the popup stands in), pause."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from notify.app.bridge import default_factory
from notify.app.notifier import PopupNotifier, open_notifier
from notify.app.shell import Shell
from notify.app.single import InstanceServer, ask_running_instance, server_name
from notify.core.events import NotificationPlanned
from notify.core.paths import Paths
from tests.app.conftest import call, polled_ids


def test_without_a_session_bus_the_popup_stands_in(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    notifier, notice = open_notifier()
    assert isinstance(notifier, PopupNotifier)
    assert notice is not None and "No desktop notification service" in notice


def shown_popup(qtbot: QtBot, shell: Shell) -> Any:
    """The popup of the notification just planned, once it takes clicks (the notifier first
    asks the engine why; a new popup ignores clicks for a moment)."""
    notifier = shell.notifier
    assert isinstance(notifier, PopupNotifier)
    qtbot.waitUntil(lambda: notifier.current is not None, timeout=5000)
    popup = notifier.current
    assert popup is not None
    qtbot.waitUntil(lambda: popup.clickable, timeout=5000)
    return popup


@pytest.fixture
def shell(qtbot: QtBot, paths: Paths) -> Iterator[Shell]:
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=False)
    with qtbot.waitSignal(s.bridge.started, timeout=10_000):
        s.start()
    yield s
    stop_shell(s)


def stop_shell(s: Shell) -> None:
    """What quitting does to a test's shell: the notifier, the engine, the reader, the windows."""
    s.notifier.shutdown()
    s.bridge.stop()
    s.reader.close()
    for w in (s.inbox, s.settings, s.firstrun):
        if w is not None:
            w.close()


def footer_texts(shell: Shell) -> str:
    """Everything the inbox's footer shows now, as one text."""
    from PySide6.QtWidgets import QLabel

    return " | ".join(label.text() for label in shell.inbox.footer.findChildren(QLabel)
                      if label.isVisibleTo(shell.inbox))


def test_the_no_notification_service_notice_stays_until_dismissed(
        qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        shots_dir: Path) -> None:
    """Regression: with no notification service and no tray, "No desktop notification service
    is running…" was replaced in the footer by the empty inbox's hint within a second."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    s = Shell(paths, default_factory(str(paths.data_dir)), use_tray=False)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        qtbot.waitUntil(lambda: "No items yet" in footer_texts(s), timeout=5000)
        s.inbox.say("3 sources checked, 0 new items.")  # a result, then the hint again
        s.inbox.footer.loaded(0)
        assert "No desktop notification service is running" in footer_texts(s)
        assert "No items yet" in footer_texts(s)  # the hint has its own line
        s.inbox.resize(800, 600)
        s.inbox.grab().save(str(shots_dir / "inbox-notice.png"))
        s.inbox.footer.notice.linkActivated.emit("dismiss")  # the person dismisses it
        assert "No desktop notification service" not in footer_texts(s)
        assert s.notices == []
    finally:
        stop_shell(s)


def test_a_failed_poll_now_is_said_until_a_round_ends(qtbot: QtBot, shell: Shell) -> None:
    def boom(*_a: Any, **_k: Any) -> Any:
        raise RuntimeError("the engine is gone")

    engine = shell.bridge.engine
    engine.poll_all = boom
    shell.poll_now()
    qtbot.waitUntil(lambda: "Poll now failed: the engine is gone" in footer_texts(shell),
                    timeout=5000)
    shell.inbox.footer.loaded(0)  # a hint does not replace it
    assert "Poll now failed" in footer_texts(shell)
    del engine.poll_all  # the engine's own again: the next Poll now ends well
    shell.poll_now()
    qtbot.waitUntil(lambda: "Poll now failed" not in footer_texts(shell), timeout=5000)
    assert shell.notices == []


def test_without_a_tray_the_inbox_is_home_and_first_run_opens(qtbot: QtBot,
                                                              shell: Shell) -> None:
    assert shell.tray is None
    assert shell.inbox is not None and shell.inbox.isVisible()
    qtbot.waitUntil(lambda: shell.firstrun is not None and shell.firstrun.isVisible())


def test_notifications_are_held_while_paused(qtbot: QtBot, shell: Shell) -> None:
    note = NotificationPlanned(1, "single", "Held", "", "", (1,))
    shell.pause("hour")
    assert shell.is_paused()
    shell.on_notification(note)
    assert isinstance(shell.notifier, PopupNotifier) and shell.notifier.current is None
    out: list[Any] = []
    shell.bridge.submit(lambda e: e.setting("notify.paused_until"), out.append)
    qtbot.waitUntil(lambda: bool(out))
    assert out[0] > 0
    shell._set_pause(0.0)
    shell.on_notification(note)
    qtbot.waitUntil(lambda: shell.notifier.current is not None, timeout=5000)


def pause_from_a_terminal(paths: Paths, until: float) -> None:
    """``notify pause`` / ``notify resume`` while the app runs: another process's write."""
    from notify.core.store import db
    from notify.core.store import settings as settings_store

    conn = db.connect(paths.db)
    try:
        settings_store.write(conn, "notify.paused_until", until)
    finally:
        conn.close()


def test_a_pause_set_from_the_command_line_shows_in_the_app(
        qtbot: QtBot, shell: Shell, paths: Paths) -> None:
    import time

    assert shell.inbox is not None and not shell.is_paused()
    pause_from_a_terminal(paths, time.time() + 7200)
    shell.check_settings()  # what the app does when one of its windows becomes active
    qtbot.waitUntil(shell.is_paused, timeout=5000)
    assert shell.actions.paused  # the menus offer Resume
    assert shell.inbox.paused_note.isVisibleTo(shell.inbox)
    assert "paused until" in shell.inbox.paused_note.text()
    pause_from_a_terminal(paths, 0.0)  # ``notify resume``
    with qtbot.waitSignal(shell.bridge.pollFinished, timeout=10_000):
        shell.bridge.submit(lambda e: e.poll([]))  # a round looks at the settings too
    qtbot.waitUntil(lambda: not shell.is_paused(), timeout=5000)
    assert not shell.actions.paused
    assert not shell.inbox.paused_note.isVisibleTo(shell.inbox)


def test_a_second_launch_activates_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(tmp_path / "data")
    assert not ask_running_instance(name)
    server = InstanceServer(name)
    try:
        with qtbot.waitSignal(server.activated, timeout=5000) as blocker:
            assert ask_running_instance(name, b"activate")
        assert blocker.args == ["activate"]
    finally:
        server.close()


def test_popup_like_is_stored_and_a_click_without_actions_opens_the_inbox(
        qtbot: QtBot, shell: Shell, httpserver: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    from notify.app.notifier.base import ACTION_INBOX, BubbleReaction
    from notify.core.store.db import connect

    ids = polled_ids(qtbot, shell.bridge, httpserver, "/f.xml")
    conn = connect(shell.paths.db, readonly=True)
    try:
        item_id = ids[0]
        shell.on_notification(NotificationPlanned(5, "single", "First story", "", "why",
                                                  (item_id,)))
        popup = shown_popup(qtbot, shell)
        like = popup.findChild(QPushButton, "popup-like")
        like.click()
        qtbot.waitUntil(lambda: conn.execute(
            "SELECT reaction FROM items WHERE id = ?", (item_id,)).fetchone()[0] == "like",
            timeout=5000)
    finally:
        conn.close()
    shell.inbox.hide()
    shell.on_reaction(BubbleReaction(6, (item_id,), ACTION_INBOX))
    assert shell.inbox.isVisible()


def test_one_story_from_several_sources_trains_once_on_its_lead_item(
        qtbot: QtBot, shell: Shell, httpserver: Any) -> None:
    from PySide6.QtWidgets import QPushButton

    from notify.core.store.db import connect

    ids = polled_ids(qtbot, shell.bridge, httpserver, "/g.xml")
    conn = connect(shell.paths.db, readonly=True)
    try:
        assert len(ids) == 2
        # one story told by two sources is one "single" bubble (policy.plan)
        shell.on_notification(NotificationPlanned(9, "single", "Same story, 2 sources", "", "",
                                                  (ids[1], ids[0])))
        popup = shown_popup(qtbot, shell)
        popup.findChild(QPushButton, "popup-dismiss").click()
        qtbot.waitUntil(lambda: conn.execute(
            "SELECT reaction FROM items WHERE id = ?", (ids[1],)).fetchone()[0] == "dismiss",
            timeout=5000)
        qtbot.wait(200)
        assert conn.execute("SELECT reaction FROM items WHERE id = ?",
                            (ids[0],)).fetchone()[0] is None
        assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 1
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["group", "digest"])
def test_a_bubble_of_several_stories_shows_them_and_teaches_nothing(
        qtbot: QtBot, shell: Shell, httpserver: Any, kind: str) -> None:
    """A burst's group or a digest lists several stories: a Like, Dismiss or Open of the bubble
    would land on whichever came first, and its expiry says nothing about any one of them."""
    from PySide6.QtWidgets import QPushButton

    from notify.app.notifier.base import ACTION_IGNORE, ACTION_LIKE, BubbleReaction
    from notify.core.store.db import connect

    ids = polled_ids(qtbot, shell.bridge, httpserver, "/b.xml")
    conn = connect(shell.paths.db, readonly=True)
    try:
        links = ("http://127.0.0.1:9/1", "http://127.0.0.1:9/2")
        shell.on_notification(NotificationPlanned(11, kind, "2 new stories for you",
                                                  "• First\n• Second", "", tuple(ids), links))
        popup = shown_popup(qtbot, shell)
        labels = [b.text() for b in popup.findChildren(QPushButton)]
        assert labels == ["Show in Notify"]
        shell.inbox.hide()
        popup.findChildren(QPushButton)[0].click()
        assert shell.inbox.isVisible()  # the stories, each with its own buttons
        # a server's bubble reports the same way: neither an action nor expiry teaches
        shell.on_reaction(BubbleReaction(12, ids, ACTION_LIKE, links, kind))
        shell.on_reaction(BubbleReaction(13, ids, ACTION_IGNORE, links, kind))
        qtbot.wait(300)
        assert conn.execute("SELECT count(*) FROM feedback").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM items WHERE reaction IS NOT NULL"
                            ).fetchone()[0] == 0
    finally:
        conn.close()


def test_quiet_hours_in_progress_are_said_until_they_end(qtbot: QtBot, shell: Shell) -> None:
    """Regression: during quiet hours items were held for the digest with no word anywhere in
    the app (a pause is said in the tray and the inbox's footer)."""
    import time

    def hhmm(t: float) -> str:
        return time.strftime("%H:%M", time.localtime(t))

    now = time.time()
    quiet = {"notify.quiet_enabled": True, "notify.quiet_start": hhmm(now - 3600),
             "notify.quiet_end": hhmm(now + 7200)}
    shell.bridge.submit(lambda e: e.set_settings(quiet))  # Settings → Notifications → Save
    assert shell.inbox is not None
    note = shell.inbox.footer.quiet_note
    qtbot.waitUntil(lambda: note.isVisibleTo(shell.inbox), timeout=5000)
    assert f"Quiet hours until {hhmm(now + 7200)}: notifications are held" in note.text()
    # looked at again when they end, not before (a single-shot timer; no polling)
    timer = shell.quiet._timer
    assert timer.isActive() and 7100_000 < timer.remainingTime() <= 7201_000
    shell.bridge.submit(lambda e: e.set_setting("notify.quiet_enabled", False))
    qtbot.waitUntil(lambda: not note.isVisibleTo(shell.inbox), timeout=5000)
    assert not timer.isActive()


def test_tray_menu_opens_windows_and_pauses(qtbot: QtBot, paths: Paths) -> None:
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=True)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        assert s.tray is not None and s.inbox is None  # with a tray, no window at start
        s.tray.action("settings").trigger()
        assert s.settings is not None and s.settings.isVisible()
        s.tray.set_count(3)
        s.tray.action("inbox").trigger()
        assert s.inbox is not None and s.inbox.isVisible() and s.tray.count == 0
        s.tray.action("pause-resumed").trigger()
        assert s.is_paused() and s.tray.paused
        s.tray.action("resume").trigger()
        assert not s.is_paused()
        with qtbot.waitSignal(s.bridge.pollFinished, timeout=10_000):
            s.tray.action("poll").trigger()
        pause_from_a_terminal(paths, -1.0)  # ``notify pause until-resumed``
        s.tray.menu.aboutToShow.emit()  # the person opens the tray's menu
        qtbot.waitUntil(lambda: s.tray is not None and s.tray.paused, timeout=5000)
        assert "Notifications paused until you resume" in s.tray.tooltip()
        s.tray.set_quiet(True, "until 07:00")
        assert "Quiet hours until 07:00: notifications are held for the digest" \
            in s.tray.tooltip()
    finally:
        stop_shell(s)


def test_the_tray_counts_notified_items_until_the_inbox_is_looked_at(
        qtbot: QtBot, paths: Paths) -> None:
    """The badge says how many items were notified since the person last looked at the inbox
    (its tooltip: "4 new stories"). A live session showed 2 after a single bubble and a
    burst of 4 grouped, and kept it while the inbox was in front of them."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=True)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        assert s.tray is not None
        s.on_notification(NotificationPlanned(1, "single", "One", "Feed", "why", (1,)))
        s.on_notification(NotificationPlanned(2, "group", "4 new stories for you", "…",
                                              "a burst in one round, grouped", (2, 3, 4, 5)))
        assert s.tray.count == 5
        assert "5 new stories" in s.tray.tooltip()
        s.open_inbox()  # the count clears once the inbox shows them (inbox/new_stories.py)
        qtbot.waitUntil(lambda: s.tray is not None and s.tray.count == 0, timeout=5000)
        s.on_notification(NotificationPlanned(3, "single", "Six", "Feed", "why", (6,)))
        # counted unless the inbox is the active window (offscreen, it is not)
        assert s.tray.count == (0 if s.inbox.isActiveWindow() else 1)
        QApplication.sendEvent(s.inbox, QEvent(QEvent.Type.WindowActivate))
        assert s.tray.count == 0  # the person came back to the inbox
    finally:
        stop_shell(s)


def test_a_reaction_on_a_bubble_takes_its_items_off_the_trays_count(
        qtbot: QtBot, paths: Paths) -> None:
    """A live session: after Like on one of two bubbles in dunst, the tray still said 2 new
    ("Open inbox (2 new)"), counting the story the person had just dealt with. A bubble that
    expired unread still counts; a second action on a bubble takes nothing more off."""
    from notify.app.notifier.base import (
        ACTION_DISMISS,
        ACTION_IGNORE,
        ACTION_LIKE,
        BubbleReaction,
    )

    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=True)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        assert s.tray is not None
        s.on_notification(NotificationPlanned(1, "single", "One", "Feed", "why", (1,)))
        s.on_notification(NotificationPlanned(2, "single", "Two", "Feed", "why", (2,)))
        s.on_notification(NotificationPlanned(3, "single", "Three", "Feed", "why", (3,)))
        assert s.tray.count == 3
        s.on_reaction(BubbleReaction(1, (1,), ACTION_LIKE))
        assert s.tray.count == 2 and s.tray.inbox_text() == "Open inbox (2 new)"
        s.on_reaction(BubbleReaction(2, (2,), ACTION_IGNORE))  # expired unread
        assert s.tray.count == 2
        s.on_reaction(BubbleReaction(3, (3,), ACTION_DISMISS))
        assert s.tray.count == 1 and "1 new story" in s.tray.tooltip()
        s.on_reaction(BubbleReaction(3, (3,), ACTION_DISMISS))  # counted once, taken off once
        assert s.tray.count == 1
    finally:
        stop_shell(s)


def test_the_tray_counts_stories_not_items(qtbot: QtBot, paths: Paths) -> None:
    """Regression: the badge and the tooltip counted items: one story from two sources (one
    bubble) counted 2, and a burst of 3 stories told by 5 items 5. A story counts once."""
    from notify.app.notifier.base import ACTION_LIKE, BubbleReaction
    from notify.core.store.db import connect
    from tests.app.conftest import fill

    fill(paths.db, 10)
    with closing(connect(paths.db)) as conn:
        conn.execute("UPDATE items SET group_key = 'story-a' WHERE id IN (1, 2)")
        conn.execute("UPDATE items SET group_key = 'story-b' WHERE id IN (3, 4, 5)")
        conn.commit()
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=True)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        assert s.tray is not None
        s.on_notification(NotificationPlanned(1, "single", "A", "Source 1 — also in: Source 2",
                                              "why", (1, 2)))
        assert s.tray.count == 1 and "\n1 new story\n" in s.tray.tooltip()
        # a burst: story b (3 items), items 6 and 7 alone
        s.on_notification(NotificationPlanned(2, "group", "3 new stories from Source 1…",
                                              "…", "they came in at once", (3, 4, 5, 6, 7)))
        qtbot.waitUntil(lambda: s.tray is not None and s.tray.count == 4, timeout=5000)
        assert "4 new stories" in s.tray.tooltip()
        assert s.tray.inbox_text() == "Open inbox (4 new)"
        s.on_reaction(BubbleReaction(1, (1, 2), ACTION_LIKE))  # the story dealt with: once
        assert s.tray.count == 3
    finally:
        stop_shell(s)


class AnnouncingPopup(PopupNotifier):
    """The popup, with a desktop that shows Notify's notices as notifications."""

    def __init__(self) -> None:
        super().__init__()
        self.announced: list[str] = []
        self.actions: list[str] = []  # what a click on each notice announced does, in words
        self.withdrawn: list[str] = []  # the notices whose bubbles were closed

    def announce(self, text: str, action: str = "") -> bool:
        self.announced.append(text)
        self.actions.append(action)
        return True

    def withdraw(self, text: str) -> None:
        if text in self.announced:
            self.withdrawn.append(text)


def test_a_notice_is_a_desktop_notification_once_while_it_stands(
        qtbot: QtBot, paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """A live session: with the inbox closed, a notice ("Poll now failed: …") came as Qt's
    own balloon by the tray, over dunst's bubbles and unlike them; and each repeat of a notice
    already standing popped up again."""
    notifier = AnnouncingPopup()
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=notifier, use_tray=True)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        assert s.tray is not None and s.inbox is None
        balloons: list[tuple[str, str]] = []
        monkeypatch.setattr(s.tray.icon, "showMessage", lambda *a: balloons.append(a))
        s.board.add("Poll now failed: the disk is full")
        s.board.add("Poll now failed: the disk is full")  # the same, still standing
        assert notifier.announced == ["Poll now failed: the disk is full"] and balloons == []
        assert s.notices == ["Poll now failed: the disk is full"]
        s.board.dismissed()  # Dismiss in the inbox's footer: a repeat is news again
        s.board.add("Poll now failed: the disk is full")
        assert len(notifier.announced) == 2
        notifier.announce = lambda _text, _action="": False  # type: ignore[method-assign]
        s.board.add("No desktop notification service")
        assert balloons == [("Notify", "No desktop notification service")]
    finally:
        stop_shell(s)


def test_a_second_launch_during_the_welcome_brings_the_welcome_forward(
        qtbot: QtBot, paths: Paths) -> None:
    """A live session: a second `notify` while the welcome was open put an empty inbox over
    it; the welcome is the window the person was in. Once it is done, the inbox comes."""
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=True)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        qtbot.waitUntil(lambda: s.firstrun is not None and s.firstrun.isVisible(), timeout=5000)
        s.activate("activate")
        assert s.firstrun.isVisible() and s.inbox is None  # no inbox over it
        s.firstrun.skip_button.click()  # "Add sources later": the inbox is the home
        qtbot.waitUntil(lambda: s.inbox is not None and s.inbox.isVisible(), timeout=5000)
        s.activate("activate")
        assert s.inbox.isVisible()
    finally:
        stop_shell(s)


def test_poll_health_names_failing_sources(qtbot: QtBot, shell: Shell) -> None:
    from notify.app.shell import poll_health

    out: list[Any] = []
    shell.bridge.submit(lambda e: e.add_source("feed", "http://127.0.0.1:9/down.xml",
                                               title="Down feed"), out.append, out.append)
    qtbot.waitUntil(lambda: bool(out), timeout=5000)
    shell.bridge.submit(lambda e: e.poll(), out.append, out.append)
    qtbot.waitUntil(lambda: len(out) == 2, timeout=15_000)
    shell.bridge.submit(poll_health, out.append, out.append)
    qtbot.waitUntil(lambda: len(out) == 3, timeout=5000)
    last_poll, failing = out[2]
    assert last_poll is not None and failing == ["Down feed"]


def test_without_a_tray_the_inbox_reaches_every_command(qtbot: QtBot, shell: Shell) -> None:
    """Regression: with no tray (or one GNOME hides), the inbox had no way to Settings, Poll
    now, Pause or Quit. Its menu bar now shows the tray's own actions."""
    from PySide6.QtGui import QKeySequence

    inbox = shell.inbox
    assert shell.tray is None and inbox is not None
    menus = {m.title().replace("&", ""): m for m in
             (a.menu() for a in inbox.menuBar().actions()) if m is not None}
    app_menu = menus["Notify"]
    entries = [a for a in app_menu.actions() if not a.isSeparator()]
    labels = [a.text() for a in entries]
    for label in ("Poll now", "Pause notifications", "Settings…", "Quit"):
        assert label in labels, labels
    # the same QAction objects as the tray would show: one place for each command
    settings = shell.actions.action("settings")
    assert settings in entries and shell.actions.action("poll") in entries
    assert QKeySequence("Ctrl+,") in settings.shortcuts()
    assert QKeySequence("F5") in shell.actions.action("poll").shortcuts()
    assert QKeySequence("Ctrl+Q") in shell.actions.action("quit").shortcuts()
    # every command is the window's own too, so its key works in the inbox
    assert settings in inbox.actions()
    settings.trigger()
    assert shell.settings is not None and shell.settings.isVisible()

    pause_menu = next(a.menu() for a in entries if a.text() == "Pause notifications")
    next(a for a in pause_menu.actions() if a.text() == "Until I resume").trigger()
    assert shell.is_paused()
    resume = shell.actions.action("resume")
    assert resume in app_menu.actions() and resume.isVisible()
    assert inbox.paused_note.isVisibleTo(inbox)
    resume.trigger()
    assert not shell.is_paused() and not inbox.paused_note.isVisibleTo(inbox)

    with qtbot.waitSignal(shell.bridge.pollFinished, timeout=10_000):
        shell.actions.action("poll").trigger()
    shell.actions.quit.disconnect(shell.quit_asked)  # the fixture stops the shell itself
    with qtbot.waitSignal(shell.actions.quit):
        shell.actions.action("quit").trigger()


def test_the_empty_inbox_points_at_settings_sources(qtbot: QtBot, shell: Shell) -> None:
    """The footer says the fact; the item pane the next step, once: with no source, "Add a
    source…" opens Settings on its Sources page, the keyboard in the new source's address."""
    inbox = shell.inbox
    qtbot.waitUntil(lambda: "No items yet" in inbox.status.text(), timeout=5000)
    qtbot.waitUntil(lambda: inbox.pane.empty_button.text() == "Add a source…", timeout=5000)
    inbox.pane.empty_button.click()
    settings = shell.settings
    assert settings is not None and settings.isVisible()
    assert settings.tabs.currentIndex() == 0  # Sources
    assert settings.focusWidget() is settings.sources.add_url


def test_settings_shortcut_works_in_the_inbox(qtbot: QtBot, shell: Shell) -> None:
    from PySide6.QtCore import Qt

    inbox = shell.inbox
    # no sources: the welcome dialog opens first; the person closes it
    qtbot.waitUntil(lambda: shell.firstrun is not None and shell.firstrun.isVisible())
    shell.firstrun.close()
    inbox.activateWindow()
    qtbot.waitUntil(lambda: inbox.isActiveWindow())
    inbox.view.setFocus()
    qtbot.keyClick(inbox.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shell.settings is not None and shell.settings.isVisible(),
                    timeout=2000)


def test_the_settings_window_takes_the_keys_of_every_window(qtbot: QtBot,
                                                            shell: Shell) -> None:
    """Ctrl+Q did nothing in Settings (a live session: the person had to find the inbox to
    quit), nor did Ctrl+W close it."""
    from PySide6.QtCore import Qt

    qtbot.waitUntil(lambda: shell.firstrun is not None and shell.firstrun.isVisible())
    shell.firstrun.close()
    shell.open_settings()
    settings = shell.settings
    assert settings is not None
    assert shell.actions.action("quit") in settings.actions()
    assert shell.actions.action("poll") in settings.actions()
    settings.activateWindow()
    qtbot.waitUntil(lambda: settings.isActiveWindow())
    qtbot.keyClick(settings, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not settings.isVisible(), timeout=2000)


def fake_xdg_open(tmp_path: Path, exit_code: int) -> str:
    """An xdg-open that records the link and exits as told (3: "no method available", what
    the real one does with no browser installed)."""
    script = tmp_path / f"xdg-open-{exit_code}"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$1\" >> {tmp_path}/opened\n"
                      f"exit {exit_code}\n")
    script.chmod(0o755)
    return str(script)


def first_item(qtbot: QtBot, shell: Shell, httpserver: Any) -> int:
    """The newest item of a feed polled through the shell's engine."""
    return polled_ids(qtbot, shell.bridge, httpserver, "/o.xml")[-1]


def test_open_without_a_browser_shows_the_item_in_the_inbox_and_is_not_an_open(
        qtbot: QtBot, shell: Shell, httpserver: Any, tmp_path: Path) -> None:
    """xdg-open with no browser fails on its own ("no method available"); the person is told,
    the item shown in the inbox, and no "open" is learned from it."""
    from notify.app.notifier.base import ACTION_OPEN, BubbleReaction
    from notify.app.notifier.browser import LinkOpener
    from tests.app.conftest import call

    item_id = first_item(qtbot, shell, httpserver)
    shell.bubbles.links = LinkOpener(shell, xdg_open=fake_xdg_open(tmp_path, 3))
    shell.inbox.hide()
    shell.on_reaction(BubbleReaction(5, (item_id,), ACTION_OPEN, ("http://127.0.0.1/1",)))
    qtbot.waitUntil(lambda: shell.inbox.isVisible(), timeout=5000)
    assert "No web browser could open the link" in shell.inbox.status.text()
    assert (tmp_path / "opened").read_text() == "http://127.0.0.1/1\n"
    qtbot.wait(300)
    assert call(qtbot, shell.bridge, lambda e: e.item(item_id)).reaction is None


def test_open_with_a_browser_is_recorded(qtbot: QtBot, shell: Shell, httpserver: Any,
                                         tmp_path: Path) -> None:
    from notify.app.notifier.base import ACTION_DEFAULT, BubbleReaction
    from notify.app.notifier.browser import LinkOpener
    from tests.app.conftest import call

    item_id = first_item(qtbot, shell, httpserver)
    shell.bubbles.links = LinkOpener(shell, xdg_open=fake_xdg_open(tmp_path, 0))
    shell.on_reaction(BubbleReaction(5, (item_id,), ACTION_DEFAULT, ("http://127.0.0.1/1",)))
    qtbot.waitUntil(lambda: call(qtbot, shell.bridge,
                                 lambda e: e.item(item_id)).reaction == "open", timeout=5000)
    assert "No web browser" not in shell.inbox.status.text()


def test_the_first_runs_opml_import_shows_what_it_found(qtbot: QtBot, shell: Shell,
                                                        tmp_path: Path) -> None:
    """As in Settings → Sources: a repaired file, an address without a scheme, a duplicate
    are listed over the inbox, not only counted."""
    opml = tmp_path / "Tech.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>A & B</title>'
                    '</head><body>'
                    '<outline text="A" type="rss" xmlUrl="127.0.0.1:9/a.xml"/>'
                    '<outline text="A again" type="rss" xmlUrl="https://127.0.0.1:9/a.xml"/>'
                    '</body></opml>')
    qtbot.waitUntil(lambda: shell.firstrun is not None and shell.firstrun.isVisible())
    shell.firstrun.use_opml(opml)
    shell.firstrun.start_button.click()
    # the welcome dialog says what it did; the import's details open over the inbox after it
    qtbot.waitUntil(lambda: shell.firstrun.done_button.isVisible(), timeout=15_000)
    shell.firstrun.done_button.click()
    qtbot.waitUntil(lambda: shell.import_report is not None, timeout=15_000)
    report = shell.import_report
    assert report.isVisible() and report.windowTitle() == "Imported Tech.opml"
    lines = report.lines()
    assert any("repaired" in line for line in lines)
    assert any("has no http:// or https://" in line for line in lines)
    assert any("the same feed as" in line for line in lines)
    report.close()


def test_a_pause_chosen_before_the_start_read_arrives_stays(qtbot: QtBot, paths: Paths) -> None:
    """Regression: the start's read of the stored pause, answered after the person paused,
    ended that pause (the older answer overwrote the newer state)."""
    from notify.core.pause import PAUSED_UNTIL

    # the engine's answers about the pause, held back: the start's read, then any later one
    first, later = threading.Event(), threading.Event()
    reads: list[float] = []
    build = default_factory(str(paths.data_dir))

    def held(listener: Any) -> Any:
        engine = build(listener)
        read = engine.setting

        def setting(key: str) -> Any:
            if key == PAUSED_UNTIL:
                (later if reads else first).wait(10)
                reads.append(read(key))
                return reads[-1]
            return read(key)

        engine.setting = setting
        return engine

    s = Shell(paths, held, notifier=PopupNotifier(), use_tray=False)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        assert not s.is_paused()  # the start's read is asked, its answer held back
        s.actions.action("pause-hour").trigger()
        assert s.is_paused()
        first.set()  # the old answer (not paused) arrives now; then the pause is saved
        call(qtbot, s.bridge, lambda _engine: None)  # delivered after that answer
        assert reads == [0.0]  # (the read its save asks for is held back still)
        assert s.is_paused() and s.actions.paused
        assert s.inbox is not None and s.inbox.pause_button is not None
        assert s.inbox.pause_button.isChecked()
        later.set()  # the read after the save: the same pause
        qtbot.waitUntil(lambda: len(reads) == 2, timeout=5000)
        call(qtbot, s.bridge, lambda _engine: None)
        assert reads[1] == pytest.approx(s.paused_until) and s.is_paused()
    finally:
        first.set()
        later.set()
        stop_shell(s)


def test_quit_asks_about_settings_not_saved_and_quits_once_they_are(
        qtbot: QtBot, shell: Shell) -> None:
    """Regression: Quit from the tray (or Ctrl+Q) with Quiet hours ticked in Settings, not
    saved: Notify ended and the tick was lost without a word."""
    from PySide6.QtWidgets import QCheckBox

    shell.open_settings()
    settings = shell.settings
    page = settings.notifications
    settings.show_page(page)
    qtbot.waitUntil(lambda: bool(page.loaded), timeout=5000)
    switch = page.widgets["notify.quiet_enabled"]
    assert isinstance(switch, QCheckBox)
    switch.setChecked(True)
    ended: list[bool] = []
    shell.finished.connect(lambda: ended.append(True))
    shell.actions.action("quit").trigger()
    qtbot.waitUntil(lambda: settings.question is not None, timeout=3000)
    assert not ended  # asked first
    box = settings.question
    next(b for b in box.buttons() if b.text().replace("&", "") == "Save").click()
    qtbot.waitUntil(lambda: bool(ended), timeout=5000)  # quit once stored
    # stored before the engine stopped: read it back from the database
    from notify.core.store.db import connect

    conn = connect(shell.paths.db)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'notify.quiet_enabled'"
                           ).fetchone()
    finally:
        conn.close()
    assert row is not None and row[0] in ("true", "1", 1, "True")


def test_a_click_on_a_bubble_shows_its_item_whatever_the_inbox_showed_last(
        qtbot: QtBot, paths: Paths) -> None:
    """The inbox opened for a bubble (its Show choice of the last run, another source, put
    back) selects the bubble's item in All items and says why. Regression: nothing was
    selected, the list showed the other source."""
    from notify.app.inbox import query
    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow
    from notify.app.notifier.base import ACTION_INBOX, BubbleReaction
    from notify.app.window_state import WindowState
    from notify.core.store.db import connect
    from tests.app.conftest import fill

    fill(paths.db, 1000)  # item i is from source i % 3 + 1
    with closing(connect(paths.db)) as conn, conn:  # saved: a round's retention keeps it
        conn.execute("UPDATE items SET saved = 1 WHERE id = 998")  # (its items are months old)
    reader = Reader(paths.db)
    try:
        last = InboxWindow(None, reader)
        qtbot.addWidget(last)
        qtbot.waitUntil(lambda: last.filters.box.count() > 6, timeout=5000)
        last.filters.box.setCurrentIndex(last.filters.box.findData("source:1"))
        WindowState(paths.window_state).save(last, "inbox")  # as the shell does on close
        last.close()
    finally:
        reader.close()
    s = Shell(paths, default_factory(str(paths.data_dir)), notifier=PopupNotifier(),
              use_tray=False)
    try:
        with qtbot.waitSignal(s.bridge.started, timeout=10_000):
            s.start()
        # (without a tray the inbox is the home window: made as the shell starts, its
        # remembered Show choice put back)
        s.on_reaction(BubbleReaction(7, (998,), ACTION_INBOX))  # from source 3
        inbox = s.inbox
        assert inbox is not None and inbox.isVisible()
        qtbot.waitUntil(lambda: inbox.selection.current_id() == 998
                        and inbox.pane.item is not None and inbox.pane.item.id == 998,
                        timeout=10_000)
        assert inbox.model.filter == query.InboxFilter()
        assert "Source: Source 1 does not list “Item number 998" in inbox.status.text()
    finally:
        stop_shell(s)


def test_poll_now_says_how_many_sources_are_read_as_it_goes(qtbot: QtBot,
                                                             shell: Shell) -> None:
    """Regression (s15): Poll now over 751 sources said "Polling…" alone for ~30 s. Now the
    footer counts the sources read ("Polling… 1 of 3 sources"), then says the round's result."""
    from tests.support.hostile_server import HostileServer

    with HostileServer() as server:
        def add(engine: Any) -> None:
            for ms in (0, 1500, 3000):
                engine.add_source("feed", server.url(f"/slow?ms={ms}"), title=f"Slow {ms}")

        call(qtbot, shell.bridge, add)
        said: list[str] = []
        status = shell.inbox.footer.status
        shell.poll_now()
        qtbot.waitUntil(lambda: said.append(status.text()) or "3 sources checked" in said[-1],
                        timeout=15_000)
    counts = [t for t in said if t.startswith("Polling… ") and " of 3 sources" in t]
    assert counts and counts[0] in ("Polling… 1 of 3 sources", "Polling… 2 of 3 sources")
    assert "Polling… 3 of 3 sources" not in said  # the last one is the round's result

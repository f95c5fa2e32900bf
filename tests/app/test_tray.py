"""The tray's menu (the shared app actions), badge and tooltip (offscreen: no tray host, but
the object works)."""

from __future__ import annotations

import time

import pytest
from pytestqt.qtbot import QtBot

from notify.app.actions import PAUSE_HOUR, PAUSE_TOMORROW, PAUSE_UNTIL_RESUMED, AppActions
from notify.app.shell import pause_until
from notify.app.tray import Tray, badge_icon


def test_menu_has_every_entry_with_a_name(qtbot: QtBot) -> None:
    tray = Tray()
    labels = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert labels[:3] == ["Open inbox", "Poll now", "Pause notifications"]
    assert "Settings…" in labels and labels[-1] == "Quit"
    with qtbot.waitSignal(tray.actions.pause) as blocker:
        tray.action(f"pause-{PAUSE_HOUR}").trigger()
    assert blocker.args == [PAUSE_HOUR]
    with qtbot.waitSignal(tray.actions.pollNow):
        tray.action("poll").trigger()
    with qtbot.waitSignal(tray.actions.openInbox):
        tray.action("inbox").trigger()


def test_the_tray_shows_the_shared_actions_and_their_state() -> None:
    actions = AppActions()
    tray = Tray(actions)
    assert tray.action("settings") is actions.action("settings")
    assert actions.pause_menu.menuAction() in tray.menu.actions()
    actions.set_paused(True)
    assert actions.action("resume").isVisible()
    assert not actions.pause_menu.menuAction().isVisible()
    actions.set_polling(True)
    assert not tray.action("poll").isEnabled()


def test_tooltip_shows_count_last_poll_and_failing_sources() -> None:
    tray = Tray()
    tray.set_count(3)
    tray.set_poll_status(time.time(), ["Broken feed", "Other"])
    tip = tray.tooltip()
    assert "3 new stories" in tip
    assert "Last poll at " in tip
    assert "Failing: Broken feed, Other" in tip
    tray.set_polling(True)
    assert "Polling…" in tray.tooltip()
    tray.set_poll_status(time.time(), [])
    assert "Polling…" not in tray.tooltip() and "Failing" not in tray.tooltip()
    tray.set_paused(True, "until 14:30")
    assert "Notifications paused until 14:30" in tray.tooltip()
    tray.set_poll_status(time.time(), [], "3 sources checked, 2 new items")
    assert ": 3 sources checked, 2 new items" in tray.tooltip()
    tray.set_count(1)  # not "1 new stories"
    assert "\n1 new story\n" in tray.tooltip()


def test_badge_changes_the_icon() -> None:
    tray = Tray()
    plain = badge_icon(tray._base, 0).pixmap(64, 64).toImage()
    badged = badge_icon(tray._base, 5).pixmap(64, 64).toImage()
    assert not plain.isNull() and plain != badged


def test_pause_choices() -> None:
    now = 1_780_000_000.0
    assert pause_until(PAUSE_HOUR, now) == now + 3600
    assert pause_until(PAUSE_UNTIL_RESUMED, now) == -1
    tomorrow = pause_until(PAUSE_TOMORROW, now)
    assert now < tomorrow <= now + 2 * 86400


def test_open_inbox_in_the_menu_says_the_count_the_badge_shows() -> None:
    tray = Tray()
    inbox = tray.action("inbox")
    assert inbox.text() == "Open inbox"
    tray.set_count(2)
    assert inbox.text() == "Open inbox (2 new)"
    assert inbox in tray.menu.actions()
    tray.set_count(3)
    assert inbox.text() == "Open inbox (3 new)"
    tray.set_count(0)  # the inbox was seen: no number
    assert inbox.text() == "Open inbox"


def test_resume_in_the_menu_says_until_when_as_of_when_the_menu_opens(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: paused, the menu said only "Resume notifications" (the tooltip alone said
    until when). It says it now, worked out again as the menu is about to show (no timer):
    "until tomorrow 07:00" is "until 07:00" once the day has turned, and a pause ended by then
    offers Pause again."""
    from notify.app import actions as actions_module
    from notify.core import pause as pausing

    evening = time.mktime((2026, 11, 30, 22, 0, 0, 0, 0, -1))
    clock = [evening]
    monkeypatch.setattr(actions_module.time, "time", lambda: clock[0])
    actions = AppActions()
    tray = Tray(actions)
    resume = tray.action("resume")
    until = pausing.until_tomorrow(evening)  # 07:00 the next morning
    actions.set_paused(True, until)
    tray.set_paused(True, "until tomorrow 07:00")
    assert resume.isVisible() and resume.text() == (
        "Resume notifications (paused until tomorrow 07:00)")
    clock[0] = evening + 3 * 3600  # 01:00: the same pause ends today
    assert resume.text().endswith("(paused until tomorrow 07:00)")  # nothing woke up
    tray.menu.aboutToShow.emit()
    assert resume.text() == "Resume notifications (paused until 07:00)"
    assert "Notifications paused until 07:00" in tray.tooltip()
    clock[0] = until + 1  # over, and the pause's own timer has not said so yet
    tray.menu.aboutToShow.emit()
    assert not resume.isVisible() and actions.pause_menu.menuAction().isVisible()
    actions.set_paused(True, pausing.UNTIL_RESUMED)
    tray.menu.aboutToShow.emit()
    assert resume.text() == "Resume notifications (paused until you resume)"
    actions.set_paused(True)  # not known when: no words made up
    assert resume.text() == "Resume notifications"
    actions.set_paused(False)
    assert not resume.isVisible() and resume.text() == "Resume notifications"


def test_the_inbox_menu_bar_says_until_when_too(qtbot: QtBot) -> None:
    """The same Resume, in the inbox's Notify menu: said as that menu opens."""
    from PySide6.QtWidgets import QMainWindow

    from notify.core import pause as pausing

    actions = AppActions()
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("&Notify")
    actions.add_app_commands(menu)
    actions.set_paused(True, pausing.UNTIL_RESUMED)
    menu.aboutToShow.emit()
    assert actions.action("resume").text() == "Resume notifications (paused until you resume)"


def test_the_open_menu_stays_on_the_screen_when_the_pause_is_learnt_as_it_opens(
        qtbot: QtBot) -> None:
    """A new user's session: `notify pause 2h` from a terminal, then the tray's menu, opened at
    the screen's right edge; the engine's answer (asked as the menu opens) came once it was
    up, "Resume notifications (paused until 21:11)" replaced the narrower "Pause
    notifications", and the open menu grew past the screen's edge: its text and keys cut. It
    is moved back onto the screen."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QGuiApplication

    tray = Tray()
    menu = tray.menu
    screen = QGuiApplication.primaryScreen().availableGeometry()
    menu.popup(QPoint(screen.right() - menu.sizeHint().width(), screen.top() + 10))
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    before = menu.geometry()
    assert before.right() <= screen.right()
    # the pause as the engine tells it, while the menu is open
    tray.actions.set_paused(True, time.time() + 7200)
    tray.set_paused(True, tray.actions.pause_words())
    qtbot.waitUntil(lambda: menu.geometry().width() > before.width(), timeout=5000)
    qtbot.wait(50)
    shown = menu.geometry()
    assert shown.right() <= screen.right(), (shown, screen)
    assert shown.left() >= screen.left()
    assert tray.action("resume").isVisible() and "paused until" in tray.action("resume").text()
    menu.hide()

"""The inbox toolbar's Pause: the app's own pause commands, showing the real paused state."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QToolBar
from pytestqt.qtbot import QtBot

from notify.app.inbox.pause_button import PauseButton
from notify.app.shell import Shell
from notify.core.paths import Paths
from tests.app.conftest import assert_not_blank, call
from tests.app.test_shell import pause_from_a_terminal, shell

__all__ = ["shell"]  # the app's shell, as test_shell starts and stops it


def toolbar_pause(shell: Shell) -> PauseButton:
    assert shell.inbox is not None
    bar = shell.inbox.findChild(QToolBar, "inbox-toolbar")
    assert bar is not None
    button = bar.findChild(PauseButton, "inbox-pause")
    assert button is not None and button.isVisibleTo(shell.inbox)
    return button


def test_the_toolbar_pauses_says_until_when_and_resumes(qtbot: QtBot, shell: Shell,
                                                        shots_dir: Path) -> None:
    """Regression: the tray and the menus had Pause, the inbox's toolbar did not."""
    button = toolbar_pause(shell)
    # the shell's first read of the pause is answered before this pause: through the engine's
    # thread, in order (an answer read before the pause was saved would end it)
    call(qtbot, shell.bridge, lambda _engine: None)
    assert not button.isChecked() and button.text() == "Pause"
    # the very submenu the tray and the menu bar show: one set of pause commands, opened
    # without waiting for it to close (a QToolButton's own menu would hold the test here)
    menu = shell.actions.pause_menu
    button.click()
    assert menu.isVisible()
    menu.hide()
    shell.actions.action("pause-hour").trigger()  # "For 1 hour", as chosen from that menu
    assert shell.is_paused()
    until = time.strftime("%H:%M", time.localtime(shell.paused_until))
    if time.localtime(shell.paused_until)[:3] != time.localtime()[:3]:
        until = f"tomorrow {until}"  # paused in the last hour of the day
    assert button.isChecked()
    assert button.text() == "Paused"  # as wide whatever until when: until when in its tooltip
    assert f"paused until {until}" in button.toolTip() and "resume" in button.toolTip()
    assert f"paused until {until}" in button.accessibleName()
    # its longer text is shown whole, not elided ("Pa…52")
    qtbot.waitUntil(lambda: button.width() >= button.sizeHint().width(), timeout=2000)
    assert shell.inbox is not None
    assert_not_blank(shell.inbox, shots_dir / "inbox-toolbar-paused.png")
    assert button.isChecked()  # (a click on "Pause" would open its menu)
    button.click()
    assert not shell.is_paused() and not menu.isVisible()  # resumed, no menu
    assert not button.isChecked() and button.text() == "Pause"


def test_the_toolbar_shows_a_pause_set_elsewhere(qtbot: QtBot, shell: Shell,
                                                 paths: Paths) -> None:
    button = toolbar_pause(shell)
    pause_from_a_terminal(paths, -1.0)  # ``notify pause until-resumed``
    shell.check_settings()
    qtbot.waitUntil(button.isChecked, timeout=5000)
    assert button.text() == "Paused"
    assert "paused until you resume" in button.toolTip()
    pause_from_a_terminal(paths, 0.0)  # ``notify resume``
    shell.check_settings()
    qtbot.waitUntil(lambda: not button.isChecked(), timeout=5000)
    assert button.text() == "Pause"


def test_a_click_alone_never_checks_it(qtbot: QtBot) -> None:
    """Checked means paused: a click asks to resume; only the pause's end unchecks it."""
    from notify.app.actions import AppActions

    actions = AppActions()
    button = PauseButton(actions)
    qtbot.addWidget(button)
    button.set_paused(True, "until 14:30")
    with qtbot.waitSignal(actions.resume):
        button.click()
    assert button.isChecked()  # until the shell says the pause ended
    button.set_paused(False)
    assert not button.isChecked()


def test_its_menu_never_waits_and_never_opens_off_screen(qtbot: QtBot) -> None:
    """Regression: the button's menu ran in a nested ``exec()``: a click on "Pause" offscreen
    (a test) waited for ever for a menu nobody could see or close."""
    from notify.app.actions import AppActions

    actions = AppActions()
    bar = QToolBar()
    qtbot.addWidget(bar)
    button = PauseButton(actions, bar)
    bar.addWidget(button)
    button.click()  # not on screen: nothing to show the menu under
    assert not actions.pause_menu.isVisible()
    bar.show()
    qtbot.waitExposed(bar)
    button.click()  # returns at once, the menu open below the button
    assert actions.pause_menu.isVisible()
    assert actions.pause_menu.y() >= button.mapToGlobal(button.rect().bottomLeft()).y()
    actions.pause_menu.hide()


def test_the_toolbar_says_until_when_as_of_when_the_inbox_shows(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, small_db: Path) -> None:
    """The words of a pause are worked out again when the inbox is shown: opened after
    midnight, "Paused until tomorrow 07:00" read as if the day had not turned."""
    from notify.app import actions as actions_module
    from notify.app.actions import AppActions
    from notify.app.inbox.reader import Reader
    from notify.app.inbox.window import InboxWindow
    from notify.core import pause as pausing

    evening = time.mktime((2026, 11, 30, 22, 0, 0, 0, 0, -1))
    clock = [evening]
    monkeypatch.setattr(actions_module.time, "time", lambda: clock[0])
    actions = AppActions()
    actions.set_paused(True, pausing.until_tomorrow(evening))
    reader = Reader(small_db)
    try:
        window = InboxWindow(None, reader, actions=actions)
        qtbot.addWidget(window)
        window.set_paused(True, actions.pause_words())
        assert window.pause_button is not None
        assert "paused until tomorrow 07:00" in window.pause_button.toolTip()
        clock[0] = evening + 3 * 3600  # 01:00
        window.show()
        assert "paused until 07:00" in window.pause_button.toolTip()
        assert "until tomorrow" not in window.pause_button.accessibleName()
        assert "until 07:00" in window.paused_note.text()
    finally:
        reader.close()

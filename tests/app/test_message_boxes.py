"""The app's questions and messages (``message_boxes``) from the keyboard alone: each button is
ringed when it has the keyboard (Qt's static ``QMessageBox.question`` and ``critical`` could
not be: their buttons changed no pixel by 3:1 under Fusion), Enter is the action, Escape
cancels; the Remove question names its action. Real boxes, run modal (``exec``) as the app
runs them, driven by keys while they wait."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from notify.app import message_boxes
from tests.app.test_focus_ring import Stop, faults, tab_through


def while_modal(qtbot: QtBot, act: Callable[[QWidget], None]) -> list[BaseException]:
    """``act(box)`` on the modal box once it waits for its answer (an ``exec`` started right
    after this call); what it raised, returned (the box closed then, so nothing hangs)."""
    raised: list[BaseException] = []

    def run() -> None:
        box = QApplication.activeModalWidget()
        if box is None or not box.isVisible():
            QTimer.singleShot(10, run)
            return
        try:
            box.activateWindow()
            qtbot.waitUntil(box.isActiveWindow, timeout=5000)
            act(box)
        except BaseException as err:  # said after exec() returns
            raised.append(err)
            box.close()

    QTimer.singleShot(0, run)
    return raised


def ringed_buttons(qtbot: QtBot, box: QWidget, shots_dir: Path, name: str) -> list[Stop]:
    stops = tab_through(box, qtbot)
    box.grab().save(str(shots_dir / f"{name}.png"))
    assert faults(stops) == [], [s.name for s in stops]
    return stops


@pytest.mark.parametrize("key, removed", [(Qt.Key.Key_Return, True),
                                          (Qt.Key.Key_Escape, False)])
def test_the_remove_question_rings_its_buttons_and_answers_enter_and_escape(
        qtbot: QtBot, shots_dir: Path, key: Qt.Key, removed: bool) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    seen: list[list[str]] = []

    def act(box: QWidget) -> None:
        stops = ringed_buttons(qtbot, box, shots_dir, "remove-question")
        seen.append([s.name for s in stops])
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        assert default is not None and default.text() == "Remove"
        default.setFocus()
        qtbot.waitUntil(default.hasFocus, timeout=2000)
        qtbot.keyClick(default, key)

    raised = while_modal(qtbot, act)
    answer = message_boxes.confirm(parent, "Remove source", "Remove “Alpha” and all its "
                                   "items? This cannot be undone.", "Remove")
    if raised:
        raise raised[0]
    assert answer is removed
    assert sorted(seen[0]) == ["Cancel", "Remove"]  # named for the action, not Yes / No


def test_notify_cannot_start_rings_its_ok(qtbot: QtBot, shots_dir: Path) -> None:
    shown: list[str] = []

    def act(box: QWidget) -> None:
        stops = ringed_buttons(qtbot, box, shots_dir, "cannot-start")
        shown.extend(s.name for s in stops)
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    raised = while_modal(qtbot, act)
    message_boxes.tell(None, "Notify cannot start", "The database is locked by another "
                       "program. Close it and start Notify again.")
    if raised:
        raise raised[0]
    assert shown == ["OK"]


def test_the_remove_buttons_are_the_apps_question(qtbot: QtBot, monkeypatch: Any,
                                                  bridge: Any) -> None:
    """Settings → Sources' Remove… asks through ``message_boxes.confirm`` (ringed), not Qt's
    static question: its box is the one the app builds."""
    from notify.app.settings.sources_page import SourcesPage
    from tests.app.conftest import call

    call(qtbot, bridge, lambda e: e.add_source("feed", "http://127.0.0.1:9/a.xml", "Alpha"))
    page = SourcesPage(bridge)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    names: list[str] = []

    def act(box: QWidget) -> None:
        names.extend(b.text() for b in box.findChildren(QPushButton))
        assert box.objectName() == "confirm-question"
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    raised = while_modal(qtbot, act)
    page.remove_button.click()
    if raised:
        raise raised[0]
    assert sorted(names) == ["Cancel", "Remove"]
    assert page.tree.topLevelItemCount() == 1  # cancelled: nothing removed


def test_a_message_nobody_answers_fails_the_test_fast(modal_guard: Any) -> None:
    """Regression: a test reaching a modal message no one answered hung in Qt's modal loop,
    where pytest-timeout's 300 s never fired. The guard (tests/app/conftest.py) closes it
    and fails the test saying which message it was."""
    import time

    from tests.app.conftest import ModalDialogUnanswered

    modal_guard.limit_ms = 300
    start = time.monotonic()
    with pytest.raises(ModalDialogUnanswered, match="Notify cannot start"):
        message_boxes.tell(None, "Notify cannot start", "The database is locked.")
    assert time.monotonic() - start < 10
    assert modal_guard.forget() == [
        "QMessageBox “Notify cannot start”: The database is locked."]


def failing_shell(qtbot: QtBot, tmp_path: Path) -> Any:
    """A shell whose engine cannot start (its data folder is a file)."""
    from notify.app.bridge import default_factory
    from notify.app.notifier import PopupNotifier
    from notify.app.shell import Shell
    from notify.core.paths import Paths

    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("x")
    shell = Shell(Paths(tmp_path / "data").ensure(), default_factory(str(not_a_folder)),
                  notifier=PopupNotifier(), use_tray=False)
    return shell


def test_an_engine_that_cannot_start_is_said_then_notify_quits(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(message_boxes, "tell",
                        lambda _parent, title, text, **_kw: told.append((title, text)))
    shell = failing_shell(qtbot, tmp_path)
    with qtbot.waitSignal(shell.finished, timeout=15_000):
        shell.start()
    assert [title for title, _text in told] == ["Notify cannot start"]
    assert "not-a-folder" in told[0][1]


def test_an_engine_failure_nobody_answers_fails_fast_instead_of_hanging(
        qtbot: QtBot, tmp_path: Path, modal_guard: Any) -> None:
    """The shell's own message, reached by a test that did not expect it: the test fails
    within the guard's limit (it hung before)."""
    from tests.app.conftest import ModalDialogUnanswered

    modal_guard.limit_ms = 300
    shell = failing_shell(qtbot, tmp_path)
    with qtbot.captureExceptions() as raised:
        shell.start()
        qtbot.waitUntil(lambda: bool(modal_guard.unanswered), timeout=15_000)
        qtbot.waitUntil(lambda: bool(raised), timeout=5000)
    assert raised[0][0] is ModalDialogUnanswered
    assert modal_guard.forget()[0].startswith("QMessageBox “Notify cannot start”")
    shell.shutdown()

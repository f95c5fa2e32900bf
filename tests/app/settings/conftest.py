from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from notify.app.settings.window import SettingsWindow
from notify.core.paths import Paths


@pytest.fixture
def window(qtbot: QtBot, bridge: Any, paths: Paths) -> SettingsWindow:
    """Settings over the test's engine, shown (a test file may give its own ``window``)."""
    w = SettingsWindow(bridge, paths)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def questions_answered_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question (``message_boxes.confirm``) answered by its action at once; the texts
    asked, in order."""
    from notify.app import message_boxes

    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str, _action: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(message_boxes, "confirm", yes)
    return asked


def showing_one_source(qtbot: QtBot, bridge: Any, paths: Paths, add: Any) -> SettingsWindow:
    """Settings shown, with the one source ``add(engine)`` adds chosen in its Sources list."""
    from tests.app.conftest import call

    call(qtbot, bridge, add)
    window = SettingsWindow(bridge, paths)
    qtbot.addWidget(window)
    window.show()
    page = window.sources
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() == 1, timeout=10_000)
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    return window

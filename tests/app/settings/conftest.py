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

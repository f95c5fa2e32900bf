"""Windows follow the font they show: with a large system font (14 pt) each opens as much
larger as its text is (never larger than the screen), instead of keeping the pixel size made
for 9 pt and cutting or scrolling its text at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from notify.app.text_size import SCREEN_SHARE, text_size
from notify.core.paths import Paths


def with_font(qapp: Any, points: int, make: Callable[[], QWidget]) -> QWidget:
    font = qapp.font()
    font.setPointSize(points)
    before = qapp.font()
    QApplication.setFont(font)
    try:
        return make()
    finally:
        QApplication.setFont(before)


def screen_room() -> QSize:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    room = screen.availableGeometry().size()
    return QSize(int(room.width() * SCREEN_SHARE), int(room.height() * SCREEN_SHARE))


def test_a_size_in_text_grows_with_the_font_and_stays_on_the_screen(qtbot: QtBot,
                                                                    qapp: Any) -> None:
    def size(points: int, chars: float, lines: float) -> QSize:
        widget = with_font(qapp, points, QWidget)
        qtbot.addWidget(widget)
        return text_size(widget, chars, lines)

    small, large = size(9, 40, 10), size(14, 40, 10)
    assert large.width() > small.width() and large.height() > small.height()
    assert size(14, 10_000, 10_000) == screen_room()


def the_settings_window(bridge: Any, paths: Paths) -> QWidget:
    from notify.app.settings.window import SettingsWindow

    return SettingsWindow(bridge, paths)


def the_first_run(bridge: Any, _paths: Paths) -> QWidget:
    from notify.app.firstrun import FirstRunDialog

    return FirstRunDialog(bridge, [])


def the_import_report(_bridge: Any, _paths: Paths) -> QWidget:
    from notify.app.settings.import_report import ImportReportDialog
    from notify.core.errors import Advised
    from notify.core.subscriptions import ImportReport

    return ImportReportDialog("Mine.opml", ImportReport((), (), (), (), (Advised("A warning."),)))


def the_recovery_dialog(_bridge: Any, paths: Paths) -> QWidget:
    from notify.app.recovery import RecoveryDialog
    from notify.core.errors import DatabaseLockedError

    return RecoveryDialog(DatabaseLockedError("database is locked"), Path(paths.db), [])


def a_popup(_bridge: Any, _paths: Paths) -> QWidget:
    from notify.app.notifier.popup import PopupNotifier, PopupWindow
    from notify.core.events import NotificationPlanned

    note = NotificationPlanned(7, "single", "Rust 2.0 released", "The Rust team announced…",
                               "you liked 'rust' 4 times", (42,), ("https://example.org/r",))
    return PopupWindow(note, PopupNotifier())


def opened(window: QWidget) -> tuple[int, int]:
    return window.width(), window.height()


def widest_of_minimum(window: QWidget) -> tuple[int, int]:
    return window.minimumWidth(), 0


def fixed_width(window: QWidget) -> tuple[int, int]:
    return window.maximumWidth(), 0


@pytest.mark.parametrize(("make", "measure"), [
    (the_settings_window, opened), (the_first_run, opened), (the_import_report, opened),
    (the_recovery_dialog, widest_of_minimum), (a_popup, fixed_width)])
def test_a_window_opens_larger_with_a_large_font(qtbot: QtBot, qapp: Any, bridge: Any,
                                                 paths: Paths, make: Any, measure: Any) -> None:
    """Regression: each had a size in pixels (820×720, 640×700, 640×420, at least 560 wide, 400
    wide): at 14 pt the settings cut the source editor's fields at the right, the popup
    wrapped its title after five words."""
    windows = {points: with_font(qapp, points, lambda: make(bridge, paths)) for points in (9, 14)}
    for window in windows.values():
        qtbot.addWidget(window)
    room = screen_room()
    small, large = measure(windows[9]), measure(windows[14])
    assert large[0] > small[0] or large[0] == room.width()
    assert large[1] > small[1] or large[1] == room.height() or large[1] == small[1] == 0
    assert large[0] <= room.width() and large[1] <= room.height()  # on the screen


SCREEN_KEPT = """
import gc
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog
from notify.app.text_size import text_size
app = QApplication([])
for points in (9, 14):  # two windows sized in text, as the first run's at two fonts
    window = QDialog()
    window.me = window  # in a reference cycle: freed by the collector, not Qt
    text_size(window, 40, 10)
    del window
gc.collect()
print([type(s).__name__ for s in QGuiApplication.screens()], flush=True)
QDialog()  # made against the application's screen
print("made", flush=True)
"""


def test_windows_sized_to_their_screen_never_take_the_screen_with_them(
        tmp_path: Path, qapp: Any) -> None:
    """Regression: ``test_text_size.py`` run alone died in Qt's screen lookup (a segmentation
    fault making the import report's dialog, after the first run's two). ``text_size`` asked
    ``QWidget.screen()``, which in PySide 6.11 makes the ``QScreen`` a child of the widget on
    the Python side: two such windows freed by Python's collector deleted the application's
    screen, and the next widget crashed. In a process of its own (it crashed before)."""
    import os
    import subprocess
    import sys

    import shiboken6

    done = subprocess.run([sys.executable, "-c", SCREEN_KEPT], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "PYTHONPATH": os.pathsep.join(sys.path)})
    assert (done.returncode, done.stdout.split()) == (0, ["['QScreen']", "made"]), done.stderr
    # here too: asking a window's screen leaves the screen nobody's child
    window = QWidget()
    text_size(window, 40, 10)
    screen = QGuiApplication.primaryScreen()
    assert screen is not None and "parent" not in shiboken6.dump(screen)
    window.deleteLater()

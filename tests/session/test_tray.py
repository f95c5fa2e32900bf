"""The tray icon is embedded in a real XEmbed tray (trayer)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QGuiApplication, QPixmap
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.exceptions import TimeoutError as WaitTimeout
from pytestqt.qtbot import QtBot

from notify.app.tray import Tray


def test_tray_icon_is_embedded(qtbot: QtBot, shots_dir: Path) -> None:
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=10_000)
    tray = Tray()
    tray.set_count(4)
    tray.show()
    qtbot.waitUntil(lambda: tray.icon.geometry().width() > 0, timeout=10_000)
    geometry = tray.icon.geometry()
    assert tray.icon.isVisible()
    assert geometry.height() > 0
    screen = QGuiApplication.primaryScreen()
    shots: list[QPixmap] = []

    def painted() -> bool:
        """trayer sits top right (run.sh: 200x32); our bell's blue must be painted inside it."""
        shots.append(screen.grabWindow(0))
        area = shots[-1].copy(QRect(shots[-1].width() - 200, 0, 200, 32)).toImage()
        blues = sum(1 for x in range(area.width()) for y in range(area.height())
                    if _near(QColor(area.pixel(x, y)), QColor("#2f6fd6")))
        return blues > 10

    try:  # until it is painted (was a fixed 300 ms), 10 s at most
        qtbot.waitUntil(painted, timeout=10_000)
    except WaitTimeout:
        raise AssertionError("Notify's tray icon is not painted inside the tray") from None
    finally:
        assert shots[-1].save(str(shots_dir / "screen-tray.png"))
    tray.hide()


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60

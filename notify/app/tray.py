"""The tray icon: count of new notified items, and the menu (Open inbox, Poll now, Pause
notifications, Settings, Quit). The tooltip shows the last poll and the failing sources.

Emits intents only; the shell decides what they do. Without a system tray the shell makes the
inbox window the home instead.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from notify.app.icons import TRAY_ICON, TRAY_PAUSED_ICON
from notify.app.qtcompat import emit

PAUSE_HOUR = "hour"
PAUSE_TOMORROW = "tomorrow"
PAUSE_UNTIL_RESUMED = "resumed"


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


def badge_icon(base: QIcon, count: int, size: int = 64) -> QIcon:
    """The tray icon with the count of new notified items drawn in a corner."""
    pixmap = base.pixmap(size, size)
    if count <= 0:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = str(count) if count < 100 else "99+"
    rect = QRect(size // 2 - 4, 0, size // 2 + 4, size // 2 + 4)
    painter.setBrush(QColor("#d93025"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(size // 3 if count < 10 else size // 4)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    openInbox = Signal()
    pollNow = Signal()
    pause = Signal(str)  # PAUSE_HOUR | PAUSE_TOMORROW | PAUSE_UNTIL_RESUMED
    resume = Signal()
    openSettings = Signal()
    quit = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base = QIcon(str(TRAY_ICON))
        self._paused_icon = QIcon(str(TRAY_PAUSED_ICON))
        self.count = 0
        self.paused = False
        self.last_poll: float | None = None
        self.failing: list[str] = []
        self.polling = False
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.menu.setAccessibleName(tr("Notify menu"))
        self._actions: dict[str, QAction] = {}
        self._add("inbox", tr("Open inbox"), lambda: emit(self.openInbox))
        self._add("poll", tr("Poll now"), lambda: emit(self.pollNow))
        pause_menu = self.menu.addMenu(tr("Pause notifications"))
        pause_menu.setAccessibleName(tr("Pause notifications"))
        self.pause_menu = pause_menu
        for key, label in ((PAUSE_HOUR, tr("For 1 hour")),
                           (PAUSE_TOMORROW, tr("Until tomorrow")),
                           (PAUSE_UNTIL_RESUMED, tr("Until I resume"))):
            action = pause_menu.addAction(label)
            action.triggered.connect(lambda _=False, k=key: emit(self.pause, k))
            self._actions[f"pause-{key}"] = action
        self._add("resume", tr("Resume notifications"), lambda: emit(self.resume))
        self.menu.addSeparator()
        self._add("settings", tr("Settings…"), lambda: emit(self.openSettings))
        self.menu.addSeparator()
        self._add("quit", tr("Quit"), lambda: emit(self.quit))
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self._refresh()

    def _add(self, key: str, label: str, slot: object) -> None:
        action = self.menu.addAction(label)
        action.triggered.connect(slot)
        self._actions[key] = action

    def action(self, key: str) -> QAction:
        return self._actions[key]

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_count(self, count: int) -> None:
        self.count = max(0, count)
        self._refresh()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._refresh()

    def set_polling(self, polling: bool) -> None:
        self.polling = polling
        self._actions["poll"].setEnabled(not polling)
        self._refresh()

    def set_poll_status(self, last_poll: float | None, failing: list[str]) -> None:
        self.polling = False
        self._actions["poll"].setEnabled(True)
        self.last_poll = last_poll
        self.failing = list(failing)
        self._refresh()

    def tooltip(self) -> str:
        lines = [tr("Notify")]
        if self.count:
            lines.append(tr("{0} new notified items").format(self.count))
        if self.paused:
            lines.append(tr("Notifications paused"))
        if self.polling:
            lines.append(tr("Polling…"))
        if self.last_poll:
            lines.append(tr("Last poll: {0}").format(
                time.strftime("%H:%M", time.localtime(self.last_poll))))
        else:
            lines.append(tr("Not polled yet"))
        if self.failing:
            shown = ", ".join(self.failing[:5])
            more = len(self.failing) - 5
            if more > 0:
                shown += tr(" and {0} more").format(more)
            lines.append(tr("Failing: {0}").format(shown))
        return "\n".join(lines)

    def _refresh(self) -> None:
        base = self._paused_icon if self.paused else self._base
        self.icon.setIcon(badge_icon(base, self.count))
        self.icon.setToolTip(self.tooltip())
        self._actions["resume"].setVisible(self.paused)
        self.pause_menu.menuAction().setVisible(not self.paused)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            emit(self.openInbox)

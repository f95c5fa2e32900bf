"""The tray icon: count of new notified stories (``tray_count.py``), and the menu (Open inbox,
with that count when there is one: "Open inbox (2 new)"; Poll now, Pause notifications,
Settings, Quit: the shared ``AppActions``). While paused, its Resume says until when ("Resume
notifications (paused until 14:30)"), as of when the menu opens. The tooltip shows the last
poll and the failing sources, and when today's notification budget is used while more stories
were left out for it.

Emits intents only (through the actions); the shell decides what they do. Without a system tray
the shell makes the inbox window the home instead; its menu bar offers the same actions.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from notify.app.actions import AppActions
from notify.app.icons import TRAY_ICON, TRAY_PAUSED_ICON
from notify.app.inbox.budget import Budget, tray_text
from notify.app.text_size import screen_of
from notify.app.untrusted_text import clipped


def tr(text: str) -> str:
    return QCoreApplication.translate("Tray", text)


# the count badge: white digits on red (4.8:1), in a white ring that parts it from the bell (a
# blue as light as its red) and from a dark panel, where the red alone stood 2.5:1
BADGE_FILL = "#d93025"
BADGE_RING = "#ffffff"
BADGE_TEXT = "#ffffff"
RING_SHARE = 12  # the ring's width: the icon's size / this (5 px of 64, over 1 px at 22)


def badge_rect(size: int) -> QRect:
    """Where the count's badge (its ring included) is drawn on an icon of ``size`` px: the top
    right corner, which the paused icon's pause sign keeps clear of (tray-paused.svg)."""
    return QRect(size // 2 - 4, 0, size // 2 + 4, size // 2 + 4)


def badge_icon(base: QIcon, count: int, size: int = 64) -> QIcon:
    """The tray icon with the count of new notified stories drawn in a corner, in a ring that
    reads on a dark and a light panel alike (``tests/app/test_tray_icon.py`` measures it)."""
    pixmap = base.pixmap(size, size)
    if count <= 0:
        return QIcon(pixmap)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = str(count) if count < 100 else "99+"
    rect = badge_rect(size)
    ring = max(1, size // RING_SHARE)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(BADGE_RING))
    painter.drawEllipse(rect)
    disc = rect.adjusted(ring, ring, -ring, -ring)
    painter.setBrush(QColor(BADGE_FILL))
    painter.drawEllipse(disc)
    font = QFont()
    font.setBold(True)
    # as large as fits in the disc, within the ring ("99+" was drawn over it)
    font.setPixelSize(size // 3)
    while (font.pixelSize() > size // 6
           and QFontMetrics(font).horizontalAdvance(text) > disc.width() - 2):
        font.setPixelSize(font.pixelSize() - 1)
    painter.setFont(font)
    painter.setPen(QColor(BADGE_TEXT))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    def __init__(self, actions: AppActions | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actions = actions if actions is not None else AppActions(self)
        self._base = QIcon(str(TRAY_ICON))
        self._paused_icon = QIcon(str(TRAY_PAUSED_ICON))
        self.count = 0
        self.paused = False
        self.paused_until = ""  # "until 14:30", "until you resume"
        self.quiet = False
        self.quiet_until = ""  # "until 07:00"
        self.last_poll: float | None = None
        self.last_result = ""  # what the last round found, in words
        self.failing: list[str] = []
        self.budget = Budget()  # today's (``inbox/budget.py``): said once used and exceeded
        self.polling = False
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.menu.setAccessibleName(tr("Notify menu"))
        self.menu.addAction(self.actions.action("inbox"))
        self.actions.add_app_commands(self.menu)  # (Resume says until when as it opens)
        self.menu.aboutToShow.connect(self._menu_opening)
        # what the menu says may change while it is open (the pause, learnt from the engine
        # as it opens): it is kept on the screen
        for action in self.menu.actions():
            action.changed.connect(self._menu_changed)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self._refresh()

    def action(self, key: str) -> QAction:
        return self.actions.action(key)

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

    def set_paused(self, paused: bool, until: str = "") -> None:
        """``until``: when the pause ends, in words ("until 14:30")."""
        self.paused = paused
        self.paused_until = until if paused else ""
        self._refresh()

    def set_quiet(self, on: bool, until: str = "") -> None:
        """``until``: when the quiet hours end, in words ("until 07:00")."""
        self.quiet = on
        self.quiet_until = until if on else ""
        self._refresh()

    def set_budget(self, state: Budget) -> None:
        self.budget = state
        self._refresh()

    def set_polling(self, polling: bool) -> None:
        self.polling = polling
        self._refresh()

    def set_poll_status(self, last_poll: float | None, failing: list[str],
                        result: str = "") -> None:
        """``result``: what the round found, in words ("12 sources checked, 5 new items")."""
        self.polling = False
        self.last_poll = last_poll
        self.last_result = result
        self.failing = list(failing)
        self._refresh()

    def set_failing(self, failing: list[str]) -> None:
        """The sources failing now changed (one removed, one working again)."""
        self.failing = list(failing)
        self._refresh()

    def tooltip(self) -> str:
        lines = [tr("Notify")]
        if self.count:  # stories: one told by several sources is one (``tray_count.py``)
            lines.append(tr("1 new story") if self.count == 1
                         else tr("{0} new stories").format(self.count))
        if self.budget.spent:
            lines.append(tray_text(self.budget))
        if self.paused:
            lines.append(tr("Notifications paused {0}").format(self.paused_until).rstrip())
        if self.quiet:
            lines.append(tr("Quiet hours {0}: notifications are held for the digest").format(
                self.quiet_until).replace("  ", " "))
        if self.polling:
            lines.append(tr("Polling…"))
        if self.last_poll:
            at = time.strftime("%H:%M", time.localtime(self.last_poll))
            lines.append(tr("Last poll at {0}: {1}").format(at, self.last_result)
                         if self.last_result else tr("Last poll at {0}").format(at))
        else:
            lines.append(tr("Not polled yet"))
        if self.failing:
            # source names: one line each, no bidi controls (the menu itself shows no data)
            shown = ", ".join(clipped(name, 60) for name in self.failing[:5])
            more = len(self.failing) - 5
            if more > 0:
                shown += tr(" and {0} more").format(more)
            lines.append(tr("Failing: {0}").format(shown))
        return "\n".join(lines)

    def inbox_text(self) -> str:
        """The menu's Open inbox, with the count the badge shows ("Open inbox (2 new)")."""
        return tr("Open inbox ({0} new)").format(self.count) if self.count else tr("Open inbox")

    def _refresh(self) -> None:
        base = self._paused_icon if self.paused else self._base
        self.icon.setIcon(badge_icon(base, self.count))
        self.icon.setToolTip(self.tooltip())
        # the menu says what the badge says, in the same step
        self.actions.action("inbox").setText(self.inbox_text())

    def _menu_opening(self) -> None:
        """The menu is about to show: the tooltip's "paused until …" is said as of now too
        (after midnight "until tomorrow 07:00" is "until 07:00")."""
        words = self.actions.pause_words()
        if self.paused and words and words != self.paused_until:
            self.paused_until = words
            self._refresh()

    def _menu_changed(self) -> None:
        if self.menu.isVisible():
            QTimer.singleShot(0, self._keep_menu_on_screen)

    def _keep_menu_on_screen(self) -> None:
        """The open menu at its new size, moved back within its screen: a QMenu grows to the
        right and down from where it opened, so "Resume notifications (paused until 21:11)",
        learnt after it opened at the screen's right edge, ran past it, cut."""
        menu = self.menu
        if not menu.isVisible():
            return
        size = menu.sizeHint()
        screen = screen_of(menu)  # (not ``menu.screen()``: text_size.screen_of says why)
        if screen is None:
            return
        area = screen.availableGeometry()
        x = max(area.left(), min(menu.x(), area.right() + 1 - size.width()))
        y = max(area.top(), min(menu.y(), area.bottom() + 1 - size.height()))
        menu.resize(size)
        if (x, y) != (menu.x(), menu.y()):
            menu.move(x, y)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.actions.action("inbox").trigger()

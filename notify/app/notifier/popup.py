"""Notify's own small notification windows, used when no notification server is running.

Same buttons as a desktop bubble (Like / Dismiss / Open; "Show in Notify" for a bubble of
several stories, ``base.one_story``), same reactions out. Made so that a click lands on the
notification the person aimed at:

- Popups **stack** (up to ``MAX_SHOWN`` at once); a popup never moves and never changes its
  content. A later one waits until there is room.
- A popup's buttons take clicks only ``CLICK_GUARD_MS`` after it appeared: a click meant for
  the popup that just closed cannot land on the one that appeared in its place.
- A popup expires unread after ``EXPIRE_MS`` (recorded as "ignore" for one story; several
  stories expiring teach nothing), but never while the pointer is on it: the timer starts
  again when the pointer leaves.
- The stack sits in the corner of the screen's available area away from the tray: at the
  bottom when the tray (or a panel) is at the top, else at the top.
- A header says whose it is (Notify's icon and name, as a desktop bubble does) and has a
  close button: closing is not a reaction, as closing a desktop bubble is not (Dismiss
  teaches "not interested").
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QEnterEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from notify.app.elided_label import ElidedLabel
from notify.app.icons import APP_ICON
from notify.app.notifier.base import (
    ACTION_DISMISS,
    ACTION_IGNORE,
    ACTION_INBOX,
    ACTION_LIKE,
    ACTION_OPEN,
    Notifier,
    body_text,
    one_story,
    reaction_to,
    summary_text,
)
from notify.app.qtcompat import emit
from notify.app.text_size import text_size
from notify.core.events import NotificationPlanned

EXPIRE_MS = 30_000
CLICK_GUARD_MS = 600
MAX_SHOWN = 3
MARGIN = 16  # from the screen's edge
GAP = 8  # between two popups
TITLE_LINES = 2
BODY_CHARS = 600
WIDTH_IN_CHARS = 67  # 400 px at the usual 9 pt; wider for a larger font
# its background and border in the theme's colours: a style sheet takes them from the palette
# once, when it is set (``changeEvent`` sets it again when the theme changes)
POPUP_STYLE = ("#notify-popup { background: palette(window); "
               "border: 1px solid palette(mid); border-radius: 6px; }")


def tr(text: str) -> str:
    return QCoreApplication.translate("PopupNotifier", text)


class PopupWindow(QWidget):
    """One notification: title, body, why, and the three buttons."""

    def __init__(self, note: NotificationPlanned, notifier: PopupNotifier) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint
                         | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)  # no focus stealing
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setObjectName("notify-popup")
        self.setStyleSheet(POPUP_STYLE)
        self.note = note
        self._notifier = notifier
        self._done = False
        self.setWindowTitle(tr("Notify"))
        self.setAccessibleName(tr("Notification: {0}").format(summary_text(note)))
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        title = ElidedLabel(TITLE_LINES)
        title.setObjectName("popup-title")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.set_full_text(summary_text(note))
        title.setAccessibleName(tr("Notification title"))
        body = QLabel(clipped_lines(body_text(note, markup=False)))
        body.setTextFormat(Qt.TextFormat.PlainText)  # the item's text is never markup here
        body.setWordWrap(True)
        body.setAccessibleName(tr("Notification text"))
        layout.addWidget(title)
        layout.addWidget(body)
        row = QHBoxLayout()
        self.buttons: list[QPushButton] = []
        choices = (((ACTION_LIKE, tr("Like")), (ACTION_DISMISS, tr("Dismiss")),
                    (ACTION_OPEN, tr("Open"))) if one_story(note)
                   else ((ACTION_INBOX, tr("Show in Notify")),))
        for action, label in choices:
            button = QPushButton(label)
            button.setObjectName(f"popup-{action}")
            button.setAccessibleName(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=action: self.react(a))
            row.addWidget(button)
            self.buttons.append(button)
        layout.addLayout(row)
        # One width for all, known before the popup shows: the title is wrapped for it now
        # (wrapped later, on show, it took a line from the text below it), and a long
        # unbroken word in the text does not widen the popup.
        width = text_size(self, WIDTH_IN_CHARS, 0).width()
        self.setFixedWidth(width)
        margins = layout.contentsMargins()
        title.resize(width - margins.left() - margins.right(), title.height())
        title.set_full_text(summary_text(note))
        self._expire = QTimer(self)
        self._expire.setSingleShot(True)
        self._expire.timeout.connect(self._expired)
        self._guard = QTimer(self)
        self._guard.setSingleShot(True)
        self._guard.timeout.connect(lambda: self._set_clickable(True))

    def _header(self) -> QHBoxLayout:
        """Notify's icon and name, and the close button."""
        row = QHBoxLayout()
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(QIcon(str(APP_ICON)).pixmap(size, size))
        name = QLabel(tr("Notify"))
        name.setObjectName("popup-app")
        name.setAccessibleName(tr("From Notify"))
        self.close_button = QToolButton()
        self.close_button.setObjectName("popup-close")
        self.close_button.setAutoRaise(True)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(tr("Close this notification"))
        self.close_button.setToolTip(tr("Close (it stays in the inbox; Notify learns nothing "
                                        "from this)"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.close_quietly)
        row.addWidget(icon)
        row.addWidget(name, 1)
        row.addWidget(self.close_button)
        return row

    @property
    def clickable(self) -> bool:
        return all(b.isEnabled() for b in (*self.buttons, self.close_button))

    def _set_clickable(self, on: bool) -> None:
        for button in (*self.buttons, self.close_button):
            button.setEnabled(on)

    def close_quietly(self) -> None:
        """The close button: the popup goes, nothing is reported (no reaction, no "ignore")."""
        if self._done or not self.clickable:
            return
        self._done = True
        self._expire.stop()
        self.close()
        self._notifier._closed(self)

    def present(self, position: QPoint) -> None:
        self.move(position)
        self._set_clickable(False)  # a click aimed at what was there before must not land here
        self.show()
        self._guard.start(CLICK_GUARD_MS)
        self._expire.start(EXPIRE_MS)

    def event(self, event: QEvent) -> bool:
        """The application's theme changed (light to dark): the style sheet is set again, so
        the popup takes the new palette's colours (it stayed light on a dark desktop)."""
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.setStyleSheet("")  # (the same sheet again would be ignored)
            self.setStyleSheet(POPUP_STYLE)
        return super().event(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._expire.stop()  # being read: it does not expire under the pointer
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if not self._done:
            self._expire.start(EXPIRE_MS)
        super().leaveEvent(event)

    def _expired(self) -> None:
        if self.underMouse():
            self._expire.start(EXPIRE_MS)
            return
        self.react(ACTION_IGNORE)

    def react(self, action: str) -> None:
        if self._done or (action != ACTION_IGNORE and not self.clickable):
            return
        self._done = True
        self._expire.stop()
        if action != ACTION_IGNORE or one_story(self.note):
            emit(self._notifier.reacted, reaction_to(self.note, action))
        self.close()
        self._notifier._closed(self)


def clipped_lines(text: str, limit: int = BODY_CHARS) -> str:
    """``text`` (lines kept) cut at ``limit`` characters: the window stays a small window."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def stack_at_bottom(available: QRect, screen: QRect, tray: QRect | None) -> bool:
    """Should the popups stack up from the bottom of ``available`` (the screen minus its
    panels), to keep clear of the tray? Yes when the tray is in the screen's upper half, or,
    where it is unknown, when a panel takes the top of the screen."""
    if tray is not None and tray.isValid() and not tray.isEmpty():
        return tray.center().y() < screen.center().y()
    return available.top() > screen.top() and available.bottom() >= screen.bottom()


def free_position(available: QRect, size: QSize, taken: list[QRect], *,
                  bottom: bool) -> QPoint | None:
    """Where a popup of ``size`` goes at the right of ``available``: as near the corner as it
    fits without touching a popup already there (``taken``); None when the column is full."""
    x = available.right() - MARGIN - size.width() + 1
    if bottom:
        tops = [available.bottom() - MARGIN - size.height() + 1]
        tops += [r.top() - GAP - size.height() for r in taken]
        tops.sort(reverse=True)  # nearest the bottom first
    else:
        tops = [available.top() + MARGIN] + [r.bottom() + 1 + GAP for r in taken]
        tops.sort()
    for top in tops:
        spot = QRect(QPoint(x, top), size)
        inside = available.top() <= spot.top() and spot.bottom() <= available.bottom()
        if inside and not any(spot.adjusted(0, -GAP + 1, 0, GAP - 1).intersects(r)
                              for r in taken):
            return spot.topLeft()
    return None


class PopupNotifier(Notifier):
    """Shows up to ``MAX_SHOWN`` popups stacked in a corner; later ones wait for room."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.shown: list[PopupWindow] = []
        self._queue: deque[NotificationPlanned] = deque()

    @property
    def current(self) -> PopupWindow | None:
        """The oldest popup on screen (None: none)."""
        return self.shown[0] if self.shown else None

    @property
    def waiting(self) -> int:
        return len(self._queue)

    def present(self, note: NotificationPlanned) -> None:
        self._queue.append(note)  # in order: none overtakes one already waiting
        self._fill()

    def _fill(self) -> None:
        """Show waiting notes while the column has room for them."""
        while self._queue and len(self.shown) < MAX_SHOWN:
            window = PopupWindow(self._queue[0], self)
            window.adjustSize()
            position = self._position(window)
            if position is None and self.shown:  # no room left: wait for a popup to close
                window.deleteLater()
                return
            self._queue.popleft()
            self.shown.append(window)
            window.present(position or QPoint(MARGIN, MARGIN))

    def _position(self, window: PopupWindow) -> QPoint | None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return QPoint(MARGIN, MARGIN)
        tray = self._tray_area() if self._tray_area is not None else None
        if tray is not None and tray.isValid() and not tray.isEmpty():
            screen = QGuiApplication.screenAt(tray.center()) or screen
        available = screen.availableGeometry()
        taken = [w.frameGeometry() for w in self.shown]
        return free_position(available, window.frameGeometry().size(), taken,
                             bottom=stack_at_bottom(available, screen.geometry(), tray))

    def _closed(self, window: PopupWindow) -> None:
        if window in self.shown:
            self.shown.remove(window)
            window.deleteLater()
        self._fill()

    def close_all(self) -> None:
        self._queue.clear()
        for window in self.shown:
            window._done = True
            window.close()
            window.deleteLater()
        self.shown.clear()

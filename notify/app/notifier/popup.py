"""Notify's own small notification window, used when no notification server is running.

Same buttons as a desktop bubble (Like / Dismiss / Open), same reactions out.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from notify.app.elided_label import ElidedLabel
from notify.app.notifier.base import (
    ACTION_DISMISS,
    ACTION_IGNORE,
    ACTION_LIKE,
    ACTION_OPEN,
    BubbleReaction,
    Notifier,
    body_text,
    summary_text,
)
from notify.app.qtcompat import emit
from notify.core.events import NotificationPlanned

EXPIRE_MS = 30_000
TITLE_LINES = 2
BODY_CHARS = 600


def tr(text: str) -> str:
    return QCoreApplication.translate("PopupNotifier", text)


class PopupWindow(QWidget):
    """One notification: title, body, why, and the three buttons."""

    def __init__(self, note: NotificationPlanned, notifier: PopupNotifier) -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.note = note
        self._notifier = notifier
        self._done = False
        self.setWindowTitle(tr("Notify"))
        self.setAccessibleName(tr("Notification: {0}").format(summary_text(note)))
        layout = QVBoxLayout(self)
        title = ElidedLabel(TITLE_LINES)
        title.setObjectName("popup-title")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.set_full_text(summary_text(note))
        title.setAccessibleName(tr("Notification title"))
        body = QLabel(clipped_lines(body_text(note, markup=False)))
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setWordWrap(True)
        body.setAccessibleName(tr("Notification text"))
        layout.addWidget(title)
        layout.addWidget(body)
        row = QHBoxLayout()
        for action, label in ((ACTION_LIKE, tr("Like")), (ACTION_DISMISS, tr("Dismiss")),
                              (ACTION_OPEN, tr("Open"))):
            button = QPushButton(label)
            button.setObjectName(f"popup-{action}")
            button.setAccessibleName(label)
            button.clicked.connect(lambda _=False, a=action: self.react(a))
            row.addWidget(button)
        layout.addLayout(row)
        self.setMinimumWidth(360)
        self.setMaximumWidth(520)  # a long unbroken word in the text does not widen it
        self._expire = QTimer(self)
        self._expire.setSingleShot(True)
        self._expire.timeout.connect(lambda: self.react(ACTION_IGNORE))

    def present(self) -> None:
        self.adjustSize()
        screen = QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 16, area.top() + 16)
        self.show()
        self._expire.start(EXPIRE_MS)

    def react(self, action: str) -> None:
        if self._done:
            return
        self._done = True
        self._expire.stop()
        n = self.note
        emit(self._notifier.reacted, BubbleReaction(n.notification_id, n.item_ids, action, n.links))
        self.close()
        self._notifier._closed(self)


def clipped_lines(text: str, limit: int = BODY_CHARS) -> str:
    """``text`` (lines kept) cut at ``limit`` characters: the window stays a small window."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class PopupNotifier(Notifier):
    """Shows one popup at a time; later ones wait their turn."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.current: PopupWindow | None = None
        self._queue: deque[NotificationPlanned] = deque()

    def show(self, note: NotificationPlanned) -> None:
        if self.current is None:
            self.current = PopupWindow(note, self)
            self.current.present()
        else:
            self._queue.append(note)

    def _closed(self, window: PopupWindow) -> None:
        if self.current is window:
            self.current = None
            window.deleteLater()
        if self._queue:
            self.show(self._queue.popleft())

    def close_all(self) -> None:
        self._queue.clear()
        if self.current is not None:
            self.current._done = True
            self.current.close()
            self.current.deleteLater()
            self.current = None

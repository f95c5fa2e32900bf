"""Quiet hours as the app shows them: while they are on, the tray's tooltip and the inbox's
footer say so, and until when (items are then held for the digest, delivered when they end).

``QuietWatch`` asks the engine (``Engine.quiet_hours``) when the engine starts, when the quiet
hours' settings change (in Settings, or ``notify settings set`` in a terminal:
``SettingsChanged``), and at their next start or end, by one single-shot timer: twice a day
at most, nothing in between (an idle Notify stays idle).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from notify.app import operations as ops
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.core.settings import QUIET_KEYS

log = logging.getLogger(__name__)

# a timer longer than Qt's int milliseconds is cut to this; the watch then looks again
MAX_WAIT_MS = 2**31 - 1


def tr(text: str) -> str:
    return QCoreApplication.translate("QuietHours", text)


def quiet_text(ends_at: float | None) -> str:
    """"until 07:00" (empty when the end is not known)."""
    if ends_at is None:
        return ""
    return tr("until {0}").format(time.strftime("%H:%M", time.localtime(ends_at)))


class QuietWatch(QObject):
    changed = Signal(bool, str)  # on, until when in words ("until 07:00")

    def __init__(self, bridge: EngineBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.on = False
        self.until = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.read)
        bridge.settingsChanged.connect(self._settings_changed)

    def read(self) -> None:
        """Ask the engine whether it is quiet hours now (on its thread)."""
        if not self.bridge.running:
            return
        ops.Op(self, lambda engine: engine.quiet_hours(), self._got).failure(
            lambda err: log.warning("could not read the quiet hours: %s", err)
        ).run_in_background(self.bridge)

    def _settings_changed(self, event: Any) -> None:
        if set(getattr(event, "keys", ())) & set(QUIET_KEYS):
            self.read()

    def _got(self, state: Any) -> None:
        self._timer.stop()
        if state.next_change is not None:
            wait_ms = (state.next_change - time.time()) * 1000 + 500
            self._timer.start(int(min(max(wait_ms, 0), MAX_WAIT_MS)))
        on, until = bool(state.on), quiet_text(state.ends_at) if state.on else ""
        if (on, until) != (self.on, self.until):
            self.on, self.until = on, until
            emit(self.changed, on, until)

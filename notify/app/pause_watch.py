"""The pause as the app holds it (the tray's and the inbox's "Pause notifications"): until
when, set here or by another process (``notify pause`` in a terminal), and its end in words.

``PauseWatch`` keeps ``notify.paused_until`` as the engine stores it: a pause chosen here is
shown at once and saved; the stored value is read when the engine starts and when the settings
changed (``SettingsChanged``). A read asked before the pause was last set here answers with an
older state and is ignored. A pause that ends by itself ends here too, by one single-shot timer.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from notify.app import operations as ops
from notify.app.actions import PAUSE_HOUR, PAUSE_TOMORROW
from notify.app.bridge import EngineBridge
from notify.app.qtcompat import emit
from notify.core import pause as pausing

log = logging.getLogger(__name__)
PAUSED_SETTING = pausing.PAUSED_UNTIL
# a timer longer than Qt's int milliseconds is cut to this; the pause is looked at again then
MAX_WAIT_MS = 2**31 - 1


def tr(text: str) -> str:
    return QCoreApplication.translate("Shell", text)


def pause_until(choice: str, now: float | None = None) -> float:
    """POSIX time the pause ends (-1: until resumed), as ``notify.paused_until`` stores it."""
    now = time.time() if now is None else now
    if choice == PAUSE_HOUR:
        return now + 3600
    if choice == PAUSE_TOMORROW:
        return pausing.until_tomorrow(now)
    return pausing.UNTIL_RESUMED


def pause_text(until: float, now: float | None = None) -> str:
    """When a pause ends, in words: "until 14:30", "until tomorrow 07:00", "until you
    resume"."""
    if until == -1:
        return tr("until you resume")
    now = time.time() if now is None else now
    end = dt.datetime.fromtimestamp(until).astimezone()
    today = dt.datetime.fromtimestamp(now).astimezone().date()
    clock = end.strftime("%H:%M")
    if end.date() == today:
        return tr("until {0}").format(clock)
    if end.date() == today + dt.timedelta(days=1):
        return tr("until tomorrow {0}").format(clock)
    return tr("until {0}").format(end.strftime("%a %d %b %H:%M"))


class PauseWatch(QObject):
    """``changed(paused, until)`` whenever the pause is set, read or ends by itself (``until``
    in words, "" when not paused)."""

    changed = Signal(bool, str)

    def __init__(self, bridge: EngineBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.until = 0.0  # as stored: 0 not paused, -1 until resumed, else a POSIX time
        # how many times the pause was set here: a read of the stored pause asked before the
        # last change answers with an older state, and is ignored (``_got``)
        self._changes = 0
        self._end = QTimer(self)  # a pause that ends by itself: show it ended
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.show)
        bridge.settingsChanged.connect(self._settings_changed)

    def is_paused(self, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return self.until == -1 or self.until > now

    def choose(self, choice: str) -> None:
        """One of the Pause menu's choices (an hour, until tomorrow, until resumed)."""
        self.set(pause_until(choice))

    def set(self, until: float) -> None:
        """Pause until ``until`` (0: resume): shown at once, then saved."""
        self._changes += 1  # any read asked before now is older than this
        self.until = until
        self.show()
        ops.Op(self, lambda engine: engine.set_setting(PAUSED_SETTING, until)).failure(
            lambda err: log.error("saving the pause failed: %s", err)
        ).run_in_background(self.bridge)

    def read(self) -> None:
        """Read the stored pause (at start, after a change by another process). The engine
        answers later: the answer counts only if the pause was not set here meanwhile (a pause
        chosen a moment after the start must not be ended by the start's read)."""
        if not self.bridge.running:
            return
        asked = self._changes
        ops.Op(self, lambda engine: engine.setting(PAUSED_SETTING),
               lambda value: self._got(value, asked)
               ).failure(lambda err: log.warning("pause state unknown: %s", err)
                         ).run_in_background(self.bridge)

    def _settings_changed(self, event: Any) -> None:
        if PAUSED_SETTING in getattr(event, "keys", ()):
            self.read()  # the tray, the inbox's footer and the menus show it

    def _got(self, value: Any, asked: int) -> None:
        if asked != self._changes:
            # read before the pause was last set here: that newer state is being saved, and
            # its save announces itself (``SettingsChanged``), which reads the pause again
            log.debug("a read of the pause older than the last change ignored: %r", value)
            return
        try:
            self.until = float(value or 0.0)
        except (TypeError, ValueError):
            log.warning("the stored pause %r is not a time: not paused", value)
            self.until = 0.0
        self.show()

    def show(self) -> None:
        """Say the pause (``changed``); when it ends by itself, say that too, then."""
        paused = self.is_paused()
        self._end.stop()
        if paused and self.until > 0:
            left_ms = (self.until - time.time()) * 1000
            self._end.start(int(min(max(left_ms, 0) + 500, MAX_WAIT_MS)))
        emit(self.changed, paused, pause_text(self.until) if paused else "")

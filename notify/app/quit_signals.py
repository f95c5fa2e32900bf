"""SIGTERM (logout, ``kill``, systemd), SIGINT (Ctrl+C in a terminal) and SIGHUP (the terminal
closed) as a Qt signal, so that the app quits the way its Quit command does: the engine stopped,
its thread joined, exit status 0.

Python runs a signal handler only between two bytecodes of the main thread, and an idle app's
main thread sits inside Qt's event loop (C++), for hours if nothing happens: a handler set with
``signal.signal`` alone would run at the next Qt event, or never. So the handler's C half writes
the signal's number to a socket (``signal.set_wakeup_fd``) and a ``QSocketNotifier`` wakes the
Qt loop, which reads it and emits ``received``. Idle, this costs nothing (no timer).
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from notify.app.qtcompat import emit

log = logging.getLogger(__name__)
QUIT_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

_Handler = Callable[[int, FrameType | None], Any] | int | None


def _noted(_signum: int, _frame: FrameType | None) -> None:
    """The Python half of the handler: nothing to do, the wakeup socket carries the signal."""


class QuitSignals(QObject):
    """Emits ``received(signum)`` on the GUI thread for each of ``signals`` the process gets.
    Must be made on the main thread; ``close()`` puts the earlier handlers back."""

    received = Signal(int)

    def __init__(self, signals: Iterable[signal.Signals] = QUIT_SIGNALS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._earlier_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._earlier: dict[signal.Signals, _Handler] = {}
        for signum in signals:
            self._earlier[signum] = signal.signal(signum, _noted)
        notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        notifier.activated.connect(self._drain)
        self._notifier: QSocketNotifier | None = notifier

    def _drain(self) -> None:
        try:
            data = self._read.recv(64)
        except BlockingIOError:
            return
        for signum in data:
            if signum in self._earlier:
                log.info("got %s: quitting", signal.Signals(signum).name)
                emit(self.received, signum)

    def close(self) -> None:
        """Stop listening; the handlers (and wakeup fd) from before are back."""
        notifier, self._notifier = self._notifier, None
        if notifier is None:
            return
        notifier.setEnabled(False)
        notifier.activated.disconnect(self._drain)
        for signum, handler in self._earlier.items():
            # None: a handler not set from Python; the default is the closest to it
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        signal.set_wakeup_fd(self._earlier_fd)
        self._read.close()
        self._write.close()

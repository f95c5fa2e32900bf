"""SIGTERM (logout), SIGINT and SIGHUP reach the Qt loop as a signal, even while it is idle."""

from __future__ import annotations

import os
import signal

from pytestqt.qtbot import QtBot

from notify.app.quit_signals import QuitSignals


def test_a_signal_wakes_the_idle_qt_loop_and_handlers_come_back(qtbot: QtBot) -> None:
    before = signal.getsignal(signal.SIGTERM)
    signals = QuitSignals()
    try:
        with qtbot.waitSignal(signals.received, timeout=5000) as blocker:
            os.kill(os.getpid(), signal.SIGTERM)  # the process lives on: only told to quit
        assert blocker.args == [signal.SIGTERM]
        with qtbot.waitSignal(signals.received, timeout=5000) as blocker:
            os.kill(os.getpid(), signal.SIGHUP)
        assert blocker.args == [signal.SIGHUP]
    finally:
        signals.close()
    assert signal.getsignal(signal.SIGTERM) == before
    signals.close()  # twice: nothing more to do

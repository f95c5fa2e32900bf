"""The collector's full passes: not automatic while the app runs, one after each poll round."""

from __future__ import annotations

import gc
import weakref

from pytestqt.qtbot import QtBot

from notify.app.bridge import EngineBridge
from notify.app.collector import NEVER, FullPasses
from notify.app.qtcompat import emit
from notify.core.events import PollFinished, PollSummary


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_a_full_pass_runs_after_a_round_and_not_before(qtbot: QtBot) -> None:
    before = gc.get_threshold()
    bridge = EngineBridge(lambda _listener: None)
    passes = FullPasses(bridge)
    try:
        assert gc.get_threshold() == (before[0], before[1], NEVER)
        passes.timer.setInterval(0)
        node = Node()
        gone = weakref.ref(node)
        gc.collect(1)  # it survives the young generations' pass: in generation 2 now
        del node  # garbage now, that only a full pass finds
        gc.collect(1)
        assert gone() is not None and passes.passes == 0
        emit(bridge.pollFinished, PollFinished(PollSummary(0.0, 1.0)))
        qtbot.waitUntil(lambda: passes.passes == 1, timeout=5000)
        assert gone() is None
    finally:
        passes.restore()
    assert gc.get_threshold() == before
